#pragma once
// Torch header: include only from torch translation units, never from Qt code.

#include "train/sft_example.h"

#include <torch/types.h>

#include <cstdint>
#include <vector>

namespace crsw {

/// Right-padded token ids [B, T] and labels [B, T] (kIgnoreLabel on padding).
/// Right padding needs no attention mask for a causal decoder: a real token
/// never sees the padding after it, and positions stay 0..n-1.
struct SftBatch {
    torch::Tensor ids;
    torch::Tensor labels;
    std::int64_t tokens = 0;         ///< real (non-padding) tokens
    std::int64_t labelledTokens = 0; ///< tokens with a label (after the shift: predicted ones)
};

/// Collates `examples[indices]` into one batch, padding ids with `padId`.
SftBatch collate(const std::vector<SftExample> &examples, const std::vector<std::size_t> &indices,
                 std::int64_t padId);

/// The order examples are visited in `epoch`: a Fisher-Yates shuffle of
/// 0..count-1 by xoshiro256** seeded from (seed, epoch). A pure function, so
/// the data position of a run is a function of its step alone.
std::vector<std::size_t> epochOrder(std::size_t count, std::uint64_t seed, std::int64_t epoch);

} // namespace crsw
