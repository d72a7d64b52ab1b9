#include "model/decoder/decoder_attention.h"

#include "model/decoder/attention_mask.h"
#include "model/decoder/kv_cache.h"
#include "model/decoder/rotary_embedding.h"

#include <cmath>

namespace crsw {

DecoderAttentionImpl::DecoderAttentionImpl(const ModelConfig &config, std::int64_t layerIndex,
                                           const torch::TensorOptions &options)
    : m_layerIndex(layerIndex),
      m_heads(config.numAttentionHeads),
      m_kvHeads(config.numKeyValueHeads),
      m_headDim(config.headDim)
{
    const std::int64_t hidden = config.hiddenSize;
    q_proj = register_module("q_proj", LinearLayer(hidden, m_heads * m_headDim, config.attentionBias, options));
    k_proj = register_module("k_proj", LinearLayer(hidden, m_kvHeads * m_headDim, config.attentionBias, options));
    v_proj = register_module("v_proj", LinearLayer(hidden, m_kvHeads * m_headDim, config.attentionBias, options));
    o_proj = register_module("o_proj", LinearLayer(m_heads * m_headDim, hidden, config.attentionOutputBias, options));
    const bool gemma = config.architecture == ModelArchitecture::Gemma2;
    m_scale = 1.0 / std::sqrt(gemma ? config.queryPreAttnScalar : static_cast<double>(m_headDim));
    if (gemma)
        m_softcap = config.attnLogitSoftcapping;
}

torch::Tensor DecoderAttentionImpl::forward(const torch::Tensor &x, const AttentionContext &context)
{
    const std::int64_t batch = x.size(0);
    const std::int64_t tokens = x.size(1);
    auto heads = [&](LinearLayer &proj, std::int64_t count) {
        return proj->forward(x).view({batch, tokens, count, m_headDim}).transpose(1, 2);
    };
    torch::Tensor q = RotaryEmbedding::apply(heads(q_proj, m_heads), context.cos, context.sin);
    torch::Tensor k = RotaryEmbedding::apply(heads(k_proj, m_kvHeads), context.cos, context.sin);
    torch::Tensor v = heads(v_proj, m_kvHeads);
    if (context.cache)
        std::tie(k, v) = context.cache->append(m_layerIndex, k, v);

    // GQA: query head h reads key/value head h / (heads / kvHeads), as repeat_kv lays them out.
    const std::int64_t groups = m_heads / m_kvHeads;
    if (groups > 1) {
        auto repeat = [&](const torch::Tensor &t) {
            return t.unsqueeze(2)
                .expand({batch, m_kvHeads, groups, t.size(2), m_headDim})
                .reshape({batch, m_heads, t.size(2), m_headDim});
        };
        k = repeat(k);
        v = repeat(v);
    }

    torch::Tensor scores = torch::matmul(q, k.transpose(2, 3)) * m_scale;
    if (m_softcap)
        scores = torch::tanh(scores / *m_softcap) * *m_softcap;
    scores = scores.masked_fill(context.allowed.logical_not(), lowestFinite(scores.scalar_type()));
    const torch::Tensor weights = torch::softmax(scores, -1, torch::kFloat).to(q.scalar_type());
    const torch::Tensor out = torch::matmul(weights, v).transpose(1, 2).reshape({batch, tokens, m_heads * m_headDim});
    return o_proj->forward(out);
}

} // namespace crsw
