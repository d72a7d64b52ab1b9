#include "student_workload.h"

#include "bench_util.h"
#include "common/xoshiro256.h"
#include "model/compute_device.h"
#include "model/decoder/checkpoint_loader.h"
#include "model/decoder/generation.h"
#include "model/model_config.h"
#include "model/safetensors_writer.h"
#include "model/decoder/autocast_region.h"
#include "train/lora_adapter.h"

#include <torch/nn/utils/clip_grad.h>
#include <torch/optim/adamw.h>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <stdexcept>

namespace crsw::bench {

namespace {

using Clock = std::chrono::steady_clock;

nlohmann::json readJson(const std::string &path)
{
    std::ifstream in(path);
    if (!in)
        throw std::runtime_error(path + ": cannot read");
    return nlohmann::json::parse(in);
}

/// A Llama config.json for the sizes; no bos/eos, so generation never stops early.
std::string llamaConfigJson(const nlohmann::json &m)
{
    nlohmann::ordered_json c;
    c["architectures"] = {"LlamaForCausalLM"};
    c["model_type"] = "llama";
    c["hidden_size"] = m.at("hidden");
    c["intermediate_size"] = m.at("intermediate");
    c["num_hidden_layers"] = m.at("layers");
    c["num_attention_heads"] = m.at("heads");
    c["num_key_value_heads"] = m.at("kv_heads");
    c["vocab_size"] = m.at("vocab");
    c["hidden_act"] = "silu";
    c["rms_norm_eps"] = 1e-5;
    c["rope_theta"] = m.value("rope_theta", 10000.0);
    c["max_position_embeddings"] = 2048;
    c["tie_word_embeddings"] = m.value("tie", false);
    c["attention_bias"] = false;
    c["mlp_bias"] = false;
    c["attention_dropout"] = 0.0;
    c["initializer_range"] = 0.02;
    c["torch_dtype"] = "float32";
    return c.dump(2) + "\n";
}

double medianOf(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

/// Forward + backward + clip + AdamW steps exactly as trainSft runs one
/// optimiser step (lossSum, sum / labelled tokens, clip_grad_norm_, step,
/// zero_grad), at a constant learning rate. trainSft itself takes chat JSONL
/// and owns its loop, so its step cannot be called alone.
nlohmann::json trainWorkload(const std::string &dir, const nlohmann::json &s, bool lora, bool bf16)
{
    const std::int64_t batch = s.at("batch"), seq = s.at("seq");
    std::vector<std::int64_t> raw(static_cast<std::size_t>(batch * seq));
    std::ifstream in(dir + "/train_ids.bin", std::ios::binary);
    in.read(reinterpret_cast<char *>(raw.data()), static_cast<std::streamsize>(raw.size() * sizeof(std::int64_t)));
    const torch::Device device(s.value("device", "cpu"));
    const torch::Tensor ids = torch::tensor(raw, torch::kLong).reshape({batch, seq}).to(device);
    const torch::Tensor labels = ids; // every token is learnt (no prompt, no padding)

    DecoderLoadOptions load;
    load.device = device;
    CausalLM model = loadCausalLM(dir, load);
    torch::manual_seed(s.at("seed").get<std::uint64_t>());
    if (lora) {
        const nlohmann::json &l = s.at("lora");
        LoraConfig config;
        config.rank = l.at("r");
        config.alpha = l.at("alpha");
        config.dropout = l.at("dropout");
        config.targetModules = l.at("targets").get<std::vector<std::string>>();
        applyLora(*model, config);
    }
    model->train();
    const nlohmann::json &o = s.at("optim");
    std::vector<torch::Tensor> trainable, decay, noDecay;
    for (auto &parameter : model->parameters())
        if (parameter.requires_grad()) {
            trainable.push_back(parameter);
            (parameter.dim() >= 2 ? decay : noDecay).push_back(parameter);
        }
    auto adam = torch::optim::AdamWOptions(o.at("lr").get<double>())
                    .betas({o.at("betas")[0].get<double>(), o.at("betas")[1].get<double>()})
                    .eps(o.at("eps").get<double>())
                    .weight_decay(o.at("weight_decay").get<double>());
    std::vector<torch::optim::OptimizerParamGroup> groups;
    if (!decay.empty())
        groups.emplace_back(decay, std::make_unique<torch::optim::AdamWOptions>(adam));
    if (!noDecay.empty())
        groups.emplace_back(noDecay, std::make_unique<torch::optim::AdamWOptions>(torch::optim::AdamWOptions(adam).weight_decay(0.0)));
    torch::optim::AdamW optimizer(std::move(groups), adam);
    const double maxGradNorm = o.at("max_grad_norm");
    const double labelled = static_cast<double>(batch * (seq - 1));

    nlohmann::json out;
    std::vector<double> seconds, losses;
    const int warmup = s.at("warmup"), iterations = s.at("iterations");
    for (int step = 0; step < warmup + iterations; ++step) {
        const auto start = Clock::now();
        torch::Tensor logits;
        {
            AutocastRegion autocast(ids.device(), bf16);
            logits = model->forward(ids);
        }
        const std::int64_t vocab = logits.size(-1);
        const torch::Tensor shifted = logits.narrow(1, 0, seq - 1).to(torch::kFloat).reshape({-1, vocab});
        const torch::Tensor targets = labels.narrow(1, 1, seq - 1).reshape({-1});
        const torch::Tensor sum = torch::nll_loss(torch::log_softmax(shifted, -1), targets, {}, at::Reduction::Sum);
        (sum / labelled).backward();
        losses.push_back(sum.item<double>() / labelled);
        torch::nn::utils::clip_grad_norm_(trainable, maxGradNorm);
        optimizer.step();
        optimizer.zero_grad();
        if (device.is_cuda())
            torch::cuda::synchronize(); // kernels run asynchronously: the step ends when the GPU is done
        if (step >= warmup)
            seconds.push_back(std::chrono::duration<double>(Clock::now() - start).count());
    }
    out["seconds"] = seconds;
    out["losses"] = losses;
    out["tokens_per_iteration"] = batch * seq;
    return out;
}

/// Greedy KV-cache generation of new_tokens for the first `count` prompts, through generate().
nlohmann::json generateWorkload(const std::string &dir, const nlohmann::json &s, std::size_t count)
{
    auto prompts = readJson(dir + "/prompts.json").get<std::vector<std::vector<std::int64_t>>>();
    prompts.resize(std::min(count, prompts.size()));
    CausalLM model = loadCausalLM(dir);
    GenerationOptions options;
    options.maxNewTokens = s.at("new_tokens");
    options.padToken = 0;
    std::vector<double> seconds;
    std::vector<GenerationResult> results;
    const int warmup = s.at("warmup"), iterations = s.at("iterations");
    for (int i = 0; i < warmup + iterations; ++i) {
        const auto start = Clock::now();
        results = generate(*model, prompts, options);
        if (i >= warmup)
            seconds.push_back(std::chrono::duration<double>(Clock::now() - start).count());
    }
    nlohmann::json out;
    std::int64_t produced = 0;
    out["tokens"] = nlohmann::json::array();
    for (const GenerationResult &r : results) {
        out["tokens"].push_back(r.tokens);
        produced += static_cast<std::int64_t>(r.tokens.size());
    }
    out["seconds"] = seconds;
    out["tokens_per_iteration"] = produced;
    return out;
}

} // namespace

bool isStudentWorkload(const std::string &name)
{
    for (const char *known : {"train-full-fp32", "train-full-bf16", "train-lora-fp32", "train-lora-bf16",
                              "generate-1", "generate-8"})
        if (name == known)
            return true;
    return false;
}

void writeStudentFiles(const std::string &dir, const nlohmann::json &settings)
{
    std::ofstream(dir + "/bench.json") << settings.dump(2) << "\n";
    const std::string configText = llamaConfigJson(settings.at("model"));
    std::ofstream(dir + "/config.json") << configText;

    // Random weights: N(0, 0.02) as transformers' init, norms near 1 (perturbed so they matter).
    torch::manual_seed(settings.at("seed").get<std::uint64_t>());
    CausalLM model(ModelConfig::fromJson(configText), torch::TensorOptions().dtype(torch::kFloat));
    std::vector<torch::Tensor> keep;
    std::vector<TensorToWrite> tensors;
    {
        torch::NoGradGuard noGrad;
        for (const auto &item : model->named_parameters()) {
            torch::Tensor p = item.value();
            if (p.dim() == 1)
                p.copy_(1.0 + 0.1 * torch::randn_like(p));
            else
                p.copy_(0.02 * torch::randn_like(p));
            // bf16 on disk halves a 1B model's file (the loader converts to fp32).
            const bool bf16 = settings.value("weights", "f32") == "bf16";
            keep.push_back(bf16 ? p.to(torch::kBFloat16).contiguous() : p.contiguous());
            tensors.push_back({item.key(), bf16 ? TensorDType::BF16 : TensorDType::F32, p.sizes().vec(),
                               keep.back().data_ptr()});
        }
    }
    writeSafetensors(dir + "/model.safetensors", tensors, {{"format", "pt"}});

    // Token ids 1..vocab-1 (0 is the padding of generation).
    const std::int64_t vocab = settings.at("model").at("vocab");
    Xoshiro256 random(settings.at("seed").get<std::uint64_t>() + 1);
    auto token = [&] { return static_cast<std::int64_t>(1 + random.next() % static_cast<std::uint64_t>(vocab - 1)); };
    const std::int64_t count = settings.at("batch").get<std::int64_t>() * settings.at("seq").get<std::int64_t>();
    std::vector<std::int64_t> ids(static_cast<std::size_t>(count));
    for (auto &id : ids)
        id = token();
    std::ofstream(dir + "/train_ids.bin", std::ios::binary)
        .write(reinterpret_cast<const char *>(ids.data()), static_cast<std::streamsize>(ids.size() * sizeof(std::int64_t)));
    const std::int64_t shortest = settings.at("prompt_min"), longest = settings.at("prompt_max");
    nlohmann::json prompts = nlohmann::json::array();
    for (std::int64_t p = 0; p < settings.at("prompts").get<std::int64_t>(); ++p) {
        // The first prompt is the longest, so batch 1 has no padding and batch N varied padding.
        const std::int64_t length = p == 0 ? longest : shortest + static_cast<std::int64_t>(random.next() % static_cast<std::uint64_t>(longest - shortest + 1));
        std::vector<std::int64_t> prompt(static_cast<std::size_t>(length));
        for (auto &id : prompt)
            id = token();
        prompts.push_back(prompt);
    }
    std::ofstream(dir + "/prompts.json") << prompts.dump() << "\n";
}

nlohmann::json runStudentWorkload(const std::string &dir, const std::string &workload)
{
    const nlohmann::json settings = readJson(dir + "/bench.json");
    configureTorchThreads(settings.at("threads").get<int>());
    nlohmann::json out;
    if (workload.rfind("train-", 0) == 0)
        out = trainWorkload(dir, settings, workload.find("lora") != std::string::npos,
                            workload.find("bf16") != std::string::npos);
    else if (workload.rfind("generate-", 0) == 0)
        out = generateWorkload(dir, settings, std::stoul(workload.substr(9)));
    else
        throw std::runtime_error("unknown workload " + workload);
    out["median_seconds"] = medianOf(out["seconds"].get<std::vector<double>>());
    out["threads"] = at::get_num_threads();
    out["peak_kb"] = peakResidentKb();
    return out;
}

} // namespace crsw::bench
