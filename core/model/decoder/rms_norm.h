#pragma once
// Torch header: include only from torch translation units, never from Qt code.

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

namespace crsw {

/// RMSNorm as Hugging Face computes it: in float32, then back to the input
/// dtype. Llama/Qwen2 scale by `weight` after the cast back; Gemma 2 scales by
/// (1 + weight) before it (`unitOffset`). Parameter "weight" [dim], uninitialised.
class RmsNormImpl : public torch::nn::Module {
public:
    RmsNormImpl(std::int64_t dim, double eps, bool unitOffset, const torch::TensorOptions &options);

    /// x [..., dim] -> same shape and dtype.
    torch::Tensor forward(const torch::Tensor &x);

    torch::Tensor weight;

private:
    double m_eps;
    bool m_unitOffset;
};
TORCH_MODULE(RmsNorm);

} // namespace crsw
