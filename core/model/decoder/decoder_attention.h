#pragma once
// Torch header: include only from torch translation units, never from Qt code.

#include "model/decoder/linear_layer.h"
#include "model/model_config.h"

#include <optional>

namespace crsw {

class KvCache;

/// What one attention call sees besides its input.
struct AttentionContext {
    torch::Tensor cos;         ///< [B, T, headDim] from RotaryEmbedding::cosSin
    torch::Tensor sin;
    torch::Tensor allowed;     ///< [B, 1, T, S] from attentionAllowed (this layer's window)
    KvCache *cache = nullptr;  ///< keys/values of earlier tokens; nullptr = none
    /// Fused attention (fusedAttentionOn) with the plain causal mask (no
    /// padding, no cache, no window): the kernel then needs no mask at all.
    bool causalOnly = false;
    /// Fused attention otherwise: `allowed` as an additive mask (0 or the
    /// lowest finite value), made once per forward pass, not per layer.
    /// Neither set: the eager path.
    torch::Tensor additiveMask;
};

/// Whether attention of tensors on `device` runs through libtorch's fused
/// scaled_dot_product_attention (libtorch >= 2.1; flash / memory-efficient
/// kernels on CUDA) instead of the eager matmul-softmax-matmul. On by default
/// for CUDA only, so CPU results stay bit-identical to the goldens; the
/// environment variable CRSW_FUSED_ATTENTION=1 forces it everywhere (tests),
/// =0 turns it off.
bool fusedAttentionOn(const torch::Device &device);

/// Multi-head self-attention with grouped key/value heads (GQA), RoPE, an
/// optional bias on q/k/v (Qwen2) and o (Llama "attention_bias"), Gemma 2's
/// query_pre_attn_scalar scale and logit soft-capping. Submodules q_proj,
/// k_proj, v_proj, o_proj as in transformers; the eager path's arithmetic.
class DecoderAttentionImpl : public torch::nn::Module {
public:
    DecoderAttentionImpl(const ModelConfig &config, std::int64_t layerIndex, const torch::TensorOptions &options);

    /// x [B, T, hidden] -> [B, T, hidden].
    torch::Tensor forward(const torch::Tensor &x, const AttentionContext &context);

    LinearLayer q_proj{nullptr}, k_proj{nullptr}, v_proj{nullptr}, o_proj{nullptr};

private:
    std::int64_t m_layerIndex;
    std::int64_t m_heads;
    std::int64_t m_kvHeads;
    std::int64_t m_headDim;
    double m_scale;
    std::optional<double> m_softcap;
};
TORCH_MODULE(DecoderAttention);

} // namespace crsw
