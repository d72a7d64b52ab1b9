#include "common/progress.h"

#include <mutex>

namespace crsw {

struct Progress::Shared {
    Callback callback;
    std::chrono::milliseconds minInterval{100};
    std::atomic<bool> cancelRequested{false};
    std::mutex mutex;                                   // guards lastReport
    std::chrono::steady_clock::time_point lastReport{}; // guarded by mutex
    double lastFraction = -1.0;                          // guarded by mutex
};

Progress::Progress() : m_shared(std::make_shared<Shared>()) {}

Progress::Progress(Callback callback, std::chrono::milliseconds minInterval)
    : m_shared(std::make_shared<Shared>())
{
    m_shared->callback = std::move(callback);
    m_shared->minInterval = minInterval;
}

void Progress::report(double fraction, const std::string &message)
{
    if (!m_shared->callback)
        return;
    const auto now = std::chrono::steady_clock::now();
    const double mapped = fraction < 0 ? fraction : m_from + (m_to - m_from) * std::min(1.0, fraction);
    {
        std::lock_guard<std::mutex> lock(m_shared->mutex);
        // Reaching the end must never be swallowed by the throttle (but
        // repeated reports at the end are throttled like any other).
        const bool reachesEnd = mapped >= 1.0 && m_shared->lastFraction < 1.0;
        if (!reachesEnd && m_shared->lastReport.time_since_epoch().count() != 0
            && now - m_shared->lastReport < m_shared->minInterval)
            return;
        m_shared->lastReport = now;
        m_shared->lastFraction = mapped;
    }
    m_shared->callback(mapped, message);
}

void Progress::reportNow(double fraction, const std::string &message)
{
    if (!m_shared->callback)
        return;
    const double mapped = fraction < 0 ? fraction : m_from + (m_to - m_from) * std::min(1.0, fraction);
    {
        std::lock_guard<std::mutex> lock(m_shared->mutex);
        m_shared->lastReport = std::chrono::steady_clock::now();
        m_shared->lastFraction = mapped;
    }
    m_shared->callback(mapped, message);
}

void Progress::cancel()
{
    m_shared->cancelRequested.store(true, std::memory_order_relaxed);
}

bool Progress::cancelled() const
{
    return m_shared->cancelRequested.load(std::memory_order_relaxed);
}

void Progress::throwIfCancelled() const
{
    if (cancelled())
        throw Cancelled();
}

Progress Progress::subRange(double from, double to) const
{
    Progress sub(*this);
    sub.m_from = m_from + (m_to - m_from) * from;
    sub.m_to = m_from + (m_to - m_from) * to;
    return sub;
}

} // namespace crsw
