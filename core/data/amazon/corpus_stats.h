#pragma once

#include "data/amazon/seed_corpus.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace crsw {

/// Summary figures of a SeedCorpus for the GUI's Data page and the CLI.
struct CorpusStats {
    std::size_t items = 0;
    std::size_t itemsWithReviews = 0;
    std::size_t itemsWithoutMetadata = 0;  ///< bare items kept for reviews without metadata
    std::size_t reviews = 0;
    std::size_t users = 0;
    std::size_t categories = 0;            ///< distinct category names (main categories included)

    /// Reviews per star, [0] = 1 star ... [4] = 5 stars; a fractional rating
    /// is rounded half up (2.5 counts as 3).
    std::array<std::size_t, 5> ratingHistogram{};
    double meanRating = 0.0;
    std::size_t verifiedPurchases = 0;
    std::int64_t firstTimestamp = 0;       ///< ms since the epoch, over reviews that have one
    std::int64_t lastTimestamp = 0;

    /// Items by their number of reviews, in power-of-two buckets
    /// [1,1], [2,3], [4,7], [8,15], ...; up to the largest non-empty bucket.
    struct Bucket {
        std::uint32_t low = 0;
        std::uint32_t high = 0;
        std::size_t items = 0;
        std::size_t reviews = 0;
    };
    std::vector<Bucket> reviewsPerItem;

    /// Review text length in characters (Unicode code points); all zero without reviews.
    struct LengthSummary {
        std::uint32_t min = 0;
        std::uint32_t p10 = 0;
        std::uint32_t median = 0;
        std::uint32_t p90 = 0;
        std::uint32_t max = 0;
        double mean = 0.0;
    };
    LengthSummary textChars;

    /// Categories by the number of items that carry them (in `categories` or
    /// as main_category, counted once per item), most first, then by name.
    struct CategoryCount {
        std::string name;
        std::size_t items = 0;
        std::size_t reviews = 0;
    };
    std::vector<CategoryCount> topCategories;

    /// Computes the figures; topCategoryCount limits topCategories.
    static CorpusStats compute(const SeedCorpus &corpus, std::size_t topCategoryCount = 20);

    /// A few lines of plain text for the CLI.
    std::string toText() const;
};

} // namespace crsw
