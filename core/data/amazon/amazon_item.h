#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace crsw {

/// One item metadata line of Amazon Reviews'23 (METHOD.md §1), as the reader
/// parsed it. Optional fields that are absent or null read as empty / NaN / 0.
/// Images and videos are counted, not stored; `details` is kept as compact JSON.
struct AmazonItem {
    std::string parentAsin;               ///< required: the join key of the reviews
    std::string title;                    ///< required
    std::string mainCategory;             ///< `main_category`
    std::string subtitle;
    double averageRating = std::numeric_limits<double>::quiet_NaN(); ///< `average_rating`
    std::int64_t ratingNumber = 0;        ///< `rating_number`
    std::vector<std::string> features;
    std::vector<std::string> description; ///< paragraphs, as in the file
    double price = std::numeric_limits<double>::quiet_NaN(); ///< when `price` is a number
    std::string priceText;                ///< when `price` is a string ("from $9.99")
    std::uint32_t imageCount = 0;
    std::uint32_t videoCount = 0;
    std::string store;
    std::vector<std::string> categories;
    std::string details;                  ///< the `details` object as compact JSON text, or empty
    std::uint32_t boughtTogetherCount = 0;///< elements of `bought_together` (null in the real data)
    std::string author;                   ///< a string author, or the `name` of an author object
};

} // namespace crsw
