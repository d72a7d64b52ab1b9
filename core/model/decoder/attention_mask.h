#pragma once
// Torch header: include only from torch translation units, never from Qt code.

#include <torch/types.h>

#include <optional>

namespace crsw {

/// Which keys each query may attend to: [B, 1, T, S] bool, true = attend.
/// Queries are the last T of S positions (S - T are cached). Key s is visible
/// to query q when it is not padding (keyMask[b, s] != 0), not in the future
/// (s <= q) and, with a window w, one of the last w positions (s > q - w), as
/// transformers' causal and sliding-window masks define them.
torch::Tensor attentionAllowed(const torch::Tensor &keyMask, std::int64_t queries,
                               std::optional<std::int64_t> window = std::nullopt);

/// Position ids from a (left-padded) attention mask [B, S] as generate() makes
/// them: the count of real tokens before each one; padding gets 1.
torch::Tensor positionsFromMask(const torch::Tensor &mask);

/// The most negative finite value of a floating dtype: what a masked score
/// becomes (-inf would turn a fully masked padding row into NaN).
double lowestFinite(torch::ScalarType dtype);

} // namespace crsw
