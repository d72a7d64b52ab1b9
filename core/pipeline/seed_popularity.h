#pragma once

#include "common/load_report.h"
#include "common/progress.h"

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace crsw {

/// Reviews per item title in a seed corpus: streams the reviews (counting per
/// parent_asin), then the metadata (naming each counted item), in constant
/// memory per item. Items without metadata are left out and counted in
/// `itemsWithoutMetadata`. Malformed lines of both files go to `report`.
struct SeedPopularity {
    std::vector<std::pair<std::string, std::size_t>> countsByTitle;
    std::size_t reviews = 0;
    std::size_t itemsWithoutMetadata = 0;
};

SeedPopularity countReviewsPerTitle(const std::string &reviewsPath, const std::string &metadataPath,
                                    LoadReport &report, Progress &progress);

} // namespace crsw
