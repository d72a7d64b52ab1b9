#pragma once

#include "select/selection.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace crsw {

class SeedCorpus;

/// A selection as stored on disk (SEL.json, issue 3 §5): `strategy`,
/// `params` (those the strategy uses), `picks` (row indices in pick order),
/// `scores` (the score of each pick), plus the shape it chose from, where the
/// vectors came from, cluster sizes and timings. The JSON is readable without
/// the app (numbers written to round-trip exactly).
struct SelectionRecord {
    static constexpr const char *kFormat = "crsw-selection";
    static constexpr int kVersion = 1;

    SelectionResult result;       ///< clusterOf is not stored (n entries); pickClusters is
    std::size_t rows = 0;         ///< n: samples chosen from
    std::size_t dimension = 0;    ///< width of the feature vectors
    std::string embeddings;       ///< the .npy (or workspace embeddings folder) the rows are from
    nlohmann::json manifest;      ///< the workspace's embeddings manifest.json, or null
    std::string centersFile;      ///< --centers file, if any
    std::vector<std::size_t> clusterSizes;   ///< JS: rows per cluster
    std::vector<std::uint32_t> pickClusters; ///< JS: the cluster of each pick
    double totalSeconds = 0.0;
    std::string created;          ///< UTC, ISO 8601

    /// A record of `result` on n rows of width `dimension` (cluster sizes and
    /// pick clusters from result.clusterOf; `created` set to now).
    static SelectionRecord fromResult(SelectionResult result, std::size_t rows, std::size_t dimension);

    nlohmann::ordered_json toJson() const;
    /// Parses and checks a record; errors name `sourceName` and the field.
    static SelectionRecord fromJson(const nlohmann::json &json, const std::string &sourceName);

    /// Writes the JSON atomically (temporary file, fsync, rename).
    void write(const std::string &path) const;
    /// Reads and validates SEL.json. Throws crsw::Error naming the file and field.
    static SelectionRecord read(const std::string &path);

    /// The trace as CSV: step,row,score, then cluster (JS), then with a
    /// corpus whose rows match: item (parent_asin), user (user_id),
    /// reviews_file and reviews_line (where the review came from), rating.
    std::string toCsv(const SeedCorpus *corpus = nullptr) const;
    /// Writes toCsv() atomically.
    void writeCsv(const std::string &path, const SeedCorpus *corpus = nullptr) const;
};

} // namespace crsw
