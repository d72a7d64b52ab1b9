#pragma once

#include <cstdint>
#include <string_view>

namespace crsw {

/// One item kept in a SeedCorpus. Strings are views into the corpus's storage;
/// categories, features, description and the item's reviews are reached
/// through SeedCorpus accessors (they live in shared flat arrays).
struct CorpusItem {
    std::string_view title;
    std::string_view subtitle;
    std::string_view store;
    std::string_view author;
    std::string_view priceText;         ///< the price when the file gave it as text
    std::string_view details;           ///< compact JSON object text, or empty
    double price = 0.0;                 ///< NaN unless the file gave a number
    float averageRating = 0.0f;         ///< NaN when absent
    std::uint32_t ratingNumber = 0;
    std::uint32_t asin = 0;             ///< index of SeedCorpus::asin(): the parent_asin
    std::uint32_t mainCategory = 0;     ///< index of SeedCorpus::category(), or kNone
    std::uint32_t categoriesBegin = 0;  // ranges into the corpus's flat arrays
    std::uint32_t categoriesCount = 0;
    std::uint32_t featuresBegin = 0;
    std::uint32_t featuresCount = 0;
    std::uint32_t descriptionBegin = 0;
    std::uint32_t descriptionCount = 0;
    std::uint16_t imageCount = 0;
    std::uint16_t videoCount = 0;
    bool hasMetadata = true;            ///< false: made for reviews whose parent_asin had no metadata

    static constexpr std::uint32_t kNone = 0xffffffffu;
};

} // namespace crsw
