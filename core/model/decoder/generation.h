#pragma once

#include "common/progress.h"
#include "model/decoder/sampling_options.h"

#include <cstdint>
#include <vector>

namespace crsw {

class CausalLMImpl;

/// Continues each prompt (token ids, no padding) with the KV cache: the
/// prompts are left-padded into one batch, prefilled once, then extended a
/// token per step until every row has hit a stop token or maxNewTokens.
/// Greedy output equals transformers' generate(do_sample=False). Reports
/// progress per step and stops with crsw::Cancelled when cancelled.
/// (Torch-free declaration; the model comes from loadCausalLM.)
std::vector<GenerationResult> generate(CausalLMImpl &model, const std::vector<std::vector<std::int64_t>> &prompts,
                                       const GenerationOptions &options, Progress &progress);

/// generate() without progress reporting.
std::vector<GenerationResult> generate(CausalLMImpl &model, const std::vector<std::vector<std::int64_t>> &prompts,
                                       const GenerationOptions &options);

} // namespace crsw
