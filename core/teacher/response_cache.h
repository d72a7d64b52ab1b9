#pragma once

#include "teacher/chat_types.h"

#include <cstddef>
#include <mutex>
#include <optional>
#include <string>

struct sqlite3;

namespace crsw {

/// The teacher's response cache and journal: an SQLite database (WAL) of
/// every ok answer, keyed by requestCacheKey().
///
/// It is the run's journal too: the scheduler commits an answer here before
/// the sink sees it, so after a crash, kill -9 or cancel, re-running the same
/// requests finds every answer that reached anyone and repeats only those
/// that did not (no duplicate, no lost result). Failures are not stored.
/// Commits survive a crash of the process (WAL, synchronous=NORMAL); a power
/// loss may lose the last ones, which are then simply asked again.
/// Thread-safe (one connection behind a mutex); several processes may share
/// the file (SQLite locking, 5 s busy timeout).
class ResponseCache {
public:
    /// Opens or creates the database (and its folder). Throws crsw::Error.
    explicit ResponseCache(const std::string &path);
    ~ResponseCache();
    ResponseCache(const ResponseCache &) = delete;
    ResponseCache &operator=(const ResponseCache &) = delete;

    /// The stored answer for a key, as a result with fromCache = true,
    /// attempts = 0 and costUsd = 0 (id left empty for the caller to set).
    std::optional<ChatResult> find(const std::string &key) const;
    /// Commits an ok answer (the first one for a key wins). Returns when the
    /// transaction is committed. Throws crsw::Error.
    void store(const std::string &key, const ChatRequest &request, const ChatResult &result);
    /// Number of stored answers.
    std::size_t size() const;
    const std::string &path() const { return m_path; }

private:
    void exec(const char *sql);

    std::string m_path;
    sqlite3 *m_db = nullptr;
    mutable std::mutex m_mutex; // guards m_db
};

} // namespace crsw
