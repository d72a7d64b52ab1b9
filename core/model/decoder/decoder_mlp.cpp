#include "model/decoder/decoder_mlp.h"

#include "model/decoder/row_projection.h"

namespace crsw {

DecoderMlpImpl::DecoderMlpImpl(const ModelConfig &config, const torch::TensorOptions &options)
    : m_activation(config.hiddenActivation)
{
    const std::int64_t hidden = config.hiddenSize;
    const std::int64_t inner = config.intermediateSize;
    gate_proj = register_module("gate_proj", LinearLayer(hidden, inner, config.mlpBias, options));
    up_proj = register_module("up_proj", LinearLayer(hidden, inner, config.mlpBias, options));
    down_proj = register_module("down_proj", LinearLayer(inner, hidden, config.mlpBias, options));
}

torch::Tensor DecoderMlpImpl::forward(const torch::Tensor &x)
{
    const torch::Tensor gate = projectRows(*gate_proj, x);
    torch::Tensor activated;
    if (m_activation == "silu")
        activated = torch::silu(gate);
    else if (m_activation == "gelu_pytorch_tanh")
        activated = torch::gelu(gate, "tanh");
    else
        activated = torch::gelu(gate); // "gelu": the exact erf form
    return projectRows(*down_proj, activated * projectRows(*up_proj, x));
}

} // namespace crsw
