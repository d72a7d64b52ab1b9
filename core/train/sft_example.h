#pragma once

#include "model/chat_format.h"

#include <cstdint>
#include <string>
#include <vector>

namespace crsw {

class Tokenizer;

/// The date fine-tuning renders Llama 3's system header with, so prompts at
/// generation time look like the training prompts (and runs are reproducible).
inline constexpr const char *kTrainingChatDate = "26 Jul 2024";

/// The label of a token the loss ignores (PyTorch's ignore_index).
constexpr std::int64_t kIgnoreLabel = -100;

/// One tokenized conversation for supervised fine-tuning.
struct SftExample {
    std::vector<std::int64_t> ids;
    /// Per token: the id itself for assistant tokens (their content and the
    /// end-of-turn text the chat format closes them with), kIgnoreLabel for
    /// everything else (system and user turns, headers).
    std::vector<std::int64_t> labels;

    std::size_t labelledTokens() const;
};

/// Options of tokenizeForSft.
struct SftTokenizeOptions {
    std::size_t maxTokens = 1024;        ///< longer conversations are cut at the end
    std::string dateString = kTrainingChatDate; ///< Llama 3's "Today Date", fixed so runs are reproducible
};

/// Renders `messages` with the chat format and tokenizes it piece by piece
/// (each assistant turn separately from the text before it), so the labels
/// mark exactly the assistant turns. Each piece is the difference between
/// renderChat of the turns so far with and without the next assistant turn,
/// so the whole is the chat template's text. Throws crsw::Error when the
/// template does not render incrementally or raises (Gemma 2 system turns).
SftExample tokenizeForSft(const Tokenizer &tokenizer, ChatFormat format, const std::vector<ChatMessage> &messages,
                          const SftTokenizeOptions &options = {});

} // namespace crsw
