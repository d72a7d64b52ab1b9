#pragma once
// Torch header: include only from torch translation units, never from Qt code.

#include "model/model_config.h"

#include <torch/types.h>

#include <utility>

namespace crsw {

/// Rotary position embedding (RoPE) with the frequencies of the config:
/// plain, "linear" or Llama 3 ("llama3") scaled, computed in float32 exactly
/// as transformers' rope init functions do. Not a module: the frequencies
/// are derived from config.json, never stored in a checkpoint.
class RotaryEmbedding {
public:
    explicit RotaryEmbedding(const ModelConfig &config);

    /// The inverse frequencies [headDim / 2] (float32, CPU).
    const torch::Tensor &inverseFrequencies() const { return m_invFreq; }

    /// cos and sin [B, T, headDim] for positions [B, T] (int64), in `dtype`
    /// and on the positions' device.
    std::pair<torch::Tensor, torch::Tensor> cosSin(const torch::Tensor &positions, torch::ScalarType dtype) const;

    /// x * cos + rotate_half(x) * sin for x [B, heads, T, headDim] and cos/sin from cosSin().
    static torch::Tensor apply(const torch::Tensor &x, const torch::Tensor &cos, const torch::Tensor &sin);

private:
    torch::Tensor m_invFreq;
};

} // namespace crsw
