#pragma once

#include "model/model_config.h"

#include <QCoreApplication>
#include <QString>

#include <cstdint>

namespace crsw {

class Progress;

/// What a fine-tuning base folder holds, as the Fine-tuning page shows it:
/// the parsed config.json, the parameter counts and the memory a run needs.
struct TrainingBaseInfo {
    QString folder;
    ModelConfig config;
    QString architecture;          ///< "Llama", "Qwen2", "Gemma 2"
    std::int64_t parameters = 0;   ///< every weight (a tied lm_head once)
    std::int64_t vocabulary = 0;   ///< tokens tokenizer.json knows
    int weightFiles = 0;           ///< safetensors files (shards)

    /// Bytes a run keeps in memory (activations not counted): the trainer
    /// holds fp32 master weights and AdamW state whatever the autocast; bf16
    /// autocast adds a bf16 copy of the weights it casts.
    struct Memory {
        std::int64_t weights = 0;   ///< fp32 weights (+ the bf16 autocast copy)
        std::int64_t gradients = 0; ///< fp32 gradients of the trainable weights
        std::int64_t optimizer = 0; ///< AdamW's two fp32 moments
        std::int64_t total() const { return weights + gradients + optimizer; }
    };
    Memory fullFp32, fullBf16, loraFp32, loraBf16;
    std::int64_t loraParameters = 0; ///< trainable parameters with the chosen LoRA targets and rank
};

/// Checks a Hugging Face model folder for fine-tuning on a worker thread:
/// config.json parses and names a supported architecture (Llama, Qwen2,
/// Gemma 2), tokenizer.json loads, and the weights (model.safetensors or the
/// shards of model.safetensors.index.json) open. LoRA's count uses `loraRank`
/// on `loraTargets`. Throws crsw::Error naming the missing or broken file.
class TrainingBaseCheck {
    Q_DECLARE_TR_FUNCTIONS(crsw::TrainingBaseCheck)
public:
    static TrainingBaseInfo inspect(const QString &folder, std::int64_t loraRank,
                                    const std::vector<std::string> &loraTargets, Progress &progress);

    /// Recomputes the LoRA figures of `info` for another rank or targets (cheap, GUI thread).
    static void updateLora(TrainingBaseInfo *info, std::int64_t loraRank, const std::vector<std::string> &loraTargets);

    /// "1.24 B", "6.3 M", "480 k" parameters.
    static QString countText(std::int64_t count);
    /// "4.7 GiB", "312 MiB".
    static QString bytesText(std::int64_t bytes);
};

} // namespace crsw
