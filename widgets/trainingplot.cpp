#include "trainingplot.h"

#include <algorithm>
#include <cmath>

namespace crsw {

namespace {

const QColor kLossColour(0x2f, 0x6f, 0x9f);
const QColor kLrColour(0x40, 0x90, 0x50);
// One colour per k, in k order; Recall solid, NDCG dashed in the same colour.
const QColor kEvalColours[] = {QColor(0xd0, 0x50, 0x30), QColor(0x2f, 0x6f, 0x9f), QColor(0x40, 0x90, 0x50),
                               QColor(0x90, 0x50, 0xa0), QColor(0x60, 0x60, 0x60)};

QCPAxisRect *styleRect(QCPAxisRect *rect, const QString &valueLabel)
{
    rect->axis(QCPAxis::atBottom)->setLabel(QCoreApplication::translate("crsw::TrainingPlot", "step"));
    rect->axis(QCPAxis::atLeft)->setLabel(valueLabel);
    for (QCPAxis *axis : rect->axes())
        axis->setLayer(QStringLiteral("axes"));
    for (QCPAxis *axis : {rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft)})
        axis->grid()->setLayer(QStringLiteral("grid"));
    return rect;
}

QCPLegend *makeLegend(QCustomPlot *plot, QCPAxisRect *rect, Qt::Alignment where)
{
    auto *legend = new QCPLegend;
    rect->insetLayout()->addElement(legend, where);
    legend->setLayer(QStringLiteral("legend"));
    legend->setBrush(QColor(255, 255, 255, 210));
    legend->setBorderPen(QPen(QColor(0xc0, 0xc0, 0xc0)));
    legend->setFont(QFont(plot->font().family(), plot->font().pointSize() - 1));
    legend->setRowSpacing(0);
    legend->setMargins(QMargins(5, 2, 5, 2));
    return legend;
}

/// An empty legend's maximum width is its margins, and QCPLayoutGrid caps a whole column
/// by the narrowest maximum in it, hidden elements included: the plots above it would
/// shrink to their minimum width until the first evaluation fills it. An empty cell has
/// no maximum, so one keeps the legend (and the column) unbounded.
void keepCellOpen(QCPLegend *legend)
{
    if (legend->itemCount() == 0)
        legend->expandTo(1, 1);
}

void rangeOf(QCPGraph *graph, QCPAxis *axis, double floor)
{
    bool found = false;
    const QCPRange range = graph->getValueRange(found);
    if (!found) {
        axis->setRange(floor, floor + 1.0);
        return;
    }
    const double pad = std::max(range.size() * 0.06, std::abs(range.upper) * 1e-3 + 1e-12);
    axis->setRange(std::max(floor, range.lower - pad), range.upper + pad);
}

} // namespace

TrainingPlot::TrainingPlot(QWidget *parent)
    : QCustomPlot(parent)
{
    setObjectName(QStringLiteral("trainingPlot"));
    setWindowTitle(tr("Fine-tuning curves"));
    setMinimumHeight(300);
    setAutoAddPlottableToLegend(false);
    legend->setVisible(false);

    // Loss across the top; learning rate and evaluation side by side below.
    m_lossRect = styleRect(axisRect(), tr("training loss"));
    m_lrRect = styleRect(new QCPAxisRect(this), tr("learning rate"));
    m_evalRect = styleRect(new QCPAxisRect(this), tr("Recall@k / NDCG@k"));
    auto *bottom = new QCPLayoutGrid;
    plotLayout()->addElement(1, 0, bottom);
    bottom->addElement(0, 0, m_lrRect);
    bottom->addElement(0, 1, m_evalRect);
    plotLayout()->setRowStretchFactor(0, 1.3);
    plotLayout()->setRowStretchFactor(1, 1.0);
    m_lrRect->axis(QCPAxis::atLeft)->setNumberFormat(QStringLiteral("g"));
    m_lrRect->axis(QCPAxis::atLeft)->setNumberPrecision(2);

    m_loss = addGraph(m_lossRect->axis(QCPAxis::atBottom), m_lossRect->axis(QCPAxis::atLeft));
    m_loss->setName(tr("loss"));
    m_loss->setPen(QPen(kLossColour.lighter(160), 1.0));
    m_smoothed = addGraph(m_lossRect->axis(QCPAxis::atBottom), m_lossRect->axis(QCPAxis::atLeft));
    m_smoothed->setName(tr("smoothed (EMA)"));
    m_smoothed->setPen(QPen(kLossColour, 2.0));
    m_lr = addGraph(m_lrRect->axis(QCPAxis::atBottom), m_lrRect->axis(QCPAxis::atLeft));
    m_lr->setPen(QPen(kLrColour, 1.6));

    QCPLegend *lossLegend = makeLegend(this, m_lossRect, Qt::AlignTop | Qt::AlignRight);
    m_loss->addToLegend(lossLegend);
    m_smoothed->addToLegend(lossLegend);
    // The evaluation legend (up to 8 entries) under the plots, not over them: a row of
    // Recall@k and one of NDCG@k.
    m_evalLegend = makeLegend(this, m_evalRect, Qt::AlignTop | Qt::AlignRight);
    m_evalRect->insetLayout()->take(m_evalLegend);
    m_evalRect->insetLayout()->simplify();
    plotLayout()->addElement(2, 0, m_evalLegend);
    plotLayout()->setRowStretchFactor(2, 0.001);
    keepCellOpen(m_evalLegend);
    m_evalLegend->setBorderPen(Qt::NoPen);
    m_evalLegend->setBrush(Qt::NoBrush);
    m_evalLegend->setVisible(false);
    m_evalRect->axis(QCPAxis::atLeft)->setRange(0.0, 1.0);
    rescale();
}

