#pragma once
// Torch header: include only from torch translation units, never from Qt code.

#include <torch/nn/init.h>
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>
#include <torch/utils.h>

#include <cmath>
#include <stdexcept>

namespace crsw {

/// y = x W^T (+ b) with Hugging Face's parameter names ("weight", "bias").
/// Unlike torch::nn::Linear it does not initialise its weights: decoders are
/// always filled from a checkpoint, and skipping a random init of billions of
/// parameters saves seconds and a float32 copy of the model.
class LinearLayerImpl : public torch::nn::Module {
public:
    /// A [out, in] weight (and an [out] bias when `bias`), uninitialised, with `options`.
    LinearLayerImpl(std::int64_t in, std::int64_t out, bool bias, const torch::TensorOptions &options)
    {
        weight = register_parameter("weight", torch::empty({out, in}, options));
        if (bias)
            this->bias = register_parameter("bias", torch::empty({out}, options));
    }

    /// x [..., in] -> [..., out]; with a LoRA adapter (not merged) adds
    /// scaling * B A dropout(x), as PEFT's lora.Linear does.
    torch::Tensor forward(const torch::Tensor &x)
    {
        torch::Tensor y = torch::linear(x, weight, bias);
        if (!lora_A.defined() || m_loraMerged)
            return y;
        const torch::Tensor h = m_loraDropout > 0.0 ? torch::dropout(x, m_loraDropout, is_training()) : x;
        return y + torch::linear(torch::linear(h, lora_A), lora_B) * m_loraScaling;
    }

    // --- LoRA (used by core/train; see core/train/lora_adapter.h) ---

    /// Adds LoRA parameters "lora_A" [rank, in] (Kaiming-uniform, a = sqrt(5),
    /// as PEFT's default init) and "lora_B" [out, rank] (zeros, so the layer's
    /// output is unchanged), scaling = `scaling` (alpha / rank), dropout on the
    /// adapter's input; freezes the base weight and bias. Throws
    /// std::logic_error when the layer already has an adapter.
    void enableLora(std::int64_t rank, double scaling, double dropout)
    {
        if (lora_A.defined())
            throw std::logic_error("LinearLayer: a LoRA adapter is already attached");
        weight.set_requires_grad(false);
        if (bias.defined())
            bias.set_requires_grad(false);
        const auto options = weight.options().requires_grad(false);
        // A is drawn on the CPU from its default generator and then moved, so a
        // seed gives the same adapter on every device.
        torch::Tensor initialA = torch::empty({rank, weight.size(1)}, torch::kFloat);
        {
            torch::NoGradGuard noGrad;
            torch::nn::init::kaiming_uniform_(initialA, std::sqrt(5.0));
        }
        lora_A = register_parameter("lora_A", initialA.to(options));
        lora_B = register_parameter("lora_B", torch::zeros({weight.size(0), rank}, options));
        m_loraScaling = scaling;
        m_loraDropout = dropout;
    }

    /// Folds the adapter into the weight (W += scaling * B A); forward() then
    /// skips it. The lora_A/lora_B parameters stay registered (libtorch cannot
    /// unregister a parameter) but no longer take part.
    void mergeLora()
    {
        if (!lora_A.defined() || m_loraMerged)
            return;
        torch::NoGradGuard noGrad;
        weight.add_(torch::matmul(lora_B, lora_A).to(weight.scalar_type()), m_loraScaling);
        m_loraMerged = true;
    }

    bool hasLora() const { return lora_A.defined(); }
    bool loraMerged() const { return m_loraMerged; }
    double loraScaling() const { return m_loraScaling; }
    double loraDropout() const { return m_loraDropout; }

    torch::Tensor weight;
    torch::Tensor bias;   ///< undefined without a bias
    torch::Tensor lora_A; ///< [rank, in]; undefined without a LoRA adapter
    torch::Tensor lora_B; ///< [out, rank]; undefined without a LoRA adapter

private:
    double m_loraScaling = 0.0;
    double m_loraDropout = 0.0;
    bool m_loraMerged = false;
};
TORCH_MODULE(LinearLayer);

/// A token embedding table named like Hugging Face's ("weight", [vocab, hidden]); uninitialised.
class EmbeddingLayerImpl : public torch::nn::Module {
public:
    EmbeddingLayerImpl(std::int64_t vocab, std::int64_t hidden, const torch::TensorOptions &options)
    {
        weight = register_parameter("weight", torch::empty({vocab, hidden}, options));
    }

    /// ids [...] (int64) -> [..., hidden].
    torch::Tensor forward(const torch::Tensor &ids) { return torch::embedding(weight, ids); }

    torch::Tensor weight;
};
TORCH_MODULE(EmbeddingLayer);

} // namespace crsw
