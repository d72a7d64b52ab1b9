#include "teacher/token_estimate.h"

#include <algorithm>

namespace crsw {

std::int64_t estimatePromptTokens(const ChatRequest &request)
{
    // ~4 characters per token for English under the GPT tokenizers; the 4
    // extra per message stand for the role and separators of the chat format.
    std::int64_t tokens = 0;
    for (const ChatMessage &m : request.messages)
        tokens += (static_cast<std::int64_t>(m.content.size()) + 3) / 4 + 4;
    return tokens;
}

std::int64_t estimateTotalTokens(const ChatRequest &request)
{
    return estimatePromptTokens(request) + std::max(0, request.params.maxTokens);
}

} // namespace crsw
