#pragma once

#include "common/progress.h"
#include "embed/embedding_matrix.h"

#include <cstddef>
#include <vector>

namespace crsw {

/// Principal component analysis of the rows of an EmbeddingMatrix: the map's
/// default 2-D layout, and the 50-D pre-reduction of t-SNE.
///
/// Exact and deterministic: the d x d covariance is accumulated in blocks of
/// centred rows with OpenBLAS ssyrk (float within a block, double across
/// blocks, so 200,000 rows lose no precision) and diagonalised in double
/// (Eigen's self-adjoint solver up to d = 1024, block subspace iteration with
/// Rayleigh-Ritz above). Blocks run on `threads` workers with single-threaded
/// BLAS and are summed in block order, so the result has the same bits for
/// any thread count. Cost O(n d^2 + d^3); reads the matrix three times
/// (mean, covariance, projection), so a memory-mapped .npy is never copied.
/// Signs follow scikit-learn (>= 1.5): the largest-magnitude loading of
/// each component is positive.
class PcaProjection {
public:
    struct Options {
        std::size_t components = 2; ///< k: output dimension (at most d)
        std::size_t blockRows = 2048; ///< rows centred and multiplied at a time
        int threads = 0;              ///< 0: every core
    };

    struct Result {
        EmbeddingMatrix coords;                 ///< n x k: the centred rows projected on the components
        std::vector<double> mean;               ///< d: the column means
        std::vector<double> components;         ///< k x d row-major: unit principal axes, by falling variance
        std::vector<double> explainedVariance;  ///< k: eigenvalues of the covariance (ddof = 1)
        double totalVariance = 0.0;             ///< trace of the covariance: the sum over all d
        /// Share of the total variance of component c (0 when the total is 0).
        double explainedRatio(std::size_t c) const
        {
            return totalVariance > 0.0 ? explainedVariance[c] / totalVariance : 0.0;
        }
    };

    /// Fits the components on every row of `x` and projects every row.
    /// Throws crsw::Error for an empty matrix, fewer than 2 rows, components
    /// of 0 or above d, or a non-finite value. Cancellable between blocks.
    static Result compute(const EmbeddingMatrix &x, const Options &options, Progress &progress);
};

} // namespace crsw
