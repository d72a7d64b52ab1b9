#pragma once

#include "teacher/chat_types.h"

#include <cstdint>

namespace crsw {

/// Prompt tokens of a request estimated before sending: characters / 4
/// (rounded up) over the messages plus a few tokens of framing per message.
/// Used where the endpoint has not yet said (rate limits, cost estimates).
std::int64_t estimatePromptTokens(const ChatRequest &request);

/// What a request may cost at most in tokens: estimatePromptTokens + max_tokens.
std::int64_t estimateTotalTokens(const ChatRequest &request);

} // namespace crsw
