#include "trainingmetricsfeed.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

namespace crsw {

void TrainingMetricsFeed::appendStep(const TrainingStepPoint &point)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_steps.push_back(point);
}

void TrainingMetricsFeed::appendEval(const TrainingEvalPoint &point)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_evals.push_back(point);
}

void TrainingMetricsFeed::takeNew(std::vector<TrainingStepPoint> *steps, std::vector<TrainingEvalPoint> *evals)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    steps->insert(steps->end(), m_steps.begin(), m_steps.end());
    evals->insert(evals->end(), m_evals.begin(), m_evals.end());
    m_steps.clear();
    m_evals.clear();
}

std::size_t TrainingMetricsFeed::appendMetricsFile(const QString &path, std::int64_t lastStep)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    std::size_t lines = 0;
    while (!file.atEnd()) {
        const QJsonObject line = QJsonDocument::fromJson(file.readLine()).object();
        const auto step = std::int64_t(line.value(QStringLiteral("step")).toDouble(-1));
        if (step < 0 || (lastStep >= 0 && step > lastStep))
            continue; // not a metrics line, or a step the resumed run redoes
        ++lines;
        if (line.contains(QStringLiteral("eval"))) {
            TrainingEvalPoint point;
            point.step = step;
            const QJsonObject figures = line.value(QStringLiteral("eval")).toObject();
            for (auto it = figures.begin(); it != figures.end(); ++it)
                point.figures[it.key().toStdString()] = it.value().toDouble();
            appendEval(point);
        } else if (line.contains(QStringLiteral("loss"))) {
            TrainingStepPoint point;
            point.step = step;
            point.loss = line.value(QStringLiteral("loss")).toDouble();
            point.learningRate = line.value(QStringLiteral("lr")).toDouble();
            point.gradNorm = line.value(QStringLiteral("grad_norm")).toDouble();
            point.tokensPerSecond = line.value(QStringLiteral("tokens_per_s")).toDouble();
            appendStep(point);
        }
    }
    return lines;
}

} // namespace crsw
