#include "model/decoder/decoder_layer.h"

namespace crsw {

DecoderLayerImpl::DecoderLayerImpl(const ModelConfig &config, std::int64_t layerIndex,
                                   const torch::TensorOptions &options)
    : m_gemma(config.architecture == ModelArchitecture::Gemma2),
      m_sliding(static_cast<std::size_t>(layerIndex) < config.slidingLayers.size()
                && config.slidingLayers[static_cast<std::size_t>(layerIndex)])
{
    // Registration order follows transformers' so named_parameters() lists the same order.
    self_attn = register_module("self_attn", DecoderAttention(config, layerIndex, options));
    mlp = register_module("mlp", DecoderMlp(config, options));
    auto norm = [&](const char *name) {
        return register_module(name, RmsNorm(config.hiddenSize, config.rmsNormEps, m_gemma, options));
    };
    input_layernorm = norm("input_layernorm");
    post_attention_layernorm = norm("post_attention_layernorm");
    if (m_gemma) {
        pre_feedforward_layernorm = norm("pre_feedforward_layernorm");
        post_feedforward_layernorm = norm("post_feedforward_layernorm");
    }
}

torch::Tensor DecoderLayerImpl::forward(const torch::Tensor &x, const AttentionContext &context)
{
    if (m_gemma) {
        const torch::Tensor attention = self_attn->forward(input_layernorm->forward(x), context);
        const torch::Tensor h = x + post_attention_layernorm->forward(attention);
        return h + post_feedforward_layernorm->forward(mlp->forward(pre_feedforward_layernorm->forward(h)));
    }
    const torch::Tensor h = x + self_attn->forward(input_layernorm->forward(x), context);
    return h + mlp->forward(post_attention_layernorm->forward(h));
}

} // namespace crsw
