#pragma once

#include "common/progress.h"
#include "model/chat_format.h"
#include "model/decoder/sampling_options.h"
#include "train/sft_options.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace crsw {

/// One optimiser step's figures (also a metrics.jsonl line).
struct SftStepMetrics {
    std::int64_t step = 0;       ///< 1-based: steps done
    std::int64_t totalSteps = 0;
    double epoch = 0.0;          ///< fractional epochs done
    double loss = 0.0;           ///< mean cross-entropy over the step's assistant tokens
    double learningRate = 0.0;   ///< the rate this step used
    double gradNorm = 0.0;       ///< global norm before clipping
    std::int64_t tokens = 0;     ///< real tokens in the step (prompt and reply)
    double tokensPerSecond = 0.0;
};

/// What a periodic evaluation gets: the model being trained, as a reply function.
struct SftEvalContext {
    std::int64_t step = 0;
    /// Replies of the model at this step (eval mode, no dropout); see ChatModel::reply.
    std::function<std::vector<std::string>(const std::vector<std::vector<ChatMessage>> &, GenerationOptions,
                                           Progress &)>
        reply;
};

/// Optional hooks of a run. Evaluation is a hook so core/train does not depend
/// on core/eval (a later stage): the pipeline or the CLI plugs the He et al.
/// scorer in.
struct SftHooks {
    /// Set from any thread: training stops between steps (after writing a
    /// checkpoint) until it is cleared again or the run is cancelled.
    const std::atomic_bool *pause = nullptr;
    /// Called after every step.
    std::function<void(const SftStepMetrics &)> onStep;
    /// Every evalEvery steps (and after the last one): named figures written
    /// to metrics.jsonl as {"step": N, "eval": {...}}.
    std::int64_t evalEvery = 0;
    std::function<std::map<std::string, double>(const SftEvalContext &)> evaluate;
};

/// What a run produced.
struct SftResult {
    std::int64_t startStep = 0;     ///< > 0 when resumed from a checkpoint
    std::int64_t steps = 0;         ///< steps done in all (== totalSteps when finished)
    std::int64_t totalSteps = 0;
    std::size_t examples = 0;       ///< conversations trained on
    std::size_t skipped = 0;        ///< conversations without an assistant token left after truncation
    double lastLoss = 0.0;
    double tokensPerSecond = 0.0;   ///< over this session's steps
    std::string outputDir;          ///< RUN/adapter (LoRA, PEFT layout) or RUN/model (full, HF layout)
};

/// Supervised fine-tuning (METHOD.md §5) of a Hugging Face decoder on chat
/// JSONL: the conversations are rendered with the model's chat format and
/// only assistant tokens are learnt; AdamW with decoupled weight decay, linear
/// warm-up then linear/cosine decay, gradient accumulation, clipping by global
/// norm, optional bf16 autocast; LoRA or full fine-tuning. Writes
/// RUN/run_config.json, RUN/metrics.jsonl (a line per step), checkpoints
/// every saveEvery steps, on pause and on cancel (RUN/checkpoints, see
/// TrainCheckpoint), and at the end RUN/adapter (+ RUN/merged) or RUN/model.
/// With options.resume it continues from the latest checkpoint and the run is
/// the same as an uninterrupted one (model, optimiser, schedule step, dropout
/// RNG and data order are restored; the data order depends on the step only).
/// Cancellation (Progress) stops between micro-batches with crsw::Cancelled
/// after checkpointing the last finished step (cancelled during a periodic
/// evaluation, the checkpoint marks it pending and a resumed run does it first). Throws crsw::Error for bad
/// input (naming the file) and when RUN already has checkpoints but resume is off.
SftResult trainSft(const SftOptions &options, Progress &progress, const SftHooks &hooks = {});

} // namespace crsw
