#include "fake_chat_backend.h"

#include <functional>

namespace crsw::test {

FakeChatBackend::FakeChatBackend(std::vector<std::string> catalog, Options options)
    : m_catalog(std::move(catalog)), m_options(options)
{
}

std::string FakeChatBackend::answer(const ChatRequest &request) const
{
    const std::string &prompt = request.messages.back().content;
    const std::size_t h = std::hash<std::string>()(prompt);
    if (request.id.rfind("queries/", 0) == 0) {
        // Prompt 1: three queries in a fenced JSON array with prose around it.
        const std::string tag = std::to_string(h % 100000);
        return "Here are the requests:\n```json\n[\"A gripping story like " + tag + "\", \"Something calm " + tag
               + "\", \"Anything with a twist " + tag + "\"]\n```\nHope this helps!";
    }
    // Prompt 2: 19 catalog titles and one invented, as a numbered list.
    std::string text = "Sure! 1. ";
    for (std::size_t i = 0; i < 19; ++i)
        text += m_catalog[(h + i * 7919) % m_catalog.size()] + (i == 0 ? " (2001)" : "") + "\n" + std::to_string(i + 2) + ". ";
    return text + kInvented;
}

ChatRunTotals FakeChatBackend::run(const std::vector<ChatRequest> &requests, const ChatResultSink &sink,
                                   Progress &progress)
{
    ChatRunTotals totals;
    for (const ChatRequest &request : requests) {
        if (progress.cancelled() || (m_options.cancelAfter && m_results >= m_options.cancelAfter)) {
            progress.cancel();
            totals.cancelled = true;
            return totals;
        }
        ChatResult result;
        result.id = request.id;
        result.model = request.params.model + "-fake";
        result.startedAt = result.finishedAt = "2025-01-01T00:00:00Z";
        const bool firstAttempt = m_seen.insert(request.id).second;
        if (m_options.failModulo && firstAttempt && std::hash<std::string>()(request.id) % m_options.failModulo == 0) {
            result.error = "HTTP 503: overloaded";
            result.attempts = 3;
            totals.retries += 2;
            ++totals.failed;
        } else {
            result.ok = true;
            result.content = answer(request);
            result.finishReason = "stop";
            result.usage = {std::int64_t(request.messages.back().content.size() / 4), std::int64_t(result.content.size() / 4)};
            result.attempts = 1;
            result.costUsd = 0.001;
            ++totals.answered;
            totals.usage.promptTokens += result.usage.promptTokens;
            totals.usage.completionTokens += result.usage.completionTokens;
            totals.costUsd += result.costUsd;
        }
        ++m_results;
        sink(result);
    }
    return totals;
}

} // namespace crsw::test
