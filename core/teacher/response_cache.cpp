#include "teacher/response_cache.h"

#include "common/atomic_file.h"
#include "common/error.h"
#include "teacher/cache_key.h"

#include <sqlite3.h>

#include <filesystem>

namespace crsw {

namespace {

class Statement {
public:
    Statement(sqlite3 *db, const char *sql, const std::string &path)
    {
        if (sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr) != SQLITE_OK)
            throw Error({path, 0, ""}, std::string("SQLite: ") + sqlite3_errmsg(db));
    }
    ~Statement() { sqlite3_finalize(m_stmt); }
    sqlite3_stmt *get() const { return m_stmt; }
    void bind(int i, const std::string &s) { sqlite3_bind_text(m_stmt, i, s.data(), int(s.size()), SQLITE_TRANSIENT); }
    void bind(int i, std::int64_t v) { sqlite3_bind_int64(m_stmt, i, v); }
    void bind(int i, double v) { sqlite3_bind_double(m_stmt, i, v); }
    std::string text(int col) const
    {
        const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, col));
        return p ? std::string(p, std::size_t(sqlite3_column_bytes(m_stmt, col))) : std::string();
    }

private:
    sqlite3_stmt *m_stmt = nullptr;
};

} // namespace

ResponseCache::ResponseCache(const std::string &path) : m_path(path)
{
    const std::filesystem::path parent = std::filesystem::path(path).parent_path();
    if (!parent.empty())
        makeDirectories(parent.string());
    if (sqlite3_open_v2(path.c_str(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        nullptr) != SQLITE_OK) {
        const std::string why = m_db ? sqlite3_errmsg(m_db) : "out of memory";
        sqlite3_close(m_db);
        throw Error({path, 0, ""}, "cannot open the response cache: " + why);
    }
    sqlite3_busy_timeout(m_db, 5000);
    try {
        // WAL: readers never block the writer, and a commit is one append.
        // synchronous=NORMAL keeps commits across a process crash without an
        // fsync per answer (see the class comment).
        exec("PRAGMA journal_mode=WAL");
        exec("PRAGMA synchronous=NORMAL");
        exec("CREATE TABLE IF NOT EXISTS responses ("
             " key TEXT PRIMARY KEY, request_id TEXT NOT NULL, request_json TEXT NOT NULL,"
             " content TEXT NOT NULL, finish_reason TEXT NOT NULL, model TEXT NOT NULL,"
             " prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL, cost_usd REAL NOT NULL,"
             " attempts INTEGER NOT NULL, started_at TEXT NOT NULL, finished_at TEXT NOT NULL)");
    } catch (...) {
        sqlite3_close(m_db);
        throw;
    }
}

ResponseCache::~ResponseCache()
{
    sqlite3_close(m_db);
}

void ResponseCache::exec(const char *sql)
{
    char *message = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        const std::string why = message ? message : sqlite3_errmsg(m_db);
        sqlite3_free(message);
        throw Error({m_path, 0, ""}, "SQLite: " + why);
    }
}

std::optional<ChatResult> ResponseCache::find(const std::string &key) const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    Statement st(m_db, "SELECT content, finish_reason, model, prompt_tokens, completion_tokens,"
                       " started_at, finished_at FROM responses WHERE key = ?1", m_path);
    st.bind(1, key);
    const int rc = sqlite3_step(st.get());
    if (rc == SQLITE_DONE)
        return std::nullopt;
    if (rc != SQLITE_ROW)
        throw Error({m_path, 0, ""}, std::string("SQLite: ") + sqlite3_errmsg(m_db));
    ChatResult r;
    r.ok = true;
    r.fromCache = true;
    r.content = st.text(0);
    r.finishReason = st.text(1);
    r.model = st.text(2);
    r.usage.promptTokens = sqlite3_column_int64(st.get(), 3);
    r.usage.completionTokens = sqlite3_column_int64(st.get(), 4);
    r.startedAt = st.text(5);
    r.finishedAt = st.text(6);
    return r;
}

void ResponseCache::store(const std::string &key, const ChatRequest &request, const ChatResult &result)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    // Autocommit: the INSERT is its own transaction, committed when step() returns.
    Statement st(m_db, "INSERT OR IGNORE INTO responses (key, request_id, request_json, content, finish_reason,"
                       " model, prompt_tokens, completion_tokens, cost_usd, attempts, started_at, finished_at)"
                       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", m_path);
    st.bind(1, key);
    st.bind(2, request.id);
    st.bind(3, canonicalRequestJson(request));
    st.bind(4, result.content);
    st.bind(5, result.finishReason);
    st.bind(6, result.model);
    st.bind(7, std::int64_t(result.usage.promptTokens));
    st.bind(8, std::int64_t(result.usage.completionTokens));
    st.bind(9, result.costUsd);
    st.bind(10, std::int64_t(result.attempts));
    st.bind(11, result.startedAt);
    st.bind(12, result.finishedAt);
    if (sqlite3_step(st.get()) != SQLITE_DONE)
        throw Error({m_path, 0, ""}, std::string("SQLite: cannot store an answer: ") + sqlite3_errmsg(m_db));
}

std::size_t ResponseCache::size() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    Statement st(m_db, "SELECT COUNT(*) FROM responses", m_path);
    if (sqlite3_step(st.get()) != SQLITE_ROW)
        throw Error({m_path, 0, ""}, std::string("SQLite: ") + sqlite3_errmsg(m_db));
    return std::size_t(sqlite3_column_int64(st.get(), 0));
}

} // namespace crsw
