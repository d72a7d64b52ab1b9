#include "model/chat_format.h"

#include "common/error.h"
#include "common/python_text.h"

#include <ctime>

namespace crsw {

namespace {

/// Jinja's `trim` filter is Python's str.strip(): Unicode whitespace, not just ASCII.
std::string trim(const std::string &text)
{
    return pytext::encodeUtf8(pytext::strip(pytext::decodeUtf8(text)));
}

/// strftime("%d %b %Y") in the C locale, whatever locale the process runs in
/// (QCoreApplication switches to the user's).
std::string todayString()
{
    static const char *kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    const int day = local.tm_mday;
    return std::string(1, static_cast<char>('0' + day / 10)) + static_cast<char>('0' + day % 10) + " "
        + kMonths[local.tm_mon] + " " + std::to_string(local.tm_year + 1900);
}

std::string renderLlama3(const std::vector<ChatMessage> &messages, const ChatRenderOptions &options)
{
    // Llama 3.2's template (no tools): one system block always, with the
    // user's system prompt trimmed inside it, then every turn trimmed.
    std::size_t first = 0;
    std::string system;
    if (messages.front().role == "system") {
        system = trim(messages.front().content);
        first = 1;
    }
    std::string out = "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"
                      "Cutting Knowledge Date: December 2023\nToday Date: ";
    out += (options.dateString.empty() ? todayString() : options.dateString) + "\n\n" + system + "<|eot_id|>";
    for (std::size_t i = first; i < messages.size(); ++i) {
        const ChatMessage &m = messages[i];
        if (m.role == "tool" || m.role == "ipython")
            throw Error({{}, 0, "messages[" + std::to_string(i) + "].role"}, "tool turns are not supported");
        out += "<|start_header_id|>" + m.role + "<|end_header_id|>\n\n" + trim(m.content) + "<|eot_id|>";
    }
    if (options.addGenerationPrompt)
        out += "<|start_header_id|>assistant<|end_header_id|>\n\n";
    return out;
}

std::string renderGemma2(const std::vector<ChatMessage> &messages, const ChatRenderOptions &options)
{
    // The template raises for these; so do we, with its words.
    if (messages.front().role == "system")
        throw Error({{}, 0, "messages[0].role"}, "System role not supported");
    std::string out = "<bos>";
    for (std::size_t i = 0; i < messages.size(); ++i) {
        const ChatMessage &m = messages[i];
        if ((m.role == "user") != (i % 2 == 0))
            throw Error({{}, 0, "messages[" + std::to_string(i) + "].role"},
                        "Conversation roles must alternate user/assistant/user/assistant/...");
        const std::string role = m.role == "assistant" ? std::string("model") : m.role;
        out += "<start_of_turn>" + role + "\n" + trim(m.content) + "<end_of_turn>\n";
    }
    if (options.addGenerationPrompt)
        out += "<start_of_turn>model\n";
    return out;
}

std::string renderChatMl(const std::vector<ChatMessage> &messages, const ChatRenderOptions &options)
{
    // Qwen2 Instruct: a default system turn when none is given; content is not trimmed.
    std::string out;
    if (messages.front().role != "system")
        out += "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n";
    for (const ChatMessage &m : messages)
        out += "<|im_start|>" + m.role + "\n" + m.content + "<|im_end|>\n";
    if (options.addGenerationPrompt)
        out += "<|im_start|>assistant\n";
    return out;
}

} // namespace

ChatFormat chatFormatFor(ModelArchitecture architecture)
{
    switch (architecture) {
    case ModelArchitecture::Gemma2:
        return ChatFormat::Gemma2;
    case ModelArchitecture::Qwen2:
        return ChatFormat::ChatML;
    case ModelArchitecture::Llama:
        break;
    }
    return ChatFormat::Llama3;
}

std::string renderChat(ChatFormat format, const std::vector<ChatMessage> &messages, const ChatRenderOptions &options)
{
    if (messages.empty())
        throw Error({{}, 0, "messages"}, "the conversation is empty");
    switch (format) {
    case ChatFormat::Gemma2:
        return renderGemma2(messages, options);
    case ChatFormat::ChatML:
        return renderChatMl(messages, options);
    case ChatFormat::Llama3:
        break;
    }
    return renderLlama3(messages, options);
}

const char *chatEndOfTurnToken(ChatFormat format)
{
    switch (format) {
    case ChatFormat::Gemma2:
        return "<end_of_turn>";
    case ChatFormat::ChatML:
        return "<|im_end|>";
    case ChatFormat::Llama3:
        break;
    }
    return "<|eot_id|>";
}

} // namespace crsw
