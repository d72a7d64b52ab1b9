#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>

namespace crsw {

/// A snapshot of a teacher run for the UI (polled) and the progress message.
struct TeacherStats {
    std::size_t total = 0;        ///< requests in the run
    std::size_t done = 0;         ///< requests ended (answered + failed)
    std::size_t answered = 0;     ///< of which ok (fresh or cached)
    std::size_t fromCache = 0;    ///< of which from the response cache
    std::size_t failed = 0;
    std::size_t inFlight = 0;     ///< HTTP requests on the wire now
    std::size_t retries = 0;      ///< attempts beyond the first
    std::int64_t promptTokens = 0;      ///< of fresh answers
    std::int64_t completionTokens = 0;
    double costUsd = 0;           ///< of fresh answers
    double elapsedSeconds = 0;
    double requestsPerSecond = 0; ///< fresh requests ended per second
    bool running = false;
    std::string stopReason;       ///< why the run stopped early ("" when it did not)
};

/// "412/1000 done, 5.1 req/s, 120,345 tokens, $0.4100, 12 retries, 3 failed".
std::string formatTeacherStats(const TeacherStats &stats);

/// A TeacherStats shared between the run's thread (writer) and the UI (reader).
class TeacherStatsBoard {
public:
    TeacherStats snapshot() const
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_stats;
    }
    void publish(const TeacherStats &stats)
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stats = stats;
    }

private:
    mutable std::mutex m_mutex;
    TeacherStats m_stats; // guarded by m_mutex
};

} // namespace crsw