void TrainingPlot::appendSteps(const std::vector<TrainingStepPoint> &steps)
{
    for (const TrainingStepPoint &point : steps) {
        const double key = double(point.step);
        if (!m_loss->data()->isEmpty() && (m_loss->data()->constEnd() - 1)->key >= key) {
            // A resumed run redoes the steps after its checkpoint: drop the old points from here on.
            for (QCPGraph *graph : {m_loss, m_smoothed, m_lr})
                graph->data()->removeAfter(key - 0.5);
        }
        m_loss->addData(key, point.loss);
        m_lr->addData(key, point.learningRate);
    }
    // Recomputed whole: O(steps) per drain is nothing next to a training step, and a
    // resumed run's truncation needs no special case.
    recomputeSmoothed();
    rescale();
}

void TrainingPlot::recomputeSmoothed()
{
    m_smoothed->data()->clear();
    double ema = 0.0;
    int n = 0;
    for (auto it = m_loss->data()->constBegin(); it != m_loss->data()->constEnd(); ++it) {
        ++n;
        ema = m_smoothing * ema + (1.0 - m_smoothing) * it->value;
        // Debiased: the EMA starts at 0, so early values are scaled up by 1 / (1 - w^n).
        m_smoothed->addData(it->key, m_smoothing > 0 ? ema / (1.0 - std::pow(m_smoothing, n)) : it->value);
    }
}

void TrainingPlot::appendEvals(const std::vector<TrainingEvalPoint> &evals)
{
    for (const TrainingEvalPoint &point : evals) {
        for (const auto &[name, value] : point.figures) {
            QCPGraph *graph = evalGraph(QString::fromStdString(name));
            graph->data()->removeAfter(double(point.step) - 0.5);
            graph->addData(double(point.step), value);
        }
    }
    rescale();
}

