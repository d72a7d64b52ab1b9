#pragma once
// Internal to core/model/decoder (included by its .cpp files only).

#include "model/decoder/autocast_region.h"
#include "model/decoder/linear_layer.h"

#include <torch/csrc/autograd/grad_mode.h>

#include <vector>

namespace crsw {

/// layer->forward(x), but a single float32 row without gradients (batch-1
/// decoding) goes through matrix-vector: OpenBLAS's sgemm (0.3.21, Debian)
/// repacks the whole weight for every call, which was ~45% of a batch-1
/// generation step; sgemv reads it once, as MKL's gemm does for one row.
/// LoRA layers, autocast and training keep LinearLayer::forward.
inline torch::Tensor projectRows(LinearLayerImpl &layer, const torch::Tensor &x)
{
    const std::int64_t in = x.size(-1);
    if (x.numel() != in || layer.hasLora() || torch::GradMode::is_enabled() || x.scalar_type() != torch::kFloat
        || layer.weight.scalar_type() != torch::kFloat || !x.device().is_cpu() || autocastEnabled(at::kCPU))
        return layer.forward(x);
    std::vector<std::int64_t> shape = x.sizes().vec();
    shape.back() = layer.weight.size(0);
    torch::Tensor y = layer.bias.defined() ? torch::addmv(layer.bias, layer.weight, x.reshape({in}))
                                           : torch::mv(layer.weight, x.reshape({in}));
    return y.view(shape);
}

} // namespace crsw
