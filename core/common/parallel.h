#pragma once

#include <cstddef>
#include <functional>

namespace crsw {

/// Worker threads to use by default: the machine's cores, at least 1.
int defaultThreadCount();

/// Runs body(begin, end, worker) over [0, n) split into contiguous blocks on
/// `threads` std::threads (the calling thread is one of them). Blocks are
/// handed out dynamically in pieces of `grain` so uneven work balances. The
/// first exception thrown by a body is rethrown after all workers stop.
void parallelFor(std::size_t n, int threads, std::size_t grain,
                 const std::function<void(std::size_t begin, std::size_t end, int worker)> &body);

} // namespace crsw
