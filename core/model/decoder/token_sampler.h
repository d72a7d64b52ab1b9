#pragma once
// Torch header: include only from torch translation units, never from Qt code.

#include "model/decoder/sampling_options.h"

#include <ATen/core/Generator.h>
#include <torch/types.h>

namespace crsw {

/// Picks the next token of each row from its logits: argmax when greedy,
/// else temperature then top-p (transformers' TemperatureLogitsWarper and
/// TopPLogitsWarper) and a multinomial draw from a seeded CPU generator.
class TokenSampler {
public:
    explicit TokenSampler(const SamplingOptions &options);

    /// logits [B, vocab] (any device, any float dtype) -> token ids [B] (int64, CPU).
    torch::Tensor next(const torch::Tensor &logits);

    /// The logits top-p keeps (others set to -inf), for logits [B, vocab] (float32).
    static torch::Tensor topPFilter(const torch::Tensor &logits, double topP);

private:
    SamplingOptions m_options;
    at::Generator m_generator;
};

} // namespace crsw
