#pragma once
// Internal to OpenAiChatBackend: the object that lives on the run's thread and
// drives the HTTP attempts. Not for use elsewhere.

#include "teacher/chat_backend.h"
#include "teacher/rate_limiter.h"
#include "teacher/teacher_stats.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <QUrl>

#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <vector>

class QNetworkAccessManager;
class QNetworkReply;

namespace crsw {

struct OpenAiChatConfig;
class ResponseCache;
struct ParsedChatResponse;

/// What one run needs; all pointers outlive the scheduler.
struct ChatSchedulerContext {
    const std::vector<ChatRequest> *requests = nullptr;
    const ChatResultSink *sink = nullptr;
    Progress *progress = nullptr;
    const OpenAiChatConfig *config = nullptr;
    std::string apiKey;                 ///< empty: no Authorization header
    ResponseCache *cache = nullptr;     ///< null: no cache
    TeacherStatsBoard *stats = nullptr;
};

/// Sends a run's requests under the config's limits and ends each exactly
/// once (cache hit, answer, or failure). Lives on one thread with an event
/// loop; start() begins, `onFinished` is called once at the end.
class ChatScheduler : public QObject {
public:
    ChatScheduler(ChatSchedulerContext context, std::function<void()> onFinished);
    ~ChatScheduler() override;

    /// Answers cached requests, then sends the others. Call on the owning thread.
    void start();
    const ChatRunTotals &totals() const { return m_totals; }
    /// What went wrong outside the protocol (the sink or the cache threw), or null.
    std::exception_ptr error() const { return m_error; }

private:
    struct RequestState {
        std::string key;        // response-cache key
        int attempts = 0;       // HTTP attempts sent
        std::string startedAt;
        bool ended = false;
    };
    struct Attempt {
        std::size_t index = 0;
        QNetworkReply *reply = nullptr;
        QTimer *deadline = nullptr;
        int manager = 0;
        std::int64_t estimatedTokens = 0;
        bool timedOut = false;
    };
    enum class Verdict { Ok, Retry, Fail, Auth };
    struct Outcome;

    void guarded(const std::function<void()> &work);
    void pump();
    void send(std::size_t index, std::int64_t estimatedTokens);
    void onReplyFinished(std::uint64_t attemptId);
    Outcome judge(const Attempt &attempt);
    void answer(std::size_t index, const ParsedChatResponse &parsed, std::int64_t estimatedTokens);
    void retry(std::size_t index, const std::string &why, std::int64_t retryAfterMs);
    void fail(std::size_t index, const std::string &why);
    void stopSending(const std::string &reason);
    void deliver(std::size_t index, ChatResult result);
    void publish();
    void checkCancelled();
    void checkDone();
    void finish();

    ChatSchedulerContext m_ctx;
    std::function<void()> m_onFinished;
    QUrl m_url;
    std::vector<QNetworkAccessManager *> m_managers; // children of this
    std::vector<int> m_managerLoad;
    std::vector<RequestState> m_state;
    std::deque<std::size_t> m_queue;                 // ready to send, retries first
    std::map<std::size_t, QTimer *> m_retryTimers;   // requests waiting out a backoff
    std::map<std::uint64_t, Attempt> m_inFlight;
    std::uint64_t m_nextAttemptId = 0;
    std::size_t m_remaining = 0;                     // requests not yet ended
    RateLimiter m_limiter;
    std::mt19937_64 m_rng;
    QElapsedTimer m_clock;
    QTimer m_pumpTimer;     // wakes pump() when the rate limiter says so
    QTimer m_cancelPoll;    // Progress::cancel() is a flag, not a signal
    int m_consecutiveAuthErrors = 0;
    bool m_stopped = false; // no more sending (auth stop)
    bool m_finished = false;
    std::string m_stopReason;
    ChatRunTotals m_totals;
    TeacherStats m_stats;
    std::exception_ptr m_error;
};

} // namespace crsw
