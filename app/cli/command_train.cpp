// crsw train: supervised fine-tuning of the student model (LoRA or full) on
// chat JSONL, or training a small byte-level model from scratch.
#include "arg_parser.h"
#include "commands.h"
#include "terminal_progress.h"

#include "common/error.h"
#include "data/benchmark/entity_catalog.h"
#include "data/benchmark/he_test_set.h"
#include "eval/answer_evaluator.h"
#include "model/compute_device.h"
#include "synth/synth_templates.h"
#include "train/scratch_model.h"
#include "train/sft_trainer.h"

#include <cstdio>
#include <filesystem>
#include <memory>

namespace crsw::cli {

namespace {

long long atLeast(const ArgParser &parser, const std::string &name, long long minimum)
{
    const long long value = parser.integer(name);
    if (value < minimum)
        throw UsageError("--" + name + " must be at least " + std::to_string(minimum));
    return value;
}

/// The scratch model's size by name: "tiny" trains in seconds (tests), "small" in minutes (the demo).
ScratchModelOptions scratchSize(const std::string &name, std::uint64_t seed)
{
    ScratchModelOptions options;
    options.seed = seed;
    if (name == "tiny") {
        options.hiddenSize = 64;
        options.layers = 2;
        options.heads = 4;
        options.kvHeads = 2;
        options.intermediateSize = 160;
    } else if (name != "small") {
        throw UsageError("--scratch-size must be tiny or small");
    }
    return options;
}

/// Periodic evaluation during training (the SftHooks::evaluate hook): the
/// model answers He et al.'s recommender prompt for an evenly spaced sample of
/// a test set's turns, and the answers are scored with the protocol of
/// METHOD.md §6 (setting: not filtered, seen items kept; condition "all").
class TrainEvaluation {
public:
    TrainEvaluation(const std::string &testPath, const std::string &entity2idPath, std::size_t sampleSize,
                    std::int64_t maxNewTokens)
        : m_catalog(EntityCatalog::readEntity2Id(entity2idPath))
    {
        Progress quiet;
        const HeTestSet all = readHeTestSet(testPath, quiet);
        if (all.turns.empty())
            throw Error({testPath, 0, {}}, "no test turns to evaluate on");
        const std::size_t n = std::min(sampleSize, all.turns.size());
        m_sample.path = all.path;
        const PromptTemplate recommend = SynthTemplates::defaults().recommend; // as the synthetic data was made
        for (std::size_t i = 0; i < n; ++i) {
            m_sample.turns.push_back(all.turns[i * all.turns.size() / n]);
            m_prompts.push_back({{"user", recommend.render({{SynthTemplates::kConversation, m_sample.turns.back().input}})}});
        }
        m_generation.maxNewTokens = maxNewTokens;
    }

