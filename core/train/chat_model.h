#pragma once

#include "common/progress.h"
#include "model/chat_format.h"
#include "model/decoder/sampling_options.h"
#include "model/language_model.h"
#include "train/sft_example.h" // kTrainingChatDate

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace crsw {

class CausalLMImpl;
class Tokenizer;

/// A model folder with an optional LoRA adapter (PEFT layout) on top, ready to
/// chat: what `crsw generate` runs. Torch-free face (the model lives behind a
/// pointer); LanguageModel without an adapter behaves the same.
class ChatModel {
public:
    /// Loads `folder` and, when `adapterFolder` is not empty, the adapter onto
    /// it. Throws crsw::Error naming the file at fault.
    ChatModel(const std::string &folder, const std::string &adapterFolder = {},
              const LanguageModelOptions &options = {});
    ~ChatModel();
    ChatModel(const ChatModel &) = delete;
    ChatModel &operator=(const ChatModel &) = delete;

    const ModelConfig &config() const;
    ChatFormat chatFormat() const;

    /// The reply text to each conversation (options.stopTokens empty = the
    /// model's eos ids and end-of-turn token); render.dateString empty =
    /// kTrainingChatDate.
    std::vector<std::string> reply(const std::vector<std::vector<ChatMessage>> &conversations,
                                   GenerationOptions options, Progress &progress,
                                   ChatRenderOptions render = {}) const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

/// Replies of a model in memory (the trainer's periodic evaluation), as ChatModel::reply.
std::vector<std::string> chatReplies(CausalLMImpl &model, const Tokenizer &tokenizer, ChatFormat format,
                                     const std::vector<std::vector<ChatMessage>> &conversations,
                                     GenerationOptions options, Progress &progress, ChatRenderOptions render = {});

} // namespace crsw
