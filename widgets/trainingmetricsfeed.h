#pragma once

#include <QString>

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace crsw {

/// One optimiser step as the plots need it (SftStepMetrics without torch's run).
struct TrainingStepPoint {
    std::int64_t step = 0;
    std::int64_t totalSteps = 0;
    double loss = 0.0;
    double learningRate = 0.0;
    double gradNorm = 0.0;
    double tokensPerSecond = 0.0;
};

/// One periodic evaluation: named figures ("recall@5", "ndcg@10", ...).
struct TrainingEvalPoint {
    std::int64_t step = 0;
    std::map<std::string, double> figures;
};

/// The metrics of a running fine-tuning job, handed from the worker to the
/// GUI (ARCHITECTURE.md: workers append under a lock and hint, the GUI
/// drains on its replot timer). Shared through a shared_ptr by the job and
/// the page, so it outlives whichever side finishes first.
class TrainingMetricsFeed {
public:
    /// Appends a step (worker thread).
    void appendStep(const TrainingStepPoint &point);
    /// Appends an evaluation (worker thread).
    void appendEval(const TrainingEvalPoint &point);
    /// Moves everything appended since the last call into `steps` and `evals` (GUI thread).
    void takeNew(std::vector<TrainingStepPoint> *steps, std::vector<TrainingEvalPoint> *evals);

    /// Reads a run's metrics.jsonl (as core/train's MetricsLog writes it)
    /// through `lastStep` (all when < 0) and appends its steps and
    /// evaluations: a resumed run's curves start with the steps already done.
    /// Returns the number of lines read; a missing file reads as none.
    std::size_t appendMetricsFile(const QString &path, std::int64_t lastStep);

private:
    std::mutex m_mutex;
    std::vector<TrainingStepPoint> m_steps; // guarded by m_mutex
    std::vector<TrainingEvalPoint> m_evals; // guarded by m_mutex
};

} // namespace crsw
