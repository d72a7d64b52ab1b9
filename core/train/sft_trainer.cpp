#include "train/sft_trainer.h"

#include "common/atomic_file.h"
#include "common/error.h"
#include "model/compute_device.h"
#include "model/decoder/autocast_region.h"
#include "model/decoder/checkpoint_loader.h"
#include "model/tokenizer/tokenizer.h"
#include "train/chat_jsonl.h"
#include "train/chat_model.h"
#include "train/checkpoint_writer.h"
#include "train/lora_adapter.h"
#include "train/metrics_log.h"
#include "train/sft_batch.h"
#include "train/train_checkpoint.h"

#include <torch/nn/utils/clip_grad.h>
#include <torch/optim/adamw.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <optional>
#include <thread>

namespace fs = std::filesystem;

namespace crsw {

namespace {

using Clock = std::chrono::steady_clock;

/// Sum of the token cross-entropies of a batch (next-token prediction:
/// logits at t predict the label at t + 1), in fp32.
torch::Tensor lossSum(CausalLMImpl &model, const SftBatch &batch, const torch::Device &device, bool bf16)
{
    const torch::Tensor ids = batch.ids.to(device, /*non_blocking=*/true);
    const torch::Tensor labels = batch.labels.to(device, /*non_blocking=*/true);
    torch::Tensor logits;
    {
        AutocastRegion autocast(device, bf16);
        logits = model.forward(ids);
    }
    const std::int64_t vocab = logits.size(-1);
    const torch::Tensor shifted = logits.narrow(1, 0, logits.size(1) - 1).to(torch::kFloat).reshape({-1, vocab});
    const torch::Tensor targets = labels.narrow(1, 1, labels.size(1) - 1).reshape({-1});
    return torch::nll_loss(torch::log_softmax(shifted, -1), targets, {}, at::Reduction::Sum, kIgnoreLabel);
}

std::string folderLabel(const std::string &folder)
{
    fs::path path = fs::absolute(folder).lexically_normal();
    if (path.filename().empty())
        path = path.parent_path();
    return path.filename().string();
}

/// The settings a resumed run must share with the run it continues.
nlohmann::json fixedSettings(const SftOptions &o, std::size_t examples, std::int64_t totalSteps)
{
    nlohmann::json j;
    j["method"] = trainMethodName(o.method);
    j["seed"] = o.seed;
    j["examples"] = examples;
    j["batch_size"] = o.batchSize;
    j["grad_accum"] = o.gradAccum;
    j["total_steps"] = totalSteps;
    j["max_tokens"] = o.maxTokens;
    if (o.method == TrainMethod::Lora) {
        j["lora_r"] = o.lora.rank;
        j["lora_alpha"] = o.lora.alpha;
        j["lora_targets"] = o.lora.targetModules;
    }
    return j;
}

std::string runConfigJson(const SftOptions &o, std::int64_t totalSteps, std::int64_t warmup, const std::string &label,
                          const std::string &device)
{
    nlohmann::ordered_json j;
    j["data"] = fs::absolute(o.dataPath).string();
    j["base"] = fs::absolute(o.baseFolder).string();
    j["model"] = label;
    j["method"] = trainMethodName(o.method);
    if (o.method == TrainMethod::Lora)
        j["lora"] = nlohmann::json::parse(o.lora.toJson());
    j["epochs"] = o.epochs;
    j["max_steps"] = o.maxSteps;
    j["total_steps"] = totalSteps;
    j["learning_rate"] = o.learningRate;
    j["schedule"] = LrSchedule::decayName(o.decay);
    j["warmup_steps"] = warmup;
    j["weight_decay"] = o.weightDecay;
    j["adam_betas"] = {o.adamBeta1, o.adamBeta2};
    j["adam_epsilon"] = o.adamEpsilon;
    j["batch_size"] = o.batchSize;
    j["grad_accum"] = o.gradAccum;
    j["max_grad_norm"] = o.maxGradNorm;
    j["max_tokens"] = o.maxTokens;
    j["bf16_autocast"] = o.bf16;
    j["device"] = device;
    j["seed"] = o.seed;
    j["save_every"] = o.saveEvery;
    return j.dump(2) + "\n";
}

} // namespace

SftResult trainSft(const SftOptions &options, Progress &progress, const SftHooks &hooks)
{
    options.validate();
    const std::string deviceName = resolveComputeDevice(options.device);
    const torch::Device device(deviceName);
    configureTorchThreads(options.threads);
    makeDirectories(options.runDir);
    const bool useLora = options.method == TrainMethod::Lora;
    const std::string label = options.modelLabel.empty() ? folderLabel(options.baseFolder) : options.modelLabel;
    progress.reportNow(0.0, "loading data and model (training on " + deviceName + ")");

    // Data: every conversation tokenized once, up front.
    const ModelConfig config = ModelConfig::fromFile(options.baseFolder);
    const Tokenizer tokenizer = Tokenizer::fromFile(options.baseFolder);
    const ChatFormat format = chatFormatFor(config.architecture);
    SftResult result;
    std::vector<SftExample> examples;
    SftTokenizeOptions tokenize;
    tokenize.maxTokens = options.maxTokens;
    tokenize.dateString = kTrainingChatDate;
    for (const auto &conversation : readChatJsonl(options.dataPath)) {
        SftExample example = tokenizeForSft(tokenizer, format, conversation, tokenize);
        // Position 0 is never predicted, so a lone labelled first token teaches nothing.
        const bool learnable = example.labelledTokens() > (example.labels.front() != kIgnoreLabel ? 1u : 0u);
        if (learnable)
            examples.push_back(std::move(example));
        else
            ++result.skipped;
    }
    if (examples.empty())
        throw Error({options.dataPath, 0, {}}, "no conversation with an assistant turn to learn from");
    result.examples = examples.size();
    const auto perStep = static_cast<std::size_t>(options.batchSize * options.gradAccum);
    const auto stepsPerEpoch = static_cast<std::int64_t>((examples.size() + perStep - 1) / perStep);
    const std::int64_t totalSteps = options.maxSteps > 0 ? options.maxSteps : options.epochs * stepsPerEpoch;
    LrSchedule schedule;
    schedule.peak = options.learningRate;
    schedule.totalSteps = totalSteps;
    schedule.decay = options.decay;
    schedule.warmupSteps = options.warmupSteps >= 0
                               ? options.warmupSteps
                               : static_cast<std::int64_t>(std::ceil(options.warmupRatio * static_cast<double>(totalSteps)));
    result.totalSteps = totalSteps;

    // Model: fp32 master weights; LoRA freezes the base.
    DecoderLoadOptions load;
    load.device = device;
    CausalLM model = loadCausalLM(options.baseFolder, load);
    torch::manual_seed(options.seed);
    std::optional<LoraConfig> lora;
    if (useLora) {
        lora = options.lora;
        lora->baseModel = fs::absolute(options.baseFolder).lexically_normal().string();
        applyLora(*model, *lora);
    }
    model->train();
    std::vector<torch::Tensor> trainable, decay, noDecay;
    for (auto &parameter : model->parameters())
        if (parameter.requires_grad()) {
            trainable.push_back(parameter);
            // As transformers' Trainer: no weight decay on norms and biases.
            (parameter.dim() >= 2 ? decay : noDecay).push_back(parameter);
        }
    auto adamOptions = torch::optim::AdamWOptions(options.learningRate)
                           .betas({options.adamBeta1, options.adamBeta2})
                           .eps(options.adamEpsilon)
                           .weight_decay(options.weightDecay);
    std::vector<torch::optim::OptimizerParamGroup> groups;
    if (!decay.empty())
        groups.emplace_back(decay, std::make_unique<torch::optim::AdamWOptions>(adamOptions));
    if (!noDecay.empty())
        groups.emplace_back(noDecay,
                            std::make_unique<torch::optim::AdamWOptions>(torch::optim::AdamWOptions(adamOptions).weight_decay(0.0)));
    torch::optim::AdamW optimizer(std::move(groups), adamOptions);

    // Resume, or refuse to mix a new run into an old one.
    const nlohmann::json fixed = fixedSettings(options, examples.size(), totalSteps);
    std::int64_t step = 0;
    // True between a step whose evaluation is due and the end of that evaluation: a
    // checkpoint then records it, and a resumed run evaluates that step first.
    bool evalPending = false;
    const std::string previous = TrainCheckpoint::latest(options.runDir);
    if (!previous.empty() && !options.resume)
        throw Error({options.runDir, 0, {}}, "already holds a run's checkpoints; resume it or choose another folder");
    if (options.resume && !previous.empty()) {
        progress.reportNow(0.0, "resuming from " + previous);
        const nlohmann::json state = nlohmann::json::parse(TrainCheckpoint::load(previous, *model, optimizer, useLora));
        for (const auto &[key, value] : fixed.items())
            if (state.value("settings", nlohmann::json::object()).value(key, nlohmann::json()) != value)
                throw Error({previous + "/trainer_state.json", 0, key},
                            "the run was started with " + state["settings"].value(key, nlohmann::json()).dump()
                                + ", now " + value.dump() + "; resume with the same settings and data");
        step = state.at("step").get<std::int64_t>();
        evalPending = state.value("eval_pending", false);
    }
    result.startStep = step;
    writeFileAtomically(options.runDir + "/run_config.json",
                        runConfigJson(options, totalSteps, schedule.warmupSteps, label, deviceName));
    MetricsLog metrics(options.runDir + "/metrics.jsonl", step);

    std::int64_t savedStep = step > 0 ? step : -1;
    auto checkpoint = [&] {
        if (savedStep == step)
            return;
        nlohmann::json state;
        state["step"] = step;
        state["settings"] = fixed;
        if (evalPending)
            state["eval_pending"] = true;
        TrainCheckpoint::save(options.runDir, step, *model, optimizer, lora, state.dump(2) + "\n",
                              options.keepCheckpoints);
        savedStep = step;
    };

    // The periodic evaluation of the model at `step` (a metrics line {"step", "eval"}).
    auto evaluate = [&] {
        evalPending = true;
        model->eval();
        SftEvalContext context;
        context.step = step;
        context.reply = [&](const std::vector<std::vector<ChatMessage>> &conversations, GenerationOptions generation,
                            Progress &inner) {
            return chatReplies(*model, tokenizer, format, conversations, std::move(generation), inner);
        };
        std::map<std::string, double> figures;
        try {
            figures = hooks.evaluate(context);
        } catch (const Cancelled &) {
            // The step itself finished: keep it, marked so that a resumed run evaluates it.
            checkpoint();
            throw;
        }
        model->train();
        evalPending = false;
        nlohmann::ordered_json evalLine;
        evalLine["step"] = step;
        evalLine["eval"] = figures;
        metrics.append(evalLine.dump());
    };
    if (evalPending && hooks.evaluate) {
        savedStep = -1; // the checkpoint of this step says the evaluation is pending: rewrite it after
        evaluate();
        checkpoint();
    }

    std::int64_t orderEpoch = -1;
    std::vector<std::size_t> order;
    double sessionTokens = 0.0, sessionSeconds = 0.0;
    const auto runStart = Clock::now();
    while (step < totalSteps) {
        if (hooks.pause && hooks.pause->load()) {
            checkpoint();
            progress.reportNow(static_cast<double>(step) / totalSteps, "paused at step " + std::to_string(step));
            while (hooks.pause->load() && !progress.cancelled())
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        if (progress.cancelled()) {
            checkpoint();
            throw Cancelled();
        }
        const std::int64_t epoch = step / stepsPerEpoch;
        if (epoch != orderEpoch) {
            order = epochOrder(examples.size(), options.seed, epoch);
            orderEpoch = epoch;
        }
        const std::size_t first = static_cast<std::size_t>(step % stepsPerEpoch) * perStep;
        const std::size_t last = std::min(order.size(), first + perStep);
        std::vector<SftBatch> batches;
        std::int64_t labelled = 0, tokens = 0;
        for (std::size_t at = first; at < last; at += static_cast<std::size_t>(options.batchSize)) {
            const std::vector<std::size_t> rows(order.begin() + static_cast<std::ptrdiff_t>(at),
                                                order.begin() + static_cast<std::ptrdiff_t>(
                                                    std::min(last, at + static_cast<std::size_t>(options.batchSize))));
            batches.push_back(collate(examples, rows, 0));
            labelled += batches.back().labelledTokens;
            tokens += batches.back().tokens;
        }

        const auto stepStart = Clock::now();
        // Summed on the device and read once per step: a .item() per micro-batch made the
        // host wait for the GPU to drain before it could queue the next forward pass.
        torch::Tensor lossTotal = torch::zeros({}, torch::TensorOptions().dtype(torch::kDouble).device(device));
        for (const SftBatch &batch : batches) {
            if (progress.cancelled()) {
                optimizer.zero_grad(); // the unfinished step is dropped and redone on resume
                checkpoint();
                throw Cancelled();
            }
            // Sum over the step's tokens / their count: every token weighs the same,
            // however the accumulation splits them.
            const torch::Tensor sum = lossSum(*model, batch, device, options.bf16);
            (sum / static_cast<double>(labelled)).backward();
            lossTotal += sum.detach().to(torch::kDouble);
        }
        const double loss = lossTotal.item<double>() / static_cast<double>(labelled);
        double gradNorm;
        if (options.maxGradNorm > 0.0) {
            gradNorm = torch::nn::utils::clip_grad_norm_(trainable, options.maxGradNorm);
        } else {
            torch::Tensor squares = torch::zeros({}, torch::TensorOptions().dtype(torch::kDouble).device(device));
            for (const auto &parameter : trainable)
                if (parameter.grad().defined())
                    squares += parameter.grad().pow(2).sum().to(torch::kDouble);
            gradNorm = std::sqrt(squares.item<double>());
        }
        const double lr = schedule.at(step);
        for (auto &group : optimizer.param_groups())
            static_cast<torch::optim::AdamWOptions &>(group.options()).lr(lr);
        optimizer.step();
        optimizer.zero_grad();
        ++step;
        const double seconds = std::chrono::duration<double>(Clock::now() - stepStart).count();
        sessionTokens += static_cast<double>(tokens);
        sessionSeconds += seconds;

        SftStepMetrics m;
        m.step = step;
        m.totalSteps = totalSteps;
        m.epoch = static_cast<double>(step) / static_cast<double>(stepsPerEpoch);
        m.loss = loss;
        m.learningRate = lr;
        m.gradNorm = gradNorm;
        m.tokens = tokens;
        m.tokensPerSecond = seconds > 0.0 ? static_cast<double>(tokens) / seconds : 0.0;
        nlohmann::ordered_json line;
        line["step"] = m.step;
        line["epoch"] = m.epoch;
        line["loss"] = m.loss;
        line["lr"] = m.learningRate;
        line["grad_norm"] = m.gradNorm;
        line["tokens"] = m.tokens;
        line["tokens_per_s"] = m.tokensPerSecond;
        line["elapsed_s"] = std::chrono::duration<double>(Clock::now() - runStart).count();
        line["model"] = label;
        line["method"] = trainMethodName(options.method);
        line["bf16"] = options.bf16;
        line["device"] = deviceName;
        metrics.append(line.dump());
        result.lastLoss = loss;
        if (hooks.onStep)
            hooks.onStep(m);
        char message[160];
        std::snprintf(message, sizeof message, "step %lld/%lld  loss %.4f  lr %.3g  %.0f tok/s",
                      static_cast<long long>(step), static_cast<long long>(totalSteps), loss, lr, m.tokensPerSecond);
        progress.report(static_cast<double>(step) / static_cast<double>(totalSteps), message);

        if (hooks.evaluate && hooks.evalEvery > 0 && (step % hooks.evalEvery == 0 || step == totalSteps))
            evaluate();
        if (step % options.saveEvery == 0 || step == totalSteps)
            checkpoint();
    }

    result.steps = step;
    result.tokensPerSecond = sessionSeconds > 0.0 ? sessionTokens / sessionSeconds : 0.0;
    if (useLora) {
        result.outputDir = options.runDir + "/adapter";
        saveLoraAdapter(*model, *lora, result.outputDir);
        if (options.saveMerged)
            saveMergedCheckpoint(*model, options.baseFolder, options.runDir + "/merged");
    } else {
        result.outputDir = options.runDir + "/model";
        saveMergedCheckpoint(*model, options.baseFolder, result.outputDir);
    }
    progress.reportNow(1.0, "finished at step " + std::to_string(step));
    return result;
}

} // namespace crsw
