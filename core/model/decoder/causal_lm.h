#pragma once
// Torch header: include only from torch translation units, never from Qt code.

#include "model/decoder/decoder_model.h"

namespace crsw {

/// A decoder with its LM head: LlamaForCausalLM, Qwen2ForCausalLM or
/// Gemma2ForCausalLM. Parameters are named as in the Hugging Face checkpoint
/// ("model.layers.0.self_attn.q_proj.weight", "lm_head.weight"); with tied
/// embeddings there is no lm_head and the head reuses model.embed_tokens.weight.
/// Gemma 2 soft-caps the logits (final_logit_softcapping).
class CausalLMImpl : public torch::nn::Module {
public:
    /// Parameters are uninitialised until a checkpoint is loaded (loadCausalLM).
    CausalLMImpl(const ModelConfig &config, const torch::TensorOptions &options);

    /// Logits [B, T, vocab] (or [B, 1, vocab] with lastPositionOnly) for ids
    /// [B, T]; the arguments are DecoderModelImpl::forward's.
    torch::Tensor forward(const torch::Tensor &ids, const torch::Tensor &attentionMask = {},
                          const torch::Tensor &positions = {}, KvCache *cache = nullptr,
                          bool lastPositionOnly = false);

    /// Logits of hidden states [..., hidden] (the head and soft-capping alone).
    torch::Tensor logits(const torch::Tensor &hidden);

    const ModelConfig &config() const { return model->config(); }

    DecoderModel model{nullptr};
    LinearLayer lm_head{nullptr}; ///< null when the embeddings are tied
};
TORCH_MODULE(CausalLM);

} // namespace crsw
