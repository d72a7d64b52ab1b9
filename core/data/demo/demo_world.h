#pragma once

#include "common/progress.h"

#include <cstdint>
#include <string>
#include <vector>

namespace crsw {

/// What to generate. The defaults are the bundled demo (METHOD.md §9).
struct DemoWorldOptions {
    std::uint64_t seed = 7;
    int items = 400;      ///< films (>= 15, one per cluster at least)
    int users = 2000;
    int reviews = 20000;  ///< >= items + users (every film and every user has one)
    int testTurns = 300;  ///< recommendation turns of the test set (<= users)
};

/// Where the generated files go.
struct DemoWorldPaths {
    std::string reviews;    ///< Amazon Reviews'23 reviews, .jsonl.gz
    std::string metadata;   ///< Amazon Reviews'23 item metadata, .jsonl.gz
    std::string users;      ///< the users' hidden tastes, .jsonl
    std::string readme;     ///< DEMO.md: what the world is and its figures
    std::string testSet;    ///< He et al. test.jsonl
    std::string entity2id;  ///< He et al. entity2id.json
    std::string itemIds;    ///< He et al. item_ids.json

    /// seedDir/{reviews.jsonl.gz, meta.jsonl.gz, users.jsonl, DEMO.md} and
    /// benchmarkDir/{test.jsonl, entity2id.json, item_ids.json}.
    static DemoWorldPaths inFolder(const std::string &seedDir, const std::string &benchmarkDir);
};

/// Per sub-genre cluster figures.
struct DemoClusterFigures {
    std::string genre;
    std::string subgenre;
    std::string tier;          ///< "popular", "middle" or "niche"
    int items = 0;
    int reviews = 0;
    int homeUsers = 0;         ///< users whose home (first) taste it is
    int testGroundTruth = 0;   ///< ground-truth items of the test set in this cluster
    double stockShare = 0;     ///< share of its reviews that are stock opinions
};

/// The counts of a generated world and the figures that show it has the
/// structure METHOD.md §9 asks for. Shares are fractions in [0, 1].
struct DemoWorldSummary {
    std::uint64_t seed = 0;
    int items = 0;
    int users = 0;
    int reviews = 0;
    int testTurns = 0;
    int testDialogs = 0;
    int groundTruthPairs = 0;      ///< (turn, ground-truth item) pairs
    int entities = 0;
    int people = 0;
    int genreEntities = 0;         ///< genres and sub-genres
    std::vector<DemoClusterFigures> clusters;

    // Heavy tail of popularity.
    int maxItemReviews = 0;
    int medianItemReviews = 0;
    double topDecileReviewShare = 0;   ///< reviews on the 10% most reviewed films
    int itemsWithAtMost5Reviews = 0;
    // Redundancy: distinct word trigrams / all word trigrams over equally many
    // reviews of popular-tier and of niche-tier films (lower = more repetitive).
    int redundancySample = 0;          ///< reviews per side
    double popularTrigramRatio = 0;
    double nicheTrigramRatio = 0;
    // Taste.
    double meanRating = 0;
    double meanRatingFavourite = 0;    ///< reviews of films in the reviewer's favourite clusters
    double meanRatingOther = 0;
    double groundTruthFavouriteShare = 0; ///< test ground truth in the user's favourite clusters
    // Niches: their share of reviews versus of the test set.
    double nicheReviewShare = 0;
    double nicheHomeUserShare = 0;
    double nicheGroundTruthShare = 0;
    double generationSeconds = 0;      ///< not written to any file (it is not deterministic)
};

/// Generates the synthetic demo world and writes all its files (atomically).
/// Same options -> byte-identical files. Throws crsw::Error for impossible
/// options or I/O failures, crsw::Cancelled when cancelled.
DemoWorldSummary generateDemoWorld(const DemoWorldPaths &paths, const DemoWorldOptions &options, Progress &progress);

/// The summary as readable text (what DEMO.md's figures section shows).
std::string formatDemoWorldFigures(const DemoWorldSummary &summary);

} // namespace crsw
