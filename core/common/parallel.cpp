#include "common/parallel.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace crsw {

int defaultThreadCount()
{
    const unsigned cores = std::thread::hardware_concurrency();
    return cores == 0 ? 1 : static_cast<int>(cores);
}

void parallelFor(std::size_t n, int threads, std::size_t grain,
                 const std::function<void(std::size_t, std::size_t, int)> &body)
{
    if (n == 0)
        return;
    grain = std::max<std::size_t>(1, grain);
    threads = std::max(1, std::min<int>(threads, static_cast<int>((n + grain - 1) / grain)));
    std::atomic<std::size_t> nextBlock{0};
    std::atomic<bool> failed{false};
    std::exception_ptr firstError;
    std::mutex errorMutex; // guards firstError

    auto work = [&](int worker) {
        try {
            for (;;) {
                if (failed.load(std::memory_order_relaxed))
                    return;
                const std::size_t begin = nextBlock.fetch_add(grain);
                if (begin >= n)
                    return;
                body(begin, std::min(n, begin + grain), worker);
            }
        } catch (...) {
            std::lock_guard<std::mutex> lock(errorMutex);
            if (!firstError)
                firstError = std::current_exception();
            failed = true;
        }
    };

    std::vector<std::thread> pool;
    pool.reserve(static_cast<std::size_t>(threads - 1));
    for (int t = 1; t < threads; ++t)
        pool.emplace_back(work, t);
    work(0);
    for (auto &thread : pool)
        thread.join();
    if (firstError)
        std::rethrow_exception(firstError);
}

} // namespace crsw
