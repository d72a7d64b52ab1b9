#include "model/decoder/token_sampler.h"

#include <ATen/CPUGeneratorImpl.h>

#include <limits>

namespace crsw {

TokenSampler::TokenSampler(const SamplingOptions &options)
    : m_options(options), m_generator(at::make_generator<at::CPUGeneratorImpl>(options.seed))
{
}

torch::Tensor TokenSampler::next(const torch::Tensor &logits)
{
    // Sampling runs on the CPU in float32: B x vocab is small, and one CPU
    // generator makes a seed give the same tokens on every device.
    torch::Tensor scores = logits.detach().to(torch::kCPU, torch::kFloat);
    if (m_options.temperature <= 0.0)
        return scores.argmax(-1);
    scores = scores / m_options.temperature;
    if (m_options.topP < 1.0)
        scores = topPFilter(scores, m_options.topP);
    const torch::Tensor probs = torch::softmax(scores, -1);
    return torch::multinomial(probs, 1, /*replacement=*/false, m_generator).squeeze(-1);
}

torch::Tensor TokenSampler::topPFilter(const torch::Tensor &logits, double topP)
{
    // As TopPLogitsWarper: sort ascending, drop the tokens whose cumulative
    // probability stays within 1 - top_p, always keep the most likely one.
    const auto sorted = logits.sort(-1, /*descending=*/false);
    const torch::Tensor &sortedLogits = std::get<0>(sorted);
    const torch::Tensor &sortedIndices = std::get<1>(sorted);
    torch::Tensor remove = sortedLogits.softmax(-1).cumsum(-1) <= (1.0 - topP);
    remove.narrow(-1, remove.size(-1) - 1, 1).fill_(false);
    const torch::Tensor removeByToken = remove.scatter(-1, sortedIndices, remove);
    return logits.masked_fill(removeByToken, -std::numeric_limits<float>::infinity());
}

} // namespace crsw
