#pragma once

#include "common/chat_message.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace crsw {

/// The sampling parameters of a chat request. Together with the messages and
/// the model they make the response-cache key, so two requests that differ in
/// any of them are never answered from each other's cache entry.
struct ChatParams {
    std::string model;
    double temperature = 0.8;    ///< METHOD.md §4: 0.8 in the paper
    int maxTokens = 1024;        ///< max_tokens of the Chat Completions request
    std::optional<std::int64_t> seed; ///< sent as "seed" where set
};

/// One Chat Completions request. `id` is the caller's stable name for it
/// (e.g. "item:B000123/queries"); the journal and results use it to resume a
/// run without repeating or losing a request.
struct ChatRequest {
    std::string id;
    std::vector<ChatMessage> messages;
    ChatParams params;
};

/// Token usage as the endpoint reported it (zero where it did not).
struct ChatUsage {
    std::int64_t promptTokens = 0;
    std::int64_t completionTokens = 0;
};

/// How one request ended: exactly one ChatResult per request of a run.
struct ChatResult {
    std::string id;               ///< the request's id
    bool ok = false;              ///< a usable answer arrived
    std::string content;          ///< choices[0].message.content
    std::string finishReason;     ///< "stop", "length", ... as sent
    ChatUsage usage;
    std::string model;            ///< the model the endpoint says answered
    std::string error;            ///< why it failed (when !ok), naming the HTTP status or field
    int attempts = 0;             ///< HTTP attempts made (0 when answered from the cache)
    bool fromCache = false;       ///< answered from the response cache
    double costUsd = 0;           ///< priced with the run's price table (0 from the cache)
    std::string startedAt;        ///< ISO 8601 UTC timestamps of the first attempt and the answer
    std::string finishedAt;
};

} // namespace crsw
