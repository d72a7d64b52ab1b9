#include "eval/nbcrs_neighbours.h"

#include "common/parallel.h"
#include "embed/projection/single_threaded_blas.h"

#include <cblas.h>

#include <algorithm>
#include <atomic>

namespace crsw {

namespace {

// 128 queries x 4096 base rows of float = 2 MiB of products per worker: fits
// in L2 with the operand blocks on this CPU, big enough for sgemm to run at
// speed (64 and 256 measured within 10% of it in bench_nbcrs).
constexpr std::size_t kQueryBlock = 128;
constexpr std::size_t kBaseBlock = 4096;

// "Better" = more similar, ties to the lower row: a total order, so the top k
// are the same set and order whatever the blocking.
inline bool better(const Neighbour &a, const Neighbour &b)
{
    return a.similarity > b.similarity || (a.similarity == b.similarity && a.row < b.row);
}

} // namespace

NeighbourLists nearestByInnerProduct(const float *base, std::size_t baseRows, const float *queries,
                                     std::size_t queryRows, std::size_t dim, std::size_t k, int threads,
                                     Progress &progress)
{
    NeighbourLists result;
    result.k = std::min(k, baseRows);
    if (result.k == 0 || queryRows == 0)
        return result;
    const std::size_t kk = result.k;
    result.entries.resize(queryRows * kk);

    const std::size_t blocks = (queryRows + kQueryBlock - 1) / kQueryBlock;
    std::atomic<std::size_t> done{0};
    const SingleThreadedBlas singleThreaded; // each worker runs its own sgemm
    parallelFor(blocks, threads > 0 ? threads : defaultThreadCount(), 1, [&](std::size_t b0, std::size_t b1, int) {
        std::vector<float> dots(kQueryBlock * kBaseBlock);
        // heaps[q]: the best kk so far as a heap whose front is the worst of them.
        std::vector<std::vector<Neighbour>> heaps(kQueryBlock);
        for (auto &heap : heaps)
            heap.reserve(kk);
        for (std::size_t b = b0; b < b1; ++b) {
            progress.throwIfCancelled();
            const std::size_t q0 = b * kQueryBlock, q1 = std::min(queryRows, q0 + kQueryBlock);
            for (auto &heap : heaps)
                heap.clear();
            for (std::size_t c0 = 0; c0 < baseRows; c0 += kBaseBlock) {
                const std::size_t c1 = std::min(baseRows, c0 + kBaseBlock);
                const int m = int(q1 - q0), n = int(c1 - c0);
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, n, int(dim), 1.0f, queries + q0 * dim,
                            int(dim), base + c0 * dim, int(dim), 0.0f, dots.data(), n);
                for (std::size_t q = q0; q < q1; ++q) {
                    std::vector<Neighbour> &heap = heaps[q - q0];
                    const float *row = dots.data() + (q - q0) * std::size_t(n);
                    for (std::size_t c = c0; c < c1; ++c) {
                        const Neighbour cand{row[c - c0], std::uint32_t(c)};
                        if (heap.size() < kk) {
                            heap.push_back(cand);
                            std::push_heap(heap.begin(), heap.end(), better);
                        } else if (better(cand, heap.front())) {
                            std::pop_heap(heap.begin(), heap.end(), better);
                            heap.back() = cand;
                            std::push_heap(heap.begin(), heap.end(), better);
                        }
                    }
                }
            }
            for (std::size_t q = q0; q < q1; ++q) {
                std::vector<Neighbour> &heap = heaps[q - q0];
                std::sort_heap(heap.begin(), heap.end(), better); // best first
                std::copy(heap.begin(), heap.end(), result.entries.begin() + std::ptrdiff_t(q * kk));
            }
            const std::size_t finished = done.fetch_add(q1 - q0) + (q1 - q0);
            progress.report(double(finished) / double(queryRows), "nearest training conversations");
        }
    });
    return result;
}

} // namespace crsw
