#pragma once

#include <cstdint>
#include <string>

namespace crsw {

/// One review line of Amazon Reviews'23 (METHOD.md §1), as the reader parsed it.
/// The reader reuses one instance for every line, so the strings keep their
/// capacity; copy what you need to keep. Review images are counted, not stored.
struct AmazonReview {
    float rating = 0.0f;            ///< required; 1.0 to 5.0
    std::string title;              ///< optional; empty when absent or null
    std::string text;               ///< required (may be the empty string)
    std::uint32_t imageCount = 0;   ///< elements of `images`
    std::string asin;               ///< optional: the variant's own asin
    std::string parentAsin;         ///< required: joins the item metadata
    std::string userId;             ///< required
    std::int64_t timestamp = 0;     ///< ms since the epoch; 0 when absent
    std::int64_t helpfulVotes = 0;  ///< `helpful_vote`; 0 when absent
    bool verifiedPurchase = false;  ///< `verified_purchase`; false when absent
};

} // namespace crsw
