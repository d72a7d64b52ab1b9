#pragma once
// Torch header: include only from torch translation units, never from Qt code.

#include "model/decoder/decoder_layer.h"
#include "model/decoder/linear_layer.h"
#include "model/decoder/rotary_embedding.h"

#include <torch/nn/modules/container/modulelist.h>

namespace crsw {

class KvCache;

/// The decoder stack without the LM head (transformers' LlamaModel,
/// Qwen2Model, Gemma2Model): embed_tokens, layers.N, norm. Gemma 2 scales
/// the embeddings by sqrt(hidden_size).
class DecoderModelImpl : public torch::nn::Module {
public:
    /// Parameters are uninitialised until a checkpoint is loaded into them.
    DecoderModelImpl(const ModelConfig &config, const torch::TensorOptions &options);

    /// The last hidden state (after the final norm) [B, T, hidden] of ids [B, T].
    /// `attentionMask` [B, S] (1 = token, 0 = padding) covers the cached and the
    /// new tokens (S = cached + T); undefined = all tokens real. `positions`
    /// [B, T]: undefined = derived from the mask as generate() does. `cache`
    /// receives this call's keys/values.
    torch::Tensor forward(const torch::Tensor &ids, const torch::Tensor &attentionMask = {},
                          const torch::Tensor &positions = {}, KvCache *cache = nullptr);

    const ModelConfig &config() const { return m_config; }

    EmbeddingLayer embed_tokens{nullptr};
    torch::nn::ModuleList layers{nullptr};
    RmsNorm norm{nullptr};

private:
    ModelConfig m_config;
    RotaryEmbedding m_rotary;
    std::vector<DecoderLayer> m_layers; ///< the entries of `layers`, typed
};
TORCH_MODULE(DecoderModel);

} // namespace crsw
