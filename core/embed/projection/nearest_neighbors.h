#pragma once

#include "common/progress.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace crsw {

/// Exact k nearest neighbours by squared Euclidean distance, brute force:
/// blocks of queries against blocks of base rows through one BLAS sgemm each
/// (|q|^2 + |b|^2 - 2 q.b), a bounded heap per query. Ties go to the lower
/// base index, and block bounds do not depend on the thread count, so the
/// result is deterministic. For the t-SNE input (tens of thousands of rows of
/// dimension 50) this is faster and simpler than a tree.
class NearestNeighbors {
public:
    /// q x k neighbour lists, nearest first.
    struct Result {
        std::size_t k = 0;
        std::vector<std::uint32_t> indices; ///< q x k base row indices
        std::vector<float> distances2;      ///< q x k squared distances (>= 0)
    };

    /// The k nearest base rows of each query row (row-major float arrays of
    /// `dim` columns). With `queriesAreBase` the queries are the base rows
    /// themselves and each row is left out of its own list. k is capped at
    /// the number of candidates. Cancellable between blocks.
    static Result search(const float *base, std::size_t baseRows, const float *queries, std::size_t queryRows,
                         std::size_t dim, std::size_t k, bool queriesAreBase, int threads, Progress &progress);
};

} // namespace crsw
