#pragma once

#include "teacher/chat_backend.h"
#include "teacher/price_table.h"
#include "teacher/retry_policy.h"
#include "teacher/teacher_stats.h"

#include <memory>
#include <string>

namespace crsw {

/// How an OpenAiChatBackend talks to its endpoint.
struct OpenAiChatConfig {
    /// The API root; "/chat/completions" is appended. OpenAI:
    /// https://api.openai.com/v1, vLLM: http://host:8000/v1, Ollama:
    /// http://localhost:11434/v1, llama.cpp-server: http://localhost:8080/v1.
    std::string baseUrl = "https://api.openai.com/v1";
    /// Sent as "Authorization: Bearer <key>". Empty: lookupApiKey(host of
    /// baseUrl) at run(); none found sends no header (local servers).
    std::string apiKey;
    int concurrency = 8;            ///< requests on the wire at once
    double requestsPerMinute = 0;   ///< 0 = no limit
    double tokensPerMinute = 0;     ///< 0 = no limit; estimated as chars/4 + max_tokens, corrected from usage
    int timeoutMs = 120000;         ///< per attempt, from sending to the whole answer
    RetryPolicy retry;
    /// After this many authentication errors (401/403) in a row, the run
    /// stops and fails the remaining requests (0 = never stop).
    int authErrorStop = 3;
    /// finish_reason "length" (cut at max_tokens): false (default) makes it a
    /// failure that names the cause and is not cached, since a cut list of
    /// recommendations would poison the dataset; true accepts it as ok with
    /// finishReason "length" recorded.
    bool acceptTruncated = false;
    /// The SQLite response cache/journal; empty = no cache (every run asks again).
    std::string cachePath;
    PriceTable prices = PriceTable::defaults();
};

/// A ChatBackend speaking OpenAI Chat Completions over Qt Network: bounded
/// concurrency, requests/tokens-per-minute limits, retries with backoff and
/// Retry-After, per-attempt timeouts, a stop on repeated authentication
/// errors, cancel, and the response cache/journal. TLS certificates are
/// always verified.
///
/// run() needs a QCoreApplication (or QApplication) to exist; it may be
/// called from any thread (it runs its own QThread with the network managers
/// and blocks until that is done). The sink is called on that thread.
class OpenAiChatBackend : public ChatBackend {
public:
    explicit OpenAiChatBackend(OpenAiChatConfig config);
    ~OpenAiChatBackend() override;

    /// "gpt-4o-mini at https://api.openai.com/v1" (the first request's model at run time).
    std::string describe() const override;
    /// See ChatBackend::run(). Throws crsw::Error when there is no
    /// QCoreApplication or the cache cannot be opened; rethrows what the sink throws.
    ChatRunTotals run(const std::vector<ChatRequest> &requests, const ChatResultSink &sink,
                      Progress &progress) override;

    /// The current (or last) run's figures; safe to poll from any thread.
    TeacherStats stats() const;
    const OpenAiChatConfig &config() const { return m_config; }

private:
    OpenAiChatConfig m_config;
    std::string m_lastModel;
    std::shared_ptr<TeacherStatsBoard> m_stats;
};

} // namespace crsw
