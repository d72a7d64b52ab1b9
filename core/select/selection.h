#pragma once

#include "common/progress.h"
#include "select/feature_view.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace crsw {

/// The strategies of METHOD.md §3. The METADATA_ and USER_ variants are JS or
/// FISHER run on a FeatureView with the metadata or user block added.
enum class SelectionStrategy {
    RandomUniform,
    JS,
    Fisher,
    MetadataJS,
    MetadataFisher,
    UserJS,
    UserFisher,
};

/// "RANDOM_UNIFORM", "JS", "FISHER", "METADATA_JS", ... (the names the CLI and JSON use).
std::string strategyName(SelectionStrategy strategy);
/// Parses a strategy name (case-insensitive); throws crsw::Error listing the valid names.
SelectionStrategy parseStrategy(const std::string &name);
/// The base algorithm of a strategy (JS, Fisher or RandomUniform).
SelectionStrategy baseAlgorithm(SelectionStrategy strategy);

/// Parameters of a selection (METHOD.md §3, defaults there).
struct SelectionParams {
    std::size_t budget = 0;       ///< B
    int clusters = 50;            ///< K for JS
    double tau = 1.0;             ///< softmax temperature for JS
    double lambda = 1.0;          ///< ridge of the Fisher information
    double metadataWeight = 1.0;  ///< w_m of METADATA_*
    double userWeight = 1.0;      ///< w_u of USER_*
    std::uint64_t seed = 0;       ///< k-means++ seeding and RANDOM_UNIFORM
    int threads = 0;              ///< 0 = all cores
};

/// The ordered picks and the score of each pick: the selection trace.
struct SelectionResult {
    SelectionStrategy strategy = SelectionStrategy::RandomUniform;
    SelectionParams params;
    std::vector<std::uint32_t> picks;  ///< row indices in pick order
    std::vector<double> scores;        ///< score of each pick when it was chosen
    std::vector<std::uint32_t> clusterOf; ///< JS: each row's k-means cluster (for coverage plots); else empty
    /// JS: the k-means (or given) centres, clusters x dimension row-major; else empty.
    std::vector<float> centers;
    bool centersGiven = false;    ///< JS: centres came from the caller, k-means did not run
    double kmeansInertia = 0.0;   ///< JS with k-means: sum of squared distances to the centres
    int kmeansIterations = 0;     ///< JS with k-means: Lloyd iterations or mini-batch steps
    double clusterSeconds = 0.0;  ///< JS: k-means (or centre checks) and the probabilities p_i
    double selectSeconds = 0.0;   ///< the greedy / sampling loop itself
};

/// Checks the parameters a strategy needs against a view of `rows` samples
/// (B in [1, n], K in [1, n], tau > 0, lambda > 0, finite weights >= 0).
/// Throws crsw::Error naming the parameter.
void validateSelectionParams(SelectionStrategy strategy, const SelectionParams &params, std::size_t rows);

/// Called after every pick (step, row, score) from the worker thread, so a
/// GUI can draw picks as they come; keep it cheap.
using PickObserver = std::function<void(std::size_t step, std::uint32_t row, double score)>;

} // namespace crsw
