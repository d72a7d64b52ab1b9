#pragma once
// A local HTTP/1.1 server that speaks Chat Completions for the teacher tests
// and benchmark, and injects faults by plan. It runs on its own thread (the
// client's run() blocks the test's thread).

#include <QtGlobal>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace crsw::test {

/// What the server does with one request.
enum class Fault {
    None,             ///< 200, a normal answer after the latency
    NoUsage,          ///< 200 without usage and model, with extra fields (llama.cpp style)
    RateLimited,      ///< 429 with Retry-After: <retryAfterSeconds>
    ServerError,      ///< 500
    Unavailable,      ///< 503 without Retry-After
    Slow,             ///< a normal answer after slowMs (longer than the client's timeout)
    Reset,            ///< the connection is dropped without an answer
    MalformedJson,    ///< 200 with a body that is not JSON
    Truncated,        ///< 200 whose Content-Length exceeds what is sent before the close
    Length,           ///< 200 with finish_reason "length"
    EmptyChoices,     ///< 200 with "choices": []
    NonStringContent, ///< 200 with message.content a number
    Unauthorized,     ///< 401
};
const char *faultName(Fault fault);

/// Decides the fault of a request from its key (the last message's content)
/// and the how-many-th time the server sees that key (1-based). Called on
/// the server's thread.
using FaultPlan = std::function<Fault(const std::string &key, int attempt)>;

struct FakeChatServerOptions {
    int latencyMs = 0;          ///< before each normal answer
    int slowMs = 3000;          ///< Fault::Slow
    int retryAfterSeconds = 1;  ///< Fault::RateLimited
    FaultPlan plan;             ///< none: every request gets Fault::None
    /// The content of a normal answer to a key (called on the server's
    /// thread); none: answerFor(key), "answer:<key>".
    std::function<std::string(const std::string &key)> answer;
};

/// One request as the server saw it.
struct ServedRequest {
    std::string key;
    int attempt = 0;
    Fault fault = Fault::None;
    qint64 arrivedMs = 0;     ///< on the server's clock (nowMs())
    qint64 respondedMs = -1;  ///< when the response was written (-1: never)
    std::string authorization;
    bool answered = false;    ///< a complete 200 answer was written
};

class FakeChatServer {
public:
    explicit FakeChatServer(FakeChatServerOptions options = {});
    ~FakeChatServer();
    FakeChatServer(const FakeChatServer &) = delete;
    FakeChatServer &operator=(const FakeChatServer &) = delete;

    /// Listens on 127.0.0.1 (a free port); false when it cannot.
    bool start();
    quint16 port() const;
    /// "http://127.0.0.1:<port>/v1"
    std::string baseUrl() const;

    /// Every request so far, in arrival order.
    std::vector<ServedRequest> log() const;
    /// Complete 200 answers per key.
    std::map<std::string, int> answersPerKey() const;
    std::size_t answeredCount() const;
    /// Milliseconds since the server was made (the log's clock).
    qint64 nowMs() const;

    /// The content the server answers a key with.
    static std::string answerFor(const std::string &key);

    struct Shared;
private:
    class Thread;
    std::shared_ptr<Shared> m_shared;
    std::unique_ptr<Thread> m_thread;
};

} // namespace crsw::test
