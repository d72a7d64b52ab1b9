#pragma once

#include "common/parallel.h"

#include <algorithm>
#include <cstddef>
#include <functional>
#include <vector>

namespace crsw {

/// A fixed partition of rows [0, n) into blocks of `blockRows` that does not
/// depend on the thread count, and an ordered reduction over it: partial
/// results are computed per block in parallel and merged strictly in block
/// order, so floating-point sums come out bit-identical with 1 or 16 threads.
class RowBlocks {
public:
    RowBlocks(std::size_t rows, std::size_t blockRows)
        : m_rows(rows), m_blockRows(std::max<std::size_t>(1, blockRows))
    {
    }

    std::size_t rows() const { return m_rows; }
    std::size_t count() const { return (m_rows + m_blockRows - 1) / m_blockRows; }
    std::size_t begin(std::size_t block) const { return block * m_blockRows; }
    std::size_t end(std::size_t block) const { return std::min(m_rows, (block + 1) * m_blockRows); }

    /// body(block, begin, end, worker) for every block, on `threads` threads
    /// (worker < threads indexes per-thread scratch).
    void run(int threads, const std::function<void(std::size_t, std::size_t, std::size_t, int)> &body) const
    {
        parallelFor(count(), threads, 1, [&](std::size_t b0, std::size_t b1, int worker) {
            for (std::size_t b = b0; b < b1; ++b)
                body(b, begin(b), end(b), worker);
        });
    }

    /// Ordered reduction. `partials` holds the slots (blocks in flight at a
    /// time, memory permitting); compute(block, begin, end, partial) fills a
    /// reset slot, merge(partial) folds it into the caller's total, called
    /// in block order on the calling thread.
    template <typename Partial, typename Reset, typename Compute, typename Merge>
    void reduce(int threads, std::vector<Partial> &partials, Reset reset, Compute compute, Merge merge) const
    {
        const std::size_t slots = std::max<std::size_t>(1, partials.size());
        for (std::size_t w0 = 0; w0 < count(); w0 += slots) {
            const std::size_t w1 = std::min(count(), w0 + slots);
            parallelFor(w1 - w0, threads, 1, [&](std::size_t s0, std::size_t s1, int) {
                for (std::size_t s = s0; s < s1; ++s) {
                    reset(partials[s]);
                    compute(w0 + s, begin(w0 + s), end(w0 + s), partials[s]);
                }
            });
            for (std::size_t s = 0; s < w1 - w0; ++s)
                merge(partials[s]);
        }
    }

private:
    std::size_t m_rows;
    std::size_t m_blockRows;
};

} // namespace crsw
