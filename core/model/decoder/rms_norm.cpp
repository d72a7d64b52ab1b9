#include "model/decoder/rms_norm.h"

namespace crsw {

RmsNormImpl::RmsNormImpl(std::int64_t dim, double eps, bool unitOffset, const torch::TensorOptions &options)
    : m_eps(eps), m_unitOffset(unitOffset)
{
    weight = register_parameter("weight", torch::empty({dim}, options));
}

torch::Tensor RmsNormImpl::forward(const torch::Tensor &x)
{
    const torch::Tensor xf = x.to(torch::kFloat);
    const torch::Tensor normed = xf * torch::rsqrt(xf.pow(2).mean(-1, /*keepdim=*/true) + m_eps);
    // The order of scale and cast differs between the families (transformers PR 29402); it
    // matters in bf16, and matching it keeps bf16 outputs bit-identical to Hugging Face's.
    if (m_unitOffset)
        return (normed * (weight.to(torch::kFloat) + 1.0)).to(x.scalar_type());
    return weight * normed.to(x.scalar_type());
}

} // namespace crsw
