#include "train/sft_example.h"

#include "common/error.h"
#include "model/tokenizer/tokenizer.h"

namespace crsw {

std::size_t SftExample::labelledTokens() const
{
    std::size_t count = 0;
    for (const std::int64_t label : labels)
        count += label != kIgnoreLabel;
    return count;
}

SftExample tokenizeForSft(const Tokenizer &tokenizer, ChatFormat format, const std::vector<ChatMessage> &messages,
                          const SftTokenizeOptions &options)
{
    SftExample example;
    EncodeOptions encode;
    encode.addSpecialTokens = false; // the rendered text carries BOS itself
    auto append = [&](const std::string &text, bool labelled) {
        for (const TokenId id : tokenizer.encode(text, encode)) {
            example.ids.push_back(id);
            example.labels.push_back(labelled ? id : kIgnoreLabel);
        }
    };
    ChatRenderOptions withPrompt;
    withPrompt.dateString = options.dateString;
    ChatRenderOptions closed = withPrompt;
    closed.addGenerationPrompt = false;

    std::string rendered; // the text tokenized so far
    for (std::size_t i = 0; i < messages.size(); ++i) {
        if (messages[i].role != "assistant")
            continue;
        const std::vector<ChatMessage> before(messages.begin(), messages.begin() + static_cast<std::ptrdiff_t>(i));
        const std::vector<ChatMessage> through(messages.begin(), messages.begin() + static_cast<std::ptrdiff_t>(i) + 1);
        const std::string prompt = before.empty() ? std::string() : renderChat(format, before, withPrompt);
        const std::string full = renderChat(format, through, closed);
        if (prompt.compare(0, rendered.size(), rendered) != 0 || full.compare(0, prompt.size(), prompt) != 0)
            throw Error({{}, 0, "messages[" + std::to_string(i) + "]"},
                        "the chat format does not render this conversation turn by turn");
        append(prompt.substr(rendered.size()), false);
        append(full.substr(prompt.size()), true);
        rendered = full;
    }
    if (rendered.empty())
        throw Error({{}, 0, "messages"}, "no assistant turn to learn from");
    if (example.ids.size() > options.maxTokens) {
        example.ids.resize(options.maxTokens);
        example.labels.resize(options.maxTokens);
    }
    return example;
}

} // namespace crsw
