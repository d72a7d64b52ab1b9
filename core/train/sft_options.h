#pragma once

#include "train/lora_config.h"
#include "train/lr_schedule.h"

#include <cstdint>
#include <string>

namespace crsw {

/// How the student is fine-tuned: a LoRA adapter on a frozen base, or every weight.
enum class TrainMethod { Lora, Full };

/// Settings of one SFT run (METHOD.md §5). Torch-free: the CLI, the GUI and
/// the pipeline fill it in; run_config.json records it.
struct SftOptions {
    std::string dataPath;       ///< chat JSONL
    std::string baseFolder;     ///< Hugging Face model folder (config.json, weights, tokenizer.json)
    std::string runDir;         ///< metrics.jsonl, checkpoints/, adapter/ or model/
    std::string modelLabel;     ///< how metrics name the model ("scratch-byte-llama", ...); empty = base folder name

    TrainMethod method = TrainMethod::Lora;
    LoraConfig lora;

    int epochs = 3;
    std::int64_t maxSteps = 0;   ///< > 0: stop after this many optimiser steps (cycling epochs if needed)
    double learningRate = 2e-4;  ///< peak rate (METHOD.md: 1e-5 for full SFT, higher for LoRA)
    double weightDecay = 0.01;   ///< AdamW's, on matrices only (not norms or biases)
    double adamBeta1 = 0.9;
    double adamBeta2 = 0.999;
    double adamEpsilon = 1e-8;
    double warmupRatio = 0.03;   ///< warm-up share of the steps (used when warmupSteps < 0)
    std::int64_t warmupSteps = -1;
    LrSchedule::Decay decay = LrSchedule::Decay::Linear;
    std::int64_t batchSize = 4;  ///< conversations per forward pass
    std::int64_t gradAccum = 1;  ///< forward passes per optimiser step
    double maxGradNorm = 1.0;    ///< clip by global norm; <= 0: no clipping
    std::size_t maxTokens = 1024; ///< conversations are cut to this many tokens
    bool bf16 = false;           ///< bf16 autocast for the forward pass (weights and optimiser stay fp32)
    std::uint64_t seed = 42;     ///< LoRA init, dropout and data order
    int threads = 0;             ///< torch intra-op threads; 0 = one per core
    /// Where the model trains: "auto" (the first CUDA device when libtorch
    /// sees one, else the CPU), "cpu", "cuda" or "cuda:N".
    std::string device = "auto";

    std::int64_t saveEvery = 50; ///< checkpoint every N steps (and at the end, on pause and on cancel)
    int keepCheckpoints = 2;     ///< older checkpoints are deleted
    bool resume = false;         ///< continue from runDir's latest checkpoint
    bool saveMerged = false;     ///< LoRA: also write the merged model (runDir/merged)

    /// Throws crsw::Error naming the setting that is out of range.
    void validate() const;
};

/// The peak learning rate a run gets when the user names none (METHOD.md §5):
/// 2e-4 for LoRA, 1e-5 for full fine-tuning of a pretrained model, 1e-3 for a
/// model trained from scratch (1e-5 left the demo's scratch student at Recall 0).
inline double defaultLearningRate(TrainMethod method, bool scratch)
{
    return scratch ? 1e-3 : method == TrainMethod::Lora ? 2e-4 : 1e-5;
}

/// "lora" / "full"; throws crsw::Error for others.
TrainMethod parseTrainMethod(const std::string &name);
std::string trainMethodName(TrainMethod method);

} // namespace crsw
