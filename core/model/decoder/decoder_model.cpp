#include "model/decoder/decoder_model.h"

#include "common/error.h"
#include "model/decoder/attention_mask.h"
#include "model/decoder/kv_cache.h"

#include <cmath>

namespace crsw {

DecoderModelImpl::DecoderModelImpl(const ModelConfig &config, const torch::TensorOptions &options)
    : m_config(config), m_rotary(config)
{
    const bool gemma = config.architecture == ModelArchitecture::Gemma2;
    embed_tokens = register_module("embed_tokens", EmbeddingLayer(config.vocabSize, config.hiddenSize, options));
    layers = register_module("layers", torch::nn::ModuleList());
    for (std::int64_t i = 0; i < config.numHiddenLayers; ++i) {
        m_layers.push_back(DecoderLayer(config, i, options));
        layers->push_back(m_layers.back());
    }
    norm = register_module("norm", RmsNorm(config.hiddenSize, config.rmsNormEps, gemma, options));
}

torch::Tensor DecoderModelImpl::forward(const torch::Tensor &ids, const torch::Tensor &attentionMask,
                                        const torch::Tensor &positions, KvCache *cache)
{
    if (ids.dim() != 2)
        throw Error("decoder: expected token ids [batch, tokens], got " + std::to_string(ids.dim()) + " dimensions");
    const std::int64_t batch = ids.size(0);
    const std::int64_t tokens = ids.size(1);
    const std::int64_t past = cache ? cache->length() : 0;
    const torch::Tensor mask = attentionMask.defined()
        ? attentionMask
        : torch::ones({batch, past + tokens}, ids.options().dtype(torch::kLong));
    if (mask.size(0) != batch || mask.size(1) != past + tokens)
        throw Error("decoder: attention mask covers " + std::to_string(mask.size(1)) + " tokens, expected "
                    + std::to_string(past + tokens) + " (cached " + std::to_string(past) + " + new "
                    + std::to_string(tokens) + ")");
    // An id past the vocabulary would make the embedding lookup fail without saying why.
    if (ids.numel() > 0) {
        const std::int64_t low = ids.min().item<std::int64_t>();
        const std::int64_t high = ids.max().item<std::int64_t>();
        if (low < 0 || high >= m_config.vocabSize)
            throw Error("decoder: token id " + std::to_string(low < 0 ? low : high)
                        + " is outside the model's vocabulary (vocab_size " + std::to_string(m_config.vocabSize) + ")");
    }
    const torch::Tensor pos = positions.defined() ? positions : positionsFromMask(mask).narrow(1, past, tokens);

    torch::Tensor h = embed_tokens->forward(ids);
    if (m_config.architecture == ModelArchitecture::Gemma2) {
        // Gemma2ScaledWordEmbedding: the scale is rounded to the weight dtype first.
        const double scale = std::sqrt(static_cast<double>(m_config.hiddenSize));
        h = h * torch::scalar_tensor(scale, h.options());
    }

    AttentionContext context;
    std::tie(context.cos, context.sin) = m_rotary.cosSin(pos, h.scalar_type());
    context.cache = cache;
    const torch::Tensor fullMask = attentionAllowed(mask, tokens);
    torch::Tensor slidingMask;
    if (m_config.slidingWindow)
        slidingMask = attentionAllowed(mask, tokens, m_config.slidingWindow);
    const bool plainCausal = !attentionMask.defined() && past == 0;
    // The fused attention kernel takes an additive mask, with the lowest finite value
    // as the eager path uses: a query with no visible key (left padding) then averages
    // instead of giving NaN, which its value rows would carry into real tokens.
    const bool fused = fusedAttentionOn(h.device());
    // bf16's lowest, not fp32's: autocast casts the mask to bf16, where fp32's lowest is -inf.
    const double lowest = lowestFinite(h.scalar_type() == torch::kHalf ? torch::kHalf : torch::kBFloat16);
    auto additive = [&](const torch::Tensor &allowed) {
        return torch::zeros(allowed.sizes(), h.options()).masked_fill(allowed.logical_not(), lowest);
    };
    const torch::Tensor fullBias = fused && !plainCausal ? additive(fullMask) : torch::Tensor();
    const torch::Tensor slidingBias = fused && slidingMask.defined() ? additive(slidingMask) : torch::Tensor();
    for (DecoderLayer &layer : m_layers) {
        context.allowed = layer->sliding() ? slidingMask : fullMask;
        context.causalOnly = fused && plainCausal && !layer->sliding();
        context.additiveMask = layer->sliding() ? slidingBias : fullBias;
        h = layer->forward(h, context);
    }
    if (cache)
        cache->advance(tokens);
    return norm->forward(h);
}

} // namespace crsw
