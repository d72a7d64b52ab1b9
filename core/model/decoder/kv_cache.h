#pragma once
// Torch header: include only from torch translation units, never from Qt code.

#include <torch/types.h>

#include <utility>
#include <vector>

namespace crsw {

/// The keys and values of the tokens seen so far, per layer, [B, kvHeads, S, headDim].
/// Storage grows by doubling so a generation step copies only its new token.
/// A forward pass appends to every layer, then calls advance().
class KvCache {
public:
    explicit KvCache(std::int64_t layers);

    /// Tokens stored (before the forward pass in progress).
    std::int64_t length() const { return m_length; }
    /// Writes this pass's keys/values [B, kvHeads, T, headDim] of `layer` after
    /// the stored ones and returns all of them [B, kvHeads, length() + T, headDim].
    std::pair<torch::Tensor, torch::Tensor> append(std::int64_t layer, const torch::Tensor &keys,
                                                   const torch::Tensor &values);
    /// Marks `tokens` more tokens as stored (after every layer appended them).
    void advance(std::int64_t tokens) { m_length += tokens; }

private:
    struct Layer {
        torch::Tensor keys;
        torch::Tensor values;
    };
    std::vector<Layer> m_layers;
    std::int64_t m_length = 0;
};

} // namespace crsw
