#pragma once
// Torch header: include only from torch translation units, never from Qt code.

#include "model/decoder/causal_lm.h"
#include "train/lora_config.h"

#include <torch/optim/optimizer.h>

#include <optional>
#include <string>

namespace crsw {

/// A resumable training checkpoint, RUN/checkpoints/step-NNNNNNNN/:
///   trainer_state.json   step, total steps, seed and the run settings that must not change
///   optimizer.pt         the optimiser state (AdamW moments and step counts)
///   rng_state.bin        torch's default CPU generator (LoRA dropout on the CPU)
///   rng_state_cuda.bin   the CUDA device's generator, when the model trains on one
///   adapter_config.json + adapter_model.safetensors (LoRA, PEFT layout), or
///   trainable.safetensors (full fine-tuning: every trainable weight, fp32)
/// The folder is written under a temporary name and renamed into place, then
/// RUN/checkpoints/latest names it, so a crash leaves the previous one usable.
class TrainCheckpoint {
public:
    /// Writes the checkpoint of `step`; keeps the newest `keep` and deletes older ones.
    /// `lora` set = LoRA run (the adapter is saved), else the trainable weights.
    static std::string save(const std::string &runDir, std::int64_t step, CausalLMImpl &model,
                            torch::optim::Optimizer &optimizer, const std::optional<LoraConfig> &lora,
                            const std::string &stateJson, int keep);

    /// The newest checkpoint folder of a run, or "" when it has none.
    static std::string latest(const std::string &runDir);

    /// Loads weights (onto a model with the same adapter attached, on its
    /// device), optimiser and RNG state; returns trainer_state.json's text.
    /// Throws crsw::Error.
    static std::string load(const std::string &folder, CausalLMImpl &model, torch::optim::Optimizer &optimizer,
                            bool lora);
};

} // namespace crsw
