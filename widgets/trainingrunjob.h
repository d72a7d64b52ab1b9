#pragma once

#include "trainingevaluator.h"
#include "trainingmetricsfeed.h"

#include "train/sft_trainer.h"

#include <atomic>
#include <functional>
#include <memory>

namespace crsw {

/// Everything a fine-tuning job needs, copied in: it never reaches back into the page.
struct TrainingRunRequest {
    SftOptions options;
    TrainingEvalSettings eval;
    std::shared_ptr<std::atomic_bool> pause;    ///< the page sets it (Pause) and clears it (Resume)
    std::shared_ptr<TrainingMetricsFeed> feed;  ///< steps and evaluations for the plots
    /// Called on the worker after each append; the page posts it to the GUI
    /// thread (queued) to drain the feed on its replot timer.
    std::function<void()> notify;
};

/// The job body the Fine-tuning page runs through JobRunner: core/train's
/// trainSft with SftHooks wired to the page (pause flag, onStep into the
/// feed, the He et al. evaluation when a test set is chosen). A resumed run
/// first feeds the steps already in RUN/metrics.jsonl up to its checkpoint,
/// so its curves continue where they stopped. Throws what trainSft throws
/// (crsw::Cancelled after writing a checkpoint).
SftResult runTrainingJob(const TrainingRunRequest &request, Progress &progress);

} // namespace crsw
