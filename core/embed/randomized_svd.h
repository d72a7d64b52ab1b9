#pragma once

#include "common/progress.h"
#include "embed/csr_matrix.h"
#include "embed/embedding_matrix.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace crsw {

/// Randomized truncated SVD of a sparse matrix (Halko, Martinsson and Tropp
/// 2011, Algorithms 4.4 and 5.1): a Gaussian test matrix from our own seeded
/// generator (SeededRandom), subspace (power) iterations re-orthonormalised by
/// QR after every product (CholeskyQR2 through OpenBLAS, Householder QR from
/// LAPACK when a block is ill-conditioned), then the exact SVD of the small
/// projected matrix (Eigen, in double). Sparse products are ours
/// (CsrMatrix::multiply) on our threads; the dense BLAS/LAPACK calls are made
/// between them, never inside, so OpenBLAS's own threads have the cores to
/// themselves. Deterministic for a seed.
class RandomizedSvd {
public:
    struct Options {
        std::size_t rank = 256;          ///< k: singular triplets wanted (lowered to min(rows, cols))
        std::size_t oversampling = 10;   ///< p: the range finder uses k + p directions
        std::size_t powerIterations = 5; ///< q
        std::uint64_t seed = 0;
        int threads = 0;                 ///< 0 = all cores
    };

    struct Result {
        std::vector<float> singularValues; ///< k, falling
        /// cols x k, row-major: column j is the j-th right singular vector
        /// (scikit-learn's components_, transposed), signed so its
        /// largest-magnitude entry is positive (the first such entry on a
        /// tie), as scikit-learn's svd_flip does. a · rightVectors projects rows.
        EmbeddingMatrix rightVectors;
        std::size_t sampledDirections = 0; ///< k + p as used (at most min(rows, cols))
    };

    /// Throws crsw::Error for an empty matrix or a non-finite value. Cancellable between products.
    static Result compute(const CsrMatrix &a, const Options &options, Progress &progress);
};

} // namespace crsw
