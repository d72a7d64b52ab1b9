#pragma once
// Torch header: include only from torch translation units, never from Qt code.

#include "model/decoder/decoder_attention.h"
#include "model/decoder/decoder_mlp.h"
#include "model/decoder/rms_norm.h"

namespace crsw {

/// One transformer block. Llama and Qwen2 are pre-norm:
///   h = x + attn(input_layernorm(x)); out = h + mlp(post_attention_layernorm(h)).
/// Gemma 2 also normalises each branch's output ("sandwich" norms, (1 + w) scale):
///   h = x + post_attention_layernorm(attn(input_layernorm(x)));
///   out = h + post_feedforward_layernorm(mlp(pre_feedforward_layernorm(h))).
class DecoderLayerImpl : public torch::nn::Module {
public:
    DecoderLayerImpl(const ModelConfig &config, std::int64_t layerIndex, const torch::TensorOptions &options);

    /// x [B, T, hidden] -> [B, T, hidden].
    torch::Tensor forward(const torch::Tensor &x, const AttentionContext &context);

    /// True when this layer attends through the sliding window.
    bool sliding() const { return m_sliding; }

    DecoderAttention self_attn{nullptr};
    DecoderMlp mlp{nullptr};
    RmsNorm input_layernorm{nullptr}, post_attention_layernorm{nullptr};
    RmsNorm pre_feedforward_layernorm{nullptr}, post_feedforward_layernorm{nullptr}; ///< Gemma 2 only

private:
    bool m_gemma;
    bool m_sliding;
};
TORCH_MODULE(DecoderLayer);

} // namespace crsw