    std::map<std::string, double> operator()(const SftEvalContext &context) const
    {
        Progress quiet;
        const std::vector<std::string> replies = context.reply(m_prompts, m_generation, quiet);
        AnswersFile answers;
        answers.path = "(training step " + std::to_string(context.step) + ")";
        for (std::size_t i = 0; i < replies.size(); ++i) {
            Answer answer;
            answer.line = static_cast<std::int64_t>(i) + 1;
            answer.index = static_cast<std::int64_t>(i);
            answer.hasText = true;
            answer.text = replies[i];
            answers.answers.push_back(std::move(answer));
        }
        const EvaluationResult result = evaluateAnswers(m_sample, m_catalog, answers, EvaluationOptions{}, quiet);
        std::map<std::string, double> figures;
        figures["turns"] = static_cast<double>(m_sample.turns.size());
        for (const SettingScores &setting : result.settings) {
            if (setting.filtered || setting.excludeSeen)
                continue;
            for (const ConditionSummary &summary : setting.summary)
                if (summary.condition == "all")
                    for (std::size_t k = 0; k < result.metricNames.size() && k < summary.stats.size(); ++k)
                        figures[result.metricNames[k]] = summary.stats[k].mean;
        }
        return figures;
    }

private:
    EntityCatalog m_catalog;
    HeTestSet m_sample;
    std::vector<std::vector<ChatMessage>> m_prompts;
    GenerationOptions m_generation;
};

} // namespace

int commandTrain(const std::vector<std::string> &args)
{
    const SftOptions defaults;
    ArgParser parser(
        "crsw train --data SYNTH_CHAT.jsonl (--base CHECKPOINT_DIR | --scratch) --method lora|full --out RUN_DIR\n"
        "           [--epochs E] [--lr LR] [--batch N] [--grad-accum N] [--max-steps N] [--lora-rank R]\n"
        "           [--lora-alpha A] [--lora-dropout P] [--lora-targets q_proj,v_proj] [--seed S] [--resume] [--bf16]\n"
        "           [--device auto|cpu|cuda[:N]]",
        "Fine-tunes the student model on chat JSONL (crsw synth --export-chat) with the model's chat\n"
        "format, learning the assistant turns only (METHOD.md §5): AdamW, linear warm-up then linear or\n"
        "cosine decay, gradient accumulation and clipping. --method lora trains a LoRA adapter on a frozen\n"
        "base and writes it in PEFT's layout to RUN_DIR/adapter (--merge: also the merged model to\n"
        "RUN_DIR/merged); --method full trains every weight and writes RUN_DIR/model (Hugging Face\n"
        "layout). --scratch trains a small Llama-architecture model from random weights instead, with a\n"
        "byte-level BPE tokenizer learnt from --data (RUN_DIR/scratch_base; full fine-tuning only;\n"
        "--bf16 makes it about 2x faster on CPUs with AVX-512 BF16 and on GPUs). RUN_DIR also holds\n"
        "run_config.json, metrics.jsonl (a line per step: loss, lr, grad_norm, tokens/s) and\n"
        "checkpoints/; Ctrl-C stops after checkpointing and --resume continues exactly where it stopped.");
    parser.option("data", "FILE", "chat JSONL ({\"messages\": [{\"role\", \"content\"}, ...]} a line)", true);
    parser.option("base", "DIR", "the base model: a Hugging Face folder (config.json, *.safetensors, tokenizer.json)");
    parser.flag("scratch", "train a small Llama from scratch instead of a base model");
    parser.option("scratch-size", "NAME", "size of the scratch model: tiny or small", false, "small");
    parser.option("scratch-tokenizer", "NAME",
                  "the scratch model's tokenizer: bpe (byte-level BPE learnt from --data) or byte (one token per byte)",
                  false, "bpe");
    parser.option("scratch-vocab", "N", "tokens of the learnt scratch tokenizer (bytes and specials included)", false,
                  "4096");
    parser.option("method", "NAME", "lora or full", true);
    parser.option("out", "RUN_DIR", "the run folder", true);
    parser.option("epochs", "E", "passes over the data", false, std::to_string(defaults.epochs));
    parser.option("max-steps", "N", "stop after N optimiser steps (0 = --epochs decides)", false, "0");
    parser.option("lr", "LR", "peak learning rate (default: 2e-4 LoRA, 1e-5 full, 1e-3 scratch)");
    parser.option("schedule", "NAME", "decay after warm-up: linear, cosine or constant", false, "linear");
    parser.option("warmup-ratio", "X", "share of the steps spent warming up", false, "0.03");
    parser.option("weight-decay", "W", "AdamW weight decay (matrices only)", false, "0.01");
    parser.option("batch", "N", "conversations per forward pass", false, std::to_string(defaults.batchSize));
    parser.option("grad-accum", "N", "forward passes per optimiser step", false, std::to_string(defaults.gradAccum));
    parser.option("max-grad-norm", "G", "clip gradients to this global norm (0 = no clipping)", false, "1.0");
    parser.option("max-tokens", "N", "cut conversations to N tokens", false, std::to_string(defaults.maxTokens));
    parser.option("lora-rank", "R", "LoRA rank", false, std::to_string(defaults.lora.rank));
    parser.option("lora-alpha", "A", "LoRA alpha (the update is scaled by alpha / rank)", false, "16");
    parser.option("lora-dropout", "P", "dropout on the adapter's input", false, "0.05");
    parser.option("lora-targets", "LIST", "modules to adapt, of q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj",
                  false, "q_proj,v_proj");
    parser.option("seed", "S", "seed of the LoRA init, dropout and data order", false, std::to_string(defaults.seed));
    parser.option("save-every", "N", "checkpoint every N steps", false, std::to_string(defaults.saveEvery));
    // Measured on a busy 2-core machine: 2 spinning OpenMP threads ran ~15x slower than 1;
    // OMP_WAIT_POLICY=passive (set before starting crsw) avoids that.
    parser.option("threads", "N",
                  "torch threads (0 = one per core; on a busy shared machine use 1 or OMP_WAIT_POLICY=passive)",
                  false, "0");
    parser.option("eval-test", "FILE", "evaluate during training on this He et al. test.jsonl (METHOD.md §6)");
    parser.option("eval-entities", "FILE", "its entity2id.json (default: beside the test file)");
    parser.option("eval-every", "N", "evaluate every N steps and at the end (default: --save-every)");
    parser.option("eval-sample", "K", "test turns per evaluation (evenly spaced)", false, "20");
    parser.option("eval-max-new-tokens", "N", "reply length limit of the evaluation", false, "256");
    parser.flag("bf16", "bf16 autocast for the forward pass (fp32 weights and optimiser)");
    parser.option("device", "NAME", "auto (the first CUDA device when present, else the CPU), cpu, cuda, cuda:N",
                  false, "auto");
    parser.flag("resume", "continue RUN_DIR's run from its latest checkpoint");
    parser.flag("merge", "LoRA: also write the merged model to RUN_DIR/merged");
    if (!parser.parse(args))
        return 0;

    SftOptions options;
    options.dataPath = parser.value("data");
    options.runDir = parser.value("out");
    try {
        options.method = parseTrainMethod(parser.value("method"));
        options.decay = LrSchedule::parseDecay(parser.value("schedule"));
        options.lora.targetModules = parseLoraTargets(parser.value("lora-targets"));
    } catch (const Error &e) {
        throw UsageError("--" + e.where().field + ": " + e.reason());
    }
    const bool scratch = parser.has("scratch");
    if (scratch == parser.has("base"))
        throw UsageError("give either --base DIR or --scratch");
    if (scratch && options.method != TrainMethod::Full)
        throw UsageError("--scratch trains every weight: use --method full");
    options.epochs = static_cast<int>(atLeast(parser, "epochs", 1));
    options.maxSteps = atLeast(parser, "max-steps", 0);
    options.learningRate = parser.has("lr") ? parser.number("lr") : defaultLearningRate(options.method, scratch);
    options.warmupRatio = parser.number("warmup-ratio");
    options.weightDecay = parser.number("weight-decay");
    options.batchSize = atLeast(parser, "batch", 1);
    options.gradAccum = atLeast(parser, "grad-accum", 1);
    options.maxGradNorm = parser.number("max-grad-norm");
    options.maxTokens = static_cast<std::size_t>(atLeast(parser, "max-tokens", 2));
    options.lora.rank = atLeast(parser, "lora-rank", 1);
    options.lora.alpha = parser.number("lora-alpha");
    options.lora.dropout = parser.number("lora-dropout");
    options.seed = static_cast<std::uint64_t>(atLeast(parser, "seed", 0));
    options.saveEvery = atLeast(parser, "save-every", 1);
    options.threads = static_cast<int>(atLeast(parser, "threads", 0));
    options.bf16 = parser.has("bf16");
    options.device = parser.value("device");
    options.resume = parser.has("resume");
    options.saveMerged = parser.has("merge");
    options.baseFolder = scratch ? options.runDir + "/scratch_base" : parser.value("base");
    try {
        options.validate();
        resolveComputeDevice(options.device);
    } catch (const Error &e) {
        throw UsageError("--" + e.where().field + ": " + e.reason());
    }

    if (scratch) {
        ScratchModelOptions size = scratchSize(parser.value("scratch-size"), options.seed);
        const std::string tokenizer = parser.value("scratch-tokenizer");
        if (tokenizer == "bpe") {
            size.tokenizerData = options.dataPath;
            size.tokenizerVocab = static_cast<std::size_t>(atLeast(parser, "scratch-vocab", 263));
        } else if (tokenizer != "byte") {
            throw UsageError("--scratch-tokenizer must be bpe or byte");
        }
        options.modelLabel = scratchModelLabel(size) + "-" + parser.value("scratch-size");
        // A resumed run keeps the base it started from (its weights are the step-0 state).
        if (!(options.resume && std::filesystem::exists(options.baseFolder + "/model.safetensors"))) {
            if (!options.resume && std::filesystem::exists(options.baseFolder + "/model.safetensors")
                && std::filesystem::exists(options.runDir + "/checkpoints"))
                throw Error({options.runDir, 0, {}}, "already holds a run's checkpoints; resume it or choose another folder");
            TerminalProgress learning("scratch model");
            const std::int64_t parameters = writeScratchModel(options.baseFolder, size, learning.progress());
            learning.finish();
            std::printf("Initialised a %s Llama-architecture model from scratch (%.2fM parameters, %s) in %s\n",
                        parser.value("scratch-size").c_str(), parameters / 1e6,
                        size.tokenizerData.empty() ? "byte-level tokenizer"
                                                   : "byte-level BPE tokenizer learnt from the training data",
                        options.baseFolder.c_str());
        }
    }

    SftHooks hooks;
    std::shared_ptr<TrainEvaluation> evaluation;
    if (parser.has("eval-test")) {
        const std::string test = parser.value("eval-test");
        const std::string entities = parser.has("eval-entities")
                                         ? parser.value("eval-entities")
                                         : (std::filesystem::path(test).parent_path() / "entity2id.json").string();
        evaluation = std::make_shared<TrainEvaluation>(test, entities,
                                                       static_cast<std::size_t>(atLeast(parser, "eval-sample", 1)),
                                                       atLeast(parser, "eval-max-new-tokens", 1));
        hooks.evalEvery = parser.has("eval-every") ? atLeast(parser, "eval-every", 1) : options.saveEvery;
        hooks.evaluate = [evaluation](const SftEvalContext &context) { return (*evaluation)(context); };
    }

    TerminalProgress terminal("train");
    const SftResult result = trainSft(options, terminal.progress(), hooks);
    terminal.finish();
    std::printf("Trained %lld steps (%s%lld examples, %zu skipped) of %s fine-tuning; last loss %.4f, %.0f tokens/s\n",
                static_cast<long long>(result.steps - result.startStep),
                result.startStep > 0 ? ("resumed at step " + std::to_string(result.startStep) + ", ").c_str() : "",
                static_cast<long long>(result.examples), result.skipped, trainMethodName(options.method).c_str(),
                result.lastLoss, result.tokensPerSecond);
    std::printf("  output:  %s\n", result.outputDir.c_str());
    if (options.saveMerged && options.method == TrainMethod::Lora)
        std::printf("  merged:  %s/merged\n", options.runDir.c_str());
    std::printf("  metrics: %s/metrics.jsonl\n", options.runDir.c_str());
    return 0;
}

} // namespace crsw::cli
