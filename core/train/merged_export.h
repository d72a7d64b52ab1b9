#pragma once
// Torch-free: the CLI and the GUI call it; the model lives in merged_export.cpp.

#include "common/progress.h"

#include <cstdint>
#include <string>

namespace crsw {

/// What exportMergedModel wrote.
struct MergedExport {
    std::string baseFolder;       ///< the base the adapter was merged into (given, or from adapter_config.json)
    std::string outFolder;        ///< the Hugging Face folder written
    std::int64_t adaptedModules = 0; ///< layers whose adapter was folded in
};

/// The base model folder a PEFT adapter names (adapter_config.json's
/// base_model_name_or_path; a relative name is taken from the current
/// folder, as PEFT does). Throws crsw::Error naming adapter_config.json (and
/// field base_model_name_or_path) when it names none or a folder that is gone
/// (the message names that folder).
std::string adapterBaseFolder(const std::string &adapterFolder);

/// Folds a LoRA adapter (PEFT layout: adapter_config.json +
/// adapter_model.safetensors, e.g. RUN/adapter or a LoRA run's
/// RUN/checkpoints/step-N) into its base model and writes the result as a
/// Hugging Face folder (model.safetensors, config.json and the base's
/// tokenizer files) that loadCausalLM and transformers read without PEFT.
/// `baseFolder` empty = adapterBaseFolder(adapterFolder). `outFolder` must
/// not exist or be empty; it is written under a temporary sibling name
/// (OUT.partial) and renamed at the end, so an interrupted or failed export
/// never leaves a half-written OUT. The weights are float32, or bfloat16
/// with `bf16`. Runs on the CPU. Cancellable (Progress) between stages.
/// Throws crsw::Error naming the file at fault (a missing base, a broken or
/// mismatched adapter, an unwritable output).
MergedExport exportMergedModel(const std::string &baseFolder, const std::string &adapterFolder,
                               const std::string &outFolder, Progress &progress, bool bf16 = false);

} // namespace crsw
