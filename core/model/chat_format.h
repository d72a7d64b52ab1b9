#pragma once

#include "common/chat_message.h"
#include "model/model_config.h"

#include <string>
#include <vector>

namespace crsw {

/// The chat layouts of the supported model families.
enum class ChatFormat {
    Llama3, ///< Llama 3.1/3.2 Instruct (system header with the knowledge-cutoff and date lines)
    Gemma2, ///< Gemma 2 it (<start_of_turn>user/model, no system role)
    ChatML, ///< Qwen2 Instruct (<|im_start|>role, default system prompt)
};

/// Options of renderChat.
struct ChatRenderOptions {
    bool addGenerationPrompt = true; ///< end with the header of an assistant turn
    /// Llama 3's "Today Date" ("26 Jul 2024"); empty = today's local date, as
    /// transformers' strftime_now("%d %b %Y") gives it.
    std::string dateString;
};

/// The chat format of a model family (Llama -> Llama3, Gemma2 -> Gemma2, Qwen2 -> ChatML).
ChatFormat chatFormatFor(ModelArchitecture architecture);

/// The token that ends a turn in a format ("<|eot_id|>", "<end_of_turn>",
/// "<|im_end|>"): generation stops there.
const char *chatEndOfTurnToken(ChatFormat format);

/// Renders a conversation to exactly the text tokenizer.apply_chat_template
/// renders with the family's own chat template (tokenize=False), BOS token
/// text included where the template writes it, so the text is tokenized
/// without adding special tokens. Throws crsw::Error where the template
/// raises (Gemma 2: a system turn, roles not alternating user/assistant) and
/// for an empty conversation.
std::string renderChat(ChatFormat format, const std::vector<ChatMessage> &messages,
                       const ChatRenderOptions &options = {});

} // namespace crsw
