#include "pipeline/seed_popularity.h"

#include "data/amazon/amazon_reader.h"

#include <unordered_map>

namespace crsw {

SeedPopularity countReviewsPerTitle(const std::string &reviewsPath, const std::string &metadataPath,
                                    LoadReport &report, Progress &progress)
{
    SeedPopularity result;
    std::unordered_map<std::string, std::size_t> perAsin;
    Progress reviewsPart = progress.subRange(0.0, 0.8);
    AmazonReader::readReviews(
        reviewsPath,
        [&](const AmazonReview &review, std::int64_t) {
            ++perAsin[review.parentAsin];
            ++result.reviews;
        },
        report, reviewsPart);
    Progress metadataPart = progress.subRange(0.8, 1.0);
    std::size_t named = 0;
    AmazonReader::readItems(
        metadataPath,
        [&](const AmazonItem &item, std::int64_t) {
            const auto it = perAsin.find(item.parentAsin);
            if (it == perAsin.end() || it->second == 0)
                return;
            result.countsByTitle.emplace_back(item.title, it->second);
            it->second = 0; // a repeated metadata line must not count the item twice
            ++named;
        },
        report, metadataPart);
    result.itemsWithoutMetadata = perAsin.size() - named;
    return result;
}

} // namespace crsw
