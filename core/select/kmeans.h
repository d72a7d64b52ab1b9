#pragma once

#include "common/progress.h"
#include "select/feature_view.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace crsw {

/// k-means over a FeatureView (METHOD.md §3.1 step 1): greedy k-means++
/// seeding (Arthur and Vassilvitskii 2007, with scikit-learn's 2 + ln K
/// local trials per centre), then Lloyd iterations, or mini-batch k-means
/// (Sculley 2010) for large n. Distances go through OpenBLAS sgemm on row
/// blocks run by parallelFor; sums are reduced in a fixed block order, so the
/// result is the same for a seed whatever the thread count.
///
/// Empty clusters (Lloyd): after an assignment, each empty cluster is moved
/// onto the sample farthest from its own centre (the next farthest for the
/// next empty cluster; ties to the lowest row), and that sample leaves its
/// old cluster, as scikit-learn does. Mini-batch: a centre keeps its seeded
/// position until a batch sample reaches it.
class KMeans {
public:
    enum class Algorithm { Auto, Lloyd, MiniBatch };

    struct Options {
        std::size_t clusters = 50;
        std::uint64_t seed = 0;
        Algorithm algorithm = Algorithm::Auto;
        /// Auto runs mini-batch from this many samples on, Lloyd below.
        std::size_t miniBatchAbove = 500000;
        /// Lloyd: at most this many iterations. Mini-batch: at most this many
        /// passes' worth of batches (n / batchSize steps each).
        int maxIterations = 300;
        /// Lloyd stops when the summed squared centre shift of an iteration is
        /// <= tolerance x the mean per-dimension variance of the data
        /// (scikit-learn's `tol`), or when no label changed.
        double tolerance = 1e-4;
        /// Lloyd also stops when an iteration lowers the inertia by less than
        /// this fraction of it (0 = off).
        double inertiaTolerance = 0.0;
        /// Mini-batch: samples per batch, and the batches without improvement
        /// of the smoothed batch inertia after which it stops.
        std::size_t batchSize = 4096;
        int maxNoImprovement = 10;
        /// Candidates tried per k-means++ centre; 0 = 2 + floor(ln K).
        int localTrials = 0;
        /// Start from these centres (clusters x dimension) instead of k-means++.
        std::vector<float> initialCenters;
        int threads = 0; ///< 0 = all cores
    };

    struct Result {
        std::size_t clusters = 0;
        std::size_t dimension = 0;
        std::vector<float> centers;            ///< clusters x dimension, row-major
        std::vector<std::uint32_t> assignment; ///< nearest centre of every row
        std::vector<std::size_t> sizes;        ///< rows per cluster
        double inertia = 0.0;                  ///< sum of squared distances to the nearest centre (exact, double)
        int iterations = 0;                    ///< Lloyd iterations or mini-batch steps
        bool converged = false;                ///< stopped by a tolerance, not by maxIterations
        Algorithm algorithm = Algorithm::Lloyd;///< the one that ran
        std::size_t emptyClustersMoved = 0;    ///< Lloyd: empty clusters re-seeded
    };

    /// Clusters the rows of `view`. Throws crsw::Error when clusters is 0 or
    /// exceeds the rows; crsw::Cancelled between row blocks.
    static Result run(const FeatureView &view, const Options &options, Progress &progress);

    /// Greedy k-means++ centres (clusters x dimension) chosen among `sample`
    /// (row indices of the view; all rows when empty). Deterministic for the seed.
    static std::vector<float> seedCenters(const FeatureView &view, const std::vector<std::uint32_t> &sample,
                                          const Options &options, Progress &progress);

    /// Nearest centre of every row and the exact inertia (double sums of
    /// (x - c)^2) for given centres; fills assignment, sizes and inertia of
    /// `result`. `norms`: the rows' squared norms when the caller has them.
    static void assignAll(const FeatureView &view, Result &result, int threads, Progress &progress,
                          const std::vector<float> *norms = nullptr);

    /// Squared norm of every row of the view (one parallel pass).
    static std::vector<float> squaredNorms(const FeatureView &view, int threads, Progress &progress);
};

} // namespace crsw
