#include "model/language_model.h"

#include "common/error.h"
#include "model/decoder/checkpoint_loader.h"
#include "model/decoder/generation.h"
#include "model/tokenizer/tokenizer.h"

#include <algorithm>

namespace crsw {

struct LanguageModel::Impl {
    CausalLM model{nullptr};
    Tokenizer tokenizer;
    ChatFormat format;
};

LanguageModel::LanguageModel(const std::string &folder, const LanguageModelOptions &options)
{
    // The tokenizer first: it is the cheap file to find missing.
    Tokenizer tokenizer = Tokenizer::fromFile(folder);
    CausalLM model = loadCausalLM(folder, DecoderLoadOptions::parse(options.device, options.dtype));
    const ChatFormat format = chatFormatFor(model->config().architecture);
    d.reset(new Impl{std::move(model), std::move(tokenizer), format});
}

LanguageModel::~LanguageModel() = default;

const ModelConfig &LanguageModel::config() const
{
    return d->model->config();
}

const Tokenizer &LanguageModel::tokenizer() const
{
    return d->tokenizer;
}

ChatFormat LanguageModel::chatFormat() const
{
    return d->format;
}

std::vector<std::int64_t> LanguageModel::stopTokens() const
{
    std::vector<std::int64_t> stops = config().eosTokenIds;
    if (const auto endOfTurn = d->tokenizer.tokenToId(chatEndOfTurnToken(d->format)))
        stops.push_back(static_cast<std::int64_t>(*endOfTurn));
    std::sort(stops.begin(), stops.end());
    stops.erase(std::unique(stops.begin(), stops.end()), stops.end());
    return stops;
}

std::vector<std::int64_t> LanguageModel::chatPrompt(const std::vector<ChatMessage> &messages,
                                                    const ChatRenderOptions &render) const
{
    EncodeOptions encode;
    encode.addSpecialTokens = false; // the rendered text carries its BOS already
    const std::vector<TokenId> ids = d->tokenizer.encode(renderChat(d->format, messages, render), encode);
    return {ids.begin(), ids.end()};
}

std::vector<GenerationResult> LanguageModel::generate(const std::vector<std::vector<std::int64_t>> &prompts,
                                                      const GenerationOptions &options, Progress &progress) const
{
    return crsw::generate(*d->model, prompts, options, progress);
}

std::vector<std::string> LanguageModel::reply(const std::vector<std::vector<ChatMessage>> &conversations,
                                              GenerationOptions options, Progress &progress,
                                              const ChatRenderOptions &render) const
{
    std::vector<std::vector<std::int64_t>> prompts;
    prompts.reserve(conversations.size());
    for (const auto &messages : conversations)
        prompts.push_back(chatPrompt(messages, render));
    if (options.stopTokens.empty())
        options.stopTokens = stopTokens();
    std::vector<std::string> replies;
    for (const GenerationResult &result : generate(prompts, options, progress)) {
        const std::vector<TokenId> ids(result.tokens.begin(), result.tokens.end());
        replies.push_back(d->tokenizer.decode(ids, /*skipSpecialTokens=*/true));
    }
    return replies;
}

} // namespace crsw
