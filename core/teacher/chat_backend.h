#pragma once

#include "common/progress.h"
#include "teacher/chat_types.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace crsw {

/// Totals of one ChatBackend::run().
struct ChatRunTotals {
    std::size_t answered = 0;     ///< results with ok == true (fresh or cached)
    std::size_t fromCache = 0;    ///< of which answered from the response cache
    std::size_t failed = 0;       ///< results with ok == false
    std::size_t retries = 0;      ///< HTTP attempts beyond the first, over all requests
    ChatUsage usage;              ///< tokens of the fresh answers
    double costUsd = 0;           ///< cost of the fresh answers
    bool cancelled = false;       ///< run() returned early on Progress::cancel()
};

/// Receives each request's ChatResult. Calls are serialised (never two at
/// once) but may come from a thread other than run()'s caller.
using ChatResultSink = std::function<void(const ChatResult &)>;

/// A teacher LLM behind the Chat Completions protocol (METHOD.md §4).
///
/// run() sends every request and calls the sink exactly once per request that
/// ended (answered or failed for good), in completion order, then returns.
/// On cancel it stops sending, lets nothing half-done reach the sink, and
/// returns with totals.cancelled set; requests without a result are simply
/// absent, so the caller re-runs them (the response cache makes answered ones
/// free). Blocking: call it from a worker thread or the CLI.
class ChatBackend {
public:
    virtual ~ChatBackend() = default;
    /// What answers, for provenance and the UI (e.g. "gpt-4o-mini at https://api.openai.com/v1").
    virtual std::string describe() const = 0;
    virtual ChatRunTotals run(const std::vector<ChatRequest> &requests, const ChatResultSink &sink,
                              Progress &progress) = 0;
};

} // namespace crsw
