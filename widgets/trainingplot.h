#pragma once

#include "trainingmetricsfeed.h"

#include "qcustomplotinclude.h"

#include <QMap>
#include <QString>

#include <vector>

namespace crsw {

/// The live curves of a fine-tuning run: on top the training loss per step,
/// raw (thin, light) and smoothed (an exponential moving average, debiased
/// as TensorBoard's); below left the learning rate; below right Recall@k
/// (solid) and NDCG@k (dashed) per k over steps when the run evaluates.
/// Points are appended as the GUI drains the worker's feed; a step that is
/// already plotted (a resumed run redoing steps after its checkpoint) drops
/// the points from there on first.
class TrainingPlot : public QCustomPlot {
    Q_OBJECT
public:
    /// Empty plots.
    explicit TrainingPlot(QWidget *parent = nullptr);

    /// Appends steps (in step order); queues a replot.
    void appendSteps(const std::vector<TrainingStepPoint> &steps);
    /// Appends evaluations: one graph per figure name; queues a replot.
    void appendEvals(const std::vector<TrainingEvalPoint> &evals);
    /// Removes every point.
    void clearCurves();
    /// The EMA weight of the smoothed loss in [0, 1) (0: no smoothing); default 0.9.
    void setSmoothing(double weight);

    /// Points plotted (for tests and the status line).
    int lossCount() const;
    int smoothedCount() const;
    int learningRateCount() const;
    /// The evaluation figures plotted ("recall@5", ...), sorted.
    QStringList evalNames() const;
    int evalCount(const QString &name) const;
    /// The raw loss at a plotted step (NaN when none).
    double lossAt(std::int64_t step) const;

private:
    QCPGraph *evalGraph(const QString &name);
    void recomputeSmoothed();
    void rescale();

    QCPAxisRect *m_lossRect;
    QCPAxisRect *m_lrRect;
    QCPAxisRect *m_evalRect;
    QCPGraph *m_loss;
    QCPGraph *m_smoothed;
    QCPGraph *m_lr;
    QCPLegend *m_evalLegend;
    QMap<QString, QCPGraph *> m_evals;
    double m_smoothing = 0.9;
};

} // namespace crsw
