#include "model/lm_embedder.h"

#include "common/error.h"
#include "model/decoder/checkpoint_loader.h"
#include "model/tokenizer/tokenizer.h"

#include <torch/csrc/autograd/grad_mode.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <sys/stat.h>

namespace crsw {

namespace {

bool fileExists(const std::string &path)
{
    struct stat st{};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

} // namespace

struct LmEmbedder::Impl {
    std::string name;
    LmEmbedderOptions options;
    CausalLM model{nullptr};
    std::optional<Tokenizer> tokenizer;
};

LmEmbedder::LmEmbedder(const std::string &modelFolder, const LmEmbedderOptions &options) : d(std::make_unique<Impl>())
{
    d->options = options;
    std::string folder = modelFolder;
    while (folder.size() > 1 && folder.back() == '/')
        folder.pop_back();
    d->name = "lm:" + folder.substr(folder.find_last_of('/') + 1);
    d->model = loadCausalLM(folder, DecoderLoadOptions::parse(options.device, options.dtype));
    if (fileExists(folder + "/tokenizer.json"))
        d->tokenizer.emplace(Tokenizer::fromFile(folder + "/tokenizer.json"));
}

LmEmbedder::~LmEmbedder() = default;

std::string LmEmbedder::name() const
{
    return d->name;
}

std::size_t LmEmbedder::dimension() const
{
    return static_cast<std::size_t>(d->model->config().hiddenSize);
}

void LmEmbedder::fit(const std::vector<std::string_view> &, Progress &) {}

void LmEmbedder::embed(const std::vector<std::string_view> &texts, float *out, Progress &progress) const
{
    if (!d->tokenizer)
        throw Error(d->name + ": the model folder has no tokenizer.json");
    EncodeOptions encode;
    encode.addSpecialTokens = d->options.addSpecialTokens;
    std::vector<std::vector<std::int64_t>> ids;
    ids.reserve(texts.size());
    for (std::string_view text : texts) {
        const std::vector<TokenId> tokens = d->tokenizer->encode(text, encode);
        std::vector<std::int64_t> row(tokens.begin(), tokens.end());
        if (static_cast<std::int64_t>(row.size()) > d->options.maxTokens)
            row.resize(static_cast<std::size_t>(d->options.maxTokens));
        ids.push_back(std::move(row));
    }
    embedTokens(ids, out, progress);
}

void LmEmbedder::embedTokens(const std::vector<std::vector<std::int64_t>> &ids, float *out, Progress &progress) const
{
    torch::NoGradGuard noGrad;
    const std::int64_t hidden = d->model->config().hiddenSize;
    const torch::Device device = d->model->model->embed_tokens->weight.device();
    const auto total = static_cast<std::int64_t>(ids.size());
    const std::int64_t step = std::max<std::int64_t>(1, d->options.batchSize);
    for (std::int64_t start = 0; start < total; start += step) {
        progress.throwIfCancelled();
        const std::int64_t count = std::min(step, total - start);
        std::int64_t width = 1;
        for (std::int64_t i = start; i < start + count; ++i)
            width = std::max<std::int64_t>(width, static_cast<std::int64_t>(ids[static_cast<std::size_t>(i)].size()));
        // Left padding, as for generation; padded positions are masked out of attention and of the mean.
        torch::Tensor batch = torch::zeros({count, width}, torch::kLong);
        torch::Tensor mask = torch::zeros({count, width}, torch::kLong);
        for (std::int64_t b = 0; b < count; ++b) {
            const auto &row = ids[static_cast<std::size_t>(start + b)];
            if (row.empty())
                throw Error(d->name + ": text " + std::to_string(start + b) + " has no tokens");
            const auto n = static_cast<std::int64_t>(row.size());
            batch[b].narrow(0, width - n, n).copy_(torch::tensor(row, torch::kLong));
            mask[b].narrow(0, width - n, n).fill_(1);
        }
        batch = batch.to(device);
        mask = mask.to(device);
        const torch::Tensor states = d->model->model->forward(batch, mask).to(torch::kFloat);
        const torch::Tensor weights = mask.to(torch::kFloat).unsqueeze(-1);
        const torch::Tensor mean = (states * weights).sum(1) / weights.sum(1);
        // F.normalize: divide by max(norm, 1e-12), so an all-zero row stays zero.
        const torch::Tensor unit = (mean / mean.norm(2, -1, true).clamp_min(1e-12)).to(torch::kCPU).contiguous();
        std::memcpy(out + start * hidden, unit.data_ptr<float>(),
                    static_cast<std::size_t>(count * hidden) * sizeof(float));
        progress.report(static_cast<double>(start + count) / static_cast<double>(total));
    }
}

} // namespace crsw
