#include "model/decoder/rotary_embedding.h"

#include <cmath>

namespace crsw {

namespace {

/// transformers' _compute_llama3_parameters: long wavelengths are divided by
/// `factor`, short ones kept, the band between smoothly interpolated.
torch::Tensor llama3Frequencies(const torch::Tensor &invFreq, const RopeScaling &s)
{
    const double oldContext = static_cast<double>(s.originalMaxPositionEmbeddings);
    const double lowFreqWavelen = oldContext / s.lowFreqFactor;
    const double highFreqWavelen = oldContext / s.highFreqFactor;
    const torch::Tensor wavelen = 2.0 * M_PI / invFreq;
    torch::Tensor scaled = torch::where(wavelen > lowFreqWavelen, invFreq / s.factor, invFreq);
    const torch::Tensor smooth = (oldContext / wavelen - s.lowFreqFactor) / (s.highFreqFactor - s.lowFreqFactor);
    const torch::Tensor smoothed = (1 - smooth) * scaled / s.factor + smooth * scaled;
    const torch::Tensor medium = (wavelen >= highFreqWavelen).logical_and(wavelen <= lowFreqWavelen);
    return torch::where(medium, smoothed, scaled);
}

} // namespace

RotaryEmbedding::RotaryEmbedding(const ModelConfig &config)
{
    const std::int64_t dim = config.headDim;
    // Same op order as transformers (float32 throughout) so the angles match bit for bit.
    const torch::Tensor exponents = torch::arange(0, dim, 2, torch::kLong).to(torch::kFloat) / static_cast<double>(dim);
    m_invFreq = 1.0 / torch::pow(config.ropeTheta, exponents);
    if (config.ropeScaling) {
        if (config.ropeScaling->type == "llama3")
            m_invFreq = llama3Frequencies(m_invFreq, *config.ropeScaling);
        else if (config.ropeScaling->type == "linear")
            m_invFreq = m_invFreq / config.ropeScaling->factor;
    }
}

std::pair<torch::Tensor, torch::Tensor> RotaryEmbedding::cosSin(const torch::Tensor &positions,
                                                                torch::ScalarType dtype) const
{
    const torch::Tensor freqs = positions.unsqueeze(-1).to(torch::kFloat) * m_invFreq.to(positions.device());
    const torch::Tensor angles = torch::cat({freqs, freqs}, -1);
    return {angles.cos().to(dtype), angles.sin().to(dtype)};
}

torch::Tensor RotaryEmbedding::apply(const torch::Tensor &x, const torch::Tensor &cos, const torch::Tensor &sin)
{
    const std::int64_t half = x.size(-1) / 2;
    const torch::Tensor rotated = torch::cat({-x.narrow(-1, half, half), x.narrow(-1, 0, half)}, -1);
    // cos/sin are per (batch, position); broadcast them over the heads.
    return x * cos.unsqueeze(1) + rotated * sin.unsqueeze(1);
}

} // namespace crsw
