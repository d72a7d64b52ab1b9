#pragma once

#include "common/progress.h"
#include "model/chat_format.h"
#include "model/decoder/sampling_options.h"
#include "model/model_config.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace crsw {

class Tokenizer;

/// Where and in what precision a LanguageModel runs.
struct LanguageModelOptions {
    std::string device = "cpu";    ///< "cpu", "cuda", "cuda:1"
    std::string dtype = "float32"; ///< "float32", "bfloat16" or "float16"
};

/// A student model ready to chat: config.json, the weights and tokenizer.json
/// of a Hugging Face folder, with its family's chat format. The torch-free
/// face of the decoders for the pipeline, the CLI and the GUI (the model
/// lives behind a pointer). Not copyable; one generation at a time.
class LanguageModel {
public:
    /// Loads the folder; throws crsw::Error naming the file at fault (a folder
    /// without tokenizer.json included).
    explicit LanguageModel(const std::string &folder, const LanguageModelOptions &options = {});
    ~LanguageModel();
    LanguageModel(const LanguageModel &) = delete;
    LanguageModel &operator=(const LanguageModel &) = delete;

    const ModelConfig &config() const;
    const Tokenizer &tokenizer() const;
    ChatFormat chatFormat() const;

    /// The tokens that end a reply: config.json's eos ids and the chat
    /// format's end-of-turn token (<|eot_id|>, <end_of_turn>, <|im_end|>) when
    /// the tokenizer has it.
    std::vector<std::int64_t> stopTokens() const;

    /// The prompt ids of a conversation: rendered with the chat format (BOS
    /// text included) and tokenized without adding special tokens, as
    /// apply_chat_template(tokenize=True) does.
    std::vector<std::int64_t> chatPrompt(const std::vector<ChatMessage> &messages,
                                         const ChatRenderOptions &render = {}) const;

    /// generate() on this model (see model/decoder/generation.h).
    std::vector<GenerationResult> generate(const std::vector<std::vector<std::int64_t>> &prompts,
                                           const GenerationOptions &options, Progress &progress) const;

    /// The reply text to each conversation, generated as one batch;
    /// options.stopTokens empty = stopTokens(). Special tokens are left out of the text.
    std::vector<std::string> reply(const std::vector<std::vector<ChatMessage>> &conversations,
                                   GenerationOptions options, Progress &progress,
                                   const ChatRenderOptions &render = {}) const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace crsw
