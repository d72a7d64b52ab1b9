#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <vector>

namespace crsw {

/// The picks of a running selection, handed from the worker to the GUI: the
/// worker's PickObserver appends under a lock after every pick, and the page
/// takes what is new on its 40 ms timer (ARCHITECTURE.md: workers append
/// under a lock, the GUI replots at most every 40 ms). Shared by both through
/// a shared_ptr, so it outlives whichever side finishes first.
class LiveSelectionTrace {
public:
    /// Appends one pick (worker thread).
    void append(std::uint32_t row, double score);
    /// Appends the picks from `from` on to `rows` and `scores`; returns the
    /// number of picks so far (GUI thread).
    std::size_t takeNew(std::size_t from, std::vector<std::uint32_t> *rows, std::vector<double> *scores) const;
    /// Number of picks so far.
    std::size_t size() const;

private:
    mutable std::mutex m_mutex;
    std::vector<std::uint32_t> m_rows; // guarded by m_mutex
    std::vector<double> m_scores;      // guarded by m_mutex
};

} // namespace crsw