QCPGraph *TrainingPlot::evalGraph(const QString &name)
{
    if (QCPGraph *graph = m_evals.value(name))
        return graph;
    // "recall@10": the colour by k's position among the ks seen, the dash by the metric.
    const int k = name.section(QLatin1Char('@'), 1).toInt();
    QList<int> ks;
    for (auto it = m_evals.cbegin(); it != m_evals.cend(); ++it)
        ks << it.key().section(QLatin1Char('@'), 1).toInt();
    ks << k;
    std::sort(ks.begin(), ks.end());
    ks.erase(std::unique(ks.begin(), ks.end()), ks.end());
    QCPGraph *graph = addGraph(m_evalRect->axis(QCPAxis::atBottom), m_evalRect->axis(QCPAxis::atLeft));
    const QString metric = name.section(QLatin1Char('@'), 0, 0);
    const QString label = metric == QLatin1String("ndcg")     ? QStringLiteral("NDCG@%1").arg(k)
                          : metric == QLatin1String("recall") ? QStringLiteral("Recall@%1").arg(k)
                                                              : name;
    graph->setName(label);
    graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 4));
    m_evals.insert(name, graph);
    // Re-colour all: a new k may shift the others' positions.
    for (auto it = m_evals.cbegin(); it != m_evals.cend(); ++it) {
        const int index = int(ks.indexOf(it.key().section(QLatin1Char('@'), 1).toInt()));
        const QColor colour = kEvalColours[std::min<int>(index, int(std::size(kEvalColours)) - 1)];
        const bool ndcg = it.key().startsWith(QLatin1String("ndcg"));
        it.value()->setPen(QPen(colour, 1.6, ndcg ? Qt::DashLine : Qt::SolidLine));
        it.value()->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, colour, 4));
    }
    // Legend: a row of Recall@k then a row of NDCG@k, each in k order, so it stays two lines high.
    m_evalLegend->clearItems();
    for (const QLatin1String metric : {QLatin1String("recall"), QLatin1String("ndcg")})
        for (const int each : std::as_const(ks))
            if (QCPGraph *g = m_evals.value(QStringLiteral("%1@%2").arg(metric).arg(each)))
                g->addToLegend(m_evalLegend);
    for (auto it = m_evals.cbegin(); it != m_evals.cend(); ++it)
        if (!m_evalLegend->hasItemWithPlottable(it.value()))
            it.value()->addToLegend(m_evalLegend);
    m_evalLegend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    m_evalLegend->setWrap(int(ks.size()));
    m_evalLegend->setVisible(true);
    return graph;
}

void TrainingPlot::clearCurves()
{
    for (QCPGraph *graph : {m_loss, m_smoothed, m_lr})
        graph->data()->clear();
    for (QCPGraph *graph : std::as_const(m_evals))
        removeGraph(graph);
    m_evals.clear();
    m_evalLegend->clearItems();
    keepCellOpen(m_evalLegend);
    m_evalLegend->setVisible(false);
    rescale();
}

void TrainingPlot::setSmoothing(double weight)
{
    m_smoothing = std::clamp(weight, 0.0, 0.999);
    recomputeSmoothed();
    rescale();
}

void TrainingPlot::rescale()
{
    double lastStep = 0.0;
    if (!m_loss->data()->isEmpty())
        lastStep = (m_loss->data()->constEnd() - 1)->key;
    for (QCPGraph *graph : std::as_const(m_evals))
        if (!graph->data()->isEmpty())
            lastStep = std::max(lastStep, (graph->data()->constEnd() - 1)->key);
    const double right = std::max(10.0, lastStep * 1.03);
    for (QCPAxisRect *rect : {m_lossRect, m_lrRect, m_evalRect})
        rect->axis(QCPAxis::atBottom)->setRange(0.0, right);
    rangeOf(m_loss, m_lossRect->axis(QCPAxis::atLeft), 0.0);
    rangeOf(m_lr, m_lrRect->axis(QCPAxis::atLeft), 0.0);
    double top = 0.0;
    for (QCPGraph *graph : std::as_const(m_evals)) {
        bool found = false;
        const QCPRange range = graph->getValueRange(found);
        if (found)
            top = std::max(top, range.upper);
    }
    m_evalRect->axis(QCPAxis::atLeft)->setRange(0.0, top > 0.0 ? std::min(1.0, top * 1.15 + 0.02) : 1.0);
    replot(QCustomPlot::rpQueuedReplot);
}

int TrainingPlot::lossCount() const
{
    return m_loss->dataCount();
}

int TrainingPlot::smoothedCount() const
{
    return m_smoothed->dataCount();
}

int TrainingPlot::learningRateCount() const
{
    return m_lr->dataCount();
}

QStringList TrainingPlot::evalNames() const
{
    return m_evals.keys();
}

int TrainingPlot::evalCount(const QString &name) const
{
    const QCPGraph *graph = m_evals.value(name);
    return graph ? graph->dataCount() : 0;
}

double TrainingPlot::lossAt(std::int64_t step) const
{
    const auto it = m_loss->data()->findBegin(double(step), false);
    if (it == m_loss->data()->constEnd() || it->key != double(step))
        return qQNaN();
    return it->value;
}

} // namespace crsw
