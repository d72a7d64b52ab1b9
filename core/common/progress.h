#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

namespace crsw {

/// Thrown by Progress::throwIfCancelled() when the user cancelled a job.
class Cancelled : public std::runtime_error {
public:
    Cancelled() : std::runtime_error("cancelled") {}
};

/// Progress reporting and cancellation for long synchronous core jobs.
///
/// A core job takes a Progress& and calls report() every batch or step and
/// throwIfCancelled() (or checks cancelled()) in its inner loop. The callback
/// is throttled (default 10 Hz) so a tight loop can report cheaply; the first
/// report and the first one reaching the end (fraction >= 1) always go through. Copies and
/// sub-ranges share one cancel flag, so cancelling any of them stops the job.
/// Thread-safe: report() may be called from worker threads, and the callback
/// runs on the reporting thread (widgets/ forwards it with a queued signal).
class Progress {
public:
    /// fraction in [0, 1], or < 0 when the total is unknown.
    using Callback = std::function<void(double fraction, const std::string &message)>;

    /// A progress object that reports nowhere (still cancellable).
    Progress();
    explicit Progress(Callback callback,
                      std::chrono::milliseconds minInterval = std::chrono::milliseconds(100));

    /// Reports progress; throttled to the minimum interval.
    void report(double fraction, const std::string &message = {});
    /// Reports now, bypassing the throttle (stage changes, final messages).
    void reportNow(double fraction, const std::string &message = {});

    /// Requests cancellation; safe from any thread.
    void cancel();
    bool cancelled() const;
    /// Throws crsw::Cancelled if cancellation was requested.
    void throwIfCancelled() const;

    /// A view that maps [0, 1] onto [from, to] of this progress, sharing the cancel flag.
    Progress subRange(double from, double to) const;

private:
    struct Shared;
    std::shared_ptr<Shared> m_shared;
    double m_from = 0.0;
    double m_to = 1.0;
};

} // namespace crsw
