#include "train/chat_model.h"

#include "model/decoder/checkpoint_loader.h"
#include "model/decoder/generation.h"
#include "model/tokenizer/tokenizer.h"
#include "train/lora_adapter.h"

#include <torch/utils.h>

#include <algorithm>

namespace crsw {

std::vector<std::string> chatReplies(CausalLMImpl &model, const Tokenizer &tokenizer, ChatFormat format,
                                     const std::vector<std::vector<ChatMessage>> &conversations,
                                     GenerationOptions options, Progress &progress, ChatRenderOptions render)
{
    if (render.dateString.empty())
        render.dateString = kTrainingChatDate;
    EncodeOptions encode;
    encode.addSpecialTokens = false; // the rendered text carries BOS itself
    std::vector<std::vector<std::int64_t>> prompts;
    for (const auto &messages : conversations) {
        const std::vector<TokenId> ids = tokenizer.encode(renderChat(format, messages, render), encode);
        prompts.emplace_back(ids.begin(), ids.end());
    }
    if (options.stopTokens.empty()) {
        options.stopTokens = model.config().eosTokenIds;
        if (const auto endOfTurn = tokenizer.tokenToId(chatEndOfTurnToken(format)))
            options.stopTokens.push_back(static_cast<std::int64_t>(*endOfTurn));
    }
    torch::NoGradGuard noGrad; // a model being trained has parameters that require grad
    std::vector<std::string> replies;
    for (const GenerationResult &result : generate(model, prompts, options, progress)) {
        const std::vector<TokenId> ids(result.tokens.begin(), result.tokens.end());
        replies.push_back(tokenizer.decode(ids, /*skipSpecialTokens=*/true));
    }
    return replies;
}

struct ChatModel::Impl {
    CausalLM model{nullptr};
    Tokenizer tokenizer;
    ChatFormat format;
};

ChatModel::ChatModel(const std::string &folder, const std::string &adapterFolder, const LanguageModelOptions &options)
{
    Tokenizer tokenizer = Tokenizer::fromFile(folder);
    CausalLM model = loadCausalLM(folder, DecoderLoadOptions::parse(options.device, options.dtype));
    if (!adapterFolder.empty())
        loadLoraAdapter(*model, adapterFolder);
    model->eval();
    const ChatFormat format = chatFormatFor(model->config().architecture);
    d.reset(new Impl{std::move(model), std::move(tokenizer), format});
}

ChatModel::~ChatModel() = default;

const ModelConfig &ChatModel::config() const
{
    return d->model->config();
}

ChatFormat ChatModel::chatFormat() const
{
    return d->format;
}

std::vector<std::string> ChatModel::reply(const std::vector<std::vector<ChatMessage>> &conversations,
                                          GenerationOptions options, Progress &progress, ChatRenderOptions render) const
{
    return chatReplies(*d->model, d->tokenizer, d->format, conversations, std::move(options), progress,
                       std::move(render));
}

} // namespace crsw
