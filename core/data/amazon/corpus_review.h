#pragma once

#include <cstdint>
#include <string_view>

namespace crsw {

/// One review kept in a SeedCorpus: fixed size, ids as indices, text as views
/// into the corpus's own storage (valid while the corpus lives).
struct CorpusReview {
    std::string_view title;
    std::string_view text;
    std::int64_t timestamp = 0;        ///< ms since the epoch; 0 when the file had none
    std::uint32_t item = 0;            ///< index of SeedCorpus::item()
    std::uint32_t user = 0;            ///< index of SeedCorpus::userId()
    std::uint32_t asin = 0;            ///< index of SeedCorpus::asin(): the variant's asin (the parent's when absent)
    std::uint32_t helpfulVotes = 0;
    std::uint32_t textChars = 0;       ///< length of `text` in characters (Unicode code points)
    std::uint32_t sourceLine = 0;      ///< 1-based line in its reviews file (provenance)
    float rating = 0.0f;               ///< 1 to 5
    std::uint16_t sourceFile = 0;      ///< index of the reviews file it came from
    std::uint16_t imageCount = 0;
    bool verifiedPurchase = false;
};

} // namespace crsw
