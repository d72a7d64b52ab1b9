#include "trainingrunjob.h"

#include "trainingrunfolder.h"

#include <QDir>

namespace crsw {

SftResult runTrainingJob(const TrainingRunRequest &request, Progress &progress)
{
    const QString runDir = QString::fromStdString(request.options.runDir);
    if (request.options.resume) {
        const std::int64_t from = TrainingRunFolder::latestCheckpointStep(runDir);
        if (from > 0 && request.feed->appendMetricsFile(QDir(runDir).filePath(QStringLiteral("metrics.jsonl")), from) > 0
            && request.notify)
            request.notify();
    }

    std::unique_ptr<TrainingEvaluator> evaluator;
    if (request.eval.enabled()) {
        progress.reportNow(0.0, "reading the test set");
        evaluator = std::make_unique<TrainingEvaluator>(request.eval, progress);
    }

    SftHooks hooks;
    hooks.pause = request.pause.get();
    hooks.onStep = [&request](const SftStepMetrics &m) {
        TrainingStepPoint point;
        point.step = m.step;
        point.totalSteps = m.totalSteps;
        point.loss = m.loss;
        point.learningRate = m.learningRate;
        point.gradNorm = m.gradNorm;
        point.tokensPerSecond = m.tokensPerSecond;
        request.feed->appendStep(point);
        if (request.notify)
            request.notify();
    };
    if (evaluator) {
        hooks.evalEvery = request.eval.every;
        hooks.evaluate = [&](const SftEvalContext &context) {
            // A view of the job's progress: the same cancel flag, the bar held where training is.
            Progress evaluating = progress.subRange(0.0, 0.0);
            std::map<std::string, double> figures = evaluator->evaluate(context, evaluating);
            request.feed->appendEval({context.step, figures});
            if (request.notify)
                request.notify();
            return figures;
        };
    }
    return trainSft(request.options, progress, hooks);
}

} // namespace crsw
