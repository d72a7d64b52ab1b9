#pragma once
// Torch header: include only from torch translation units, never from Qt code.

#include "model/decoder/linear_layer.h"
#include "model/model_config.h"

namespace crsw {

/// The gated feed-forward block: down(act(gate(x)) * up(x)), SwiGLU with
/// "silu" (Llama, Qwen2) or GeGLU with "gelu_pytorch_tanh" (Gemma 2).
/// Submodules gate_proj, up_proj, down_proj as in transformers.
class DecoderMlpImpl : public torch::nn::Module {
public:
    DecoderMlpImpl(const ModelConfig &config, const torch::TensorOptions &options);

    /// x [..., hidden] -> [..., hidden].
    torch::Tensor forward(const torch::Tensor &x);

    LinearLayer gate_proj{nullptr}, up_proj{nullptr}, down_proj{nullptr};

private:
    std::string m_activation;
};
TORCH_MODULE(DecoderMlp);

} // namespace crsw
