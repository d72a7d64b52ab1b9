#include "embed/projection/nearest_neighbors.h"

#include "common/parallel.h"
#include "embed/projection/single_threaded_blas.h"

#include <cblas.h>

#include <algorithm>
#include <atomic>
#include <utility>

namespace crsw {

namespace {

constexpr std::size_t kQueryBlock = 256;
constexpr std::size_t kBaseBlock = 2048;

using Candidate = std::pair<float, std::uint32_t>; // (distance², index): the pair order breaks ties by index

void squaredNorms(const float *rows, std::size_t n, std::size_t dim, std::vector<float> *out)
{
    out->resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const float *r = rows + i * dim;
        float s = 0.0f;
        for (std::size_t j = 0; j < dim; ++j)
            s += r[j] * r[j];
        (*out)[i] = s;
    }
}

} // namespace

NearestNeighbors::Result NearestNeighbors::search(const float *base, std::size_t baseRows, const float *queries,
                                                  std::size_t queryRows, std::size_t dim, std::size_t k,
                                                  bool queriesAreBase, int threads, Progress &progress)
{
    Result result;
    const std::size_t candidates = queriesAreBase ? (baseRows > 0 ? baseRows - 1 : 0) : baseRows;
    result.k = std::min(k, candidates);
    if (result.k == 0 || queryRows == 0)
        return result;
    const std::size_t kk = result.k;
    result.indices.resize(queryRows * kk);
    result.distances2.resize(queryRows * kk);

    std::vector<float> baseNorms, queryNorms;
    squaredNorms(base, baseRows, dim, &baseNorms);
    squaredNorms(queries, queryRows, dim, &queryNorms);

    const std::size_t blocks = (queryRows + kQueryBlock - 1) / kQueryBlock;
    std::atomic<std::size_t> done{0};
    // Each worker runs its own small sgemm.
    const SingleThreadedBlas singleThreaded;
    parallelFor(blocks, threads > 0 ? threads : defaultThreadCount(), 1, [&](std::size_t b0, std::size_t b1, int) {
        std::vector<float> dots(kQueryBlock * kBaseBlock);
        std::vector<std::vector<Candidate>> heaps(kQueryBlock);
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
                    std::vector<Candidate> &heap = heaps[q - q0]; // max-heap of the best kk so far
                    const float *row = dots.data() + (q - q0) * std::size_t(n);
                    for (std::size_t c = c0; c < c1; ++c) {
                        if (queriesAreBase && c == q)
                            continue;
                        // Rounding can make a near-duplicate's distance slightly negative.
                        const Candidate cand(std::max(0.0f, queryNorms[q] + baseNorms[c] - 2.0f * row[c - c0]),
                                             std::uint32_t(c));
                        if (heap.size() < kk) {
                            heap.push_back(cand);
                            std::push_heap(heap.begin(), heap.end());
                        } else if (cand < heap.front()) {
                            std::pop_heap(heap.begin(), heap.end());
                            heap.back() = cand;
                            std::push_heap(heap.begin(), heap.end());
                        }
                    }
                }
            }
            for (std::size_t q = q0; q < q1; ++q) {
                std::vector<Candidate> &heap = heaps[q - q0];
                std::sort_heap(heap.begin(), heap.end());
                for (std::size_t j = 0; j < kk; ++j) {
                    result.distances2[q * kk + j] = heap[j].first;
                    result.indices[q * kk + j] = heap[j].second;
                }
            }
            const std::size_t finished = done.fetch_add(q1 - q0) + (q1 - q0);
            progress.report(double(finished) / double(queryRows), "nearest neighbours");
        }
    });
    return result;
}

} // namespace crsw
