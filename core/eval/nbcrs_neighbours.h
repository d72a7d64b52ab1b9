#pragma once

#include "common/progress.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace crsw {

/// One neighbour of a query: a base row and its inner product with the query.
struct Neighbour {
    float similarity = 0; ///< inner product: the cosine for L2-normalised rows
    std::uint32_t row = 0;
};

/// The k most similar base rows of every query, most similar first.
struct NeighbourLists {
    std::size_t k = 0;               ///< neighbours per query (capped at the base rows)
    std::vector<Neighbour> entries;  ///< queries x k, row-major

    const Neighbour *of(std::size_t query) const { return entries.data() + query * k; }
};

/// Exact maximum-inner-product search, brute force (NBCRS's similarity search):
/// blocks of queries against blocks of base rows through one BLAS sgemm each,
/// a bounded heap per query; query blocks run on `threads` threads (0 = all
/// cores). Order: higher similarity first, ties to the lower base row. Block
/// bounds do not depend on the thread count, so the result is the same bits
/// whatever the thread count. Rows are row-major float arrays of `dim`
/// columns; L2-normalised rows make the similarity the cosine. Cancellable
/// between blocks; progress is reported as the fraction of queries done.
NeighbourLists nearestByInnerProduct(const float *base, std::size_t baseRows, const float *queries,
                                     std::size_t queryRows, std::size_t dim, std::size_t k, int threads,
                                     Progress &progress);

} // namespace crsw
