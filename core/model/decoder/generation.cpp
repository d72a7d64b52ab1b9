#include "model/decoder/generation.h"

#include "common/error.h"
#include "model/decoder/attention_mask.h"
#include "model/decoder/causal_lm.h"
#include "model/decoder/kv_cache.h"
#include "model/decoder/token_sampler.h"

#include <torch/csrc/autograd/grad_mode.h>

#include <algorithm>

namespace crsw {

std::vector<GenerationResult> generate(CausalLMImpl &model, const std::vector<std::vector<std::int64_t>> &prompts,
                                       const GenerationOptions &options, Progress &progress)
{
    std::vector<GenerationResult> results(prompts.size());
    if (prompts.empty() || options.maxNewTokens <= 0)
        return results;
    const auto batch = static_cast<std::int64_t>(prompts.size());
    std::int64_t width = 0;
    for (const auto &prompt : prompts) {
        if (prompt.empty())
            throw Error("generate: an empty prompt (it needs at least a BOS token)");
        width = std::max<std::int64_t>(width, static_cast<std::int64_t>(prompt.size()));
    }

    // Left padding keeps every row's newest token in the last column.
    torch::Tensor ids = torch::full({batch, width}, options.padToken, torch::kLong);
    torch::Tensor mask = torch::zeros({batch, width}, torch::kLong);
    for (std::int64_t b = 0; b < batch; ++b) {
        const auto &prompt = prompts[static_cast<std::size_t>(b)];
        const auto length = static_cast<std::int64_t>(prompt.size());
        ids[b].narrow(0, width - length, length).copy_(torch::tensor(prompt, torch::kLong));
        mask[b].narrow(0, width - length, length).fill_(1);
    }

    torch::NoGradGuard noGrad;
    const torch::Device device = model.model->embed_tokens->weight.device();
    ids = ids.to(device);
    mask = mask.to(device);
    torch::Tensor positions = positionsFromMask(mask);
    KvCache cache(model.config().numHiddenLayers);
    TokenSampler sampler(options.sampling);
    std::vector<bool> finished(prompts.size(), false);

    torch::Tensor logits = model.forward(ids, mask, positions, &cache, /*lastPositionOnly=*/true);
    for (std::int64_t step = 0;; ++step) {
        progress.throwIfCancelled();
        const torch::Tensor next = sampler.next(logits.select(1, 0));
        const std::int64_t *picked = next.data_ptr<std::int64_t>();
        bool allDone = true;
        std::vector<std::int64_t> fed(prompts.size(), options.padToken);
        for (std::size_t b = 0; b < prompts.size(); ++b) {
            if (finished[b])
                continue;
            const std::int64_t token = picked[b];
            fed[b] = token;
            if (std::find(options.stopTokens.begin(), options.stopTokens.end(), token) != options.stopTokens.end()) {
                finished[b] = results[b].stopped = true;
            } else {
                results[b].tokens.push_back(token);
                finished[b] = static_cast<std::int64_t>(results[b].tokens.size()) >= options.maxNewTokens;
            }
            allDone = allDone && finished[b];
        }
        progress.report(static_cast<double>(step + 1) / static_cast<double>(options.maxNewTokens));
        if (allDone)
            break;
        // Finished rows keep stepping with a padding token (as transformers does); their output is ignored.
        const torch::Tensor stepIds = torch::tensor(fed, torch::kLong).unsqueeze(1).to(device);
        mask = torch::cat({mask, torch::ones({batch, 1}, mask.options())}, 1);
        positions = positions.narrow(1, positions.size(1) - 1, 1) + 1;
        logits = model.forward(stepIds, mask, positions, &cache, true);
    }
    return results;
}

std::vector<GenerationResult> generate(CausalLMImpl &model, const std::vector<std::vector<std::int64_t>> &prompts,
                                       const GenerationOptions &options)
{
    Progress quiet;
    return generate(model, prompts, options, quiet);
}

} // namespace crsw
