#include "selectiontraceplot.h"

#include <algorithm>
#include <cmath>

namespace crsw {

namespace {

// The run colours match the map's marks: A's black-edged circles, B's orange diamonds.
const QColor kRunColours[SelectionTracePlot::kSlots] = {QColor(0x30, 0x30, 0x30), QColor(0xf0, 0x80, 0x00)};

QCPItemStraightLine *makeStepLine(QCustomPlot *plot, QCPAxisRect *rect)
{
    auto *line = new QCPItemStraightLine(plot);
    line->setClipAxisRect(rect);
    line->setClipToAxisRect(true);
    for (QCPItemPosition *position : {line->point1, line->point2}) {
        position->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
        position->setAxisRect(rect);
    }
    line->setPen(QPen(QColor(0xd0, 0x10, 0x10), 1.2, Qt::DashLine));
    line->setVisible(false);
    return line;
}

void fillGraph(QCPGraph *graph, const std::vector<double> &values)
{
    QVector<double> keys(int(values.size())), data(int(values.size()));
    for (std::size_t i = 0; i < values.size(); ++i) {
        keys[int(i)] = double(i + 1);
        data[int(i)] = values[i];
    }
    graph->setData(keys, data, true);
}

} // namespace

SelectionTracePlot::SelectionTracePlot(QWidget *parent)
    : QCustomPlot(parent)
{
    setObjectName(QStringLiteral("selectionTracePlot"));
    setWindowTitle(tr("Selection trace"));
    setMinimumHeight(170);
    setAutoAddPlottableToLegend(false);

    // Two axis rects side by side: the default one for scores, a new one for coverage.
    m_scoreRect = axisRect();
    m_coverageRect = new QCPAxisRect(this);
    plotLayout()->addElement(0, 1, m_coverageRect);
    m_scoreRect->axis(QCPAxis::atBottom)->setLabel(tr("step"));
    m_scoreRect->axis(QCPAxis::atLeft)->setLabel(tr("score of the pick"));
    m_coverageRect->axis(QCPAxis::atBottom)->setLabel(tr("step"));
    m_coverageRect->axis(QCPAxis::atLeft)->setLabel(tr("clusters covered"));
    m_coverageRect->axis(QCPAxis::atLeft)->setRange(0, 1.02);
    auto percent = QSharedPointer<QCPAxisTickerFixed>::create();
    percent->setTickStep(0.25);
    m_coverageRect->axis(QCPAxis::atLeft)->setTicker(percent);
    m_coverageRect->axis(QCPAxis::atLeft)->setNumberFormat(QStringLiteral("f"));
    m_coverageRect->axis(QCPAxis::atLeft)->setNumberPrecision(2);
    for (QCPAxisRect *rect : {m_scoreRect, m_coverageRect}) {
        for (QCPAxis *axis : rect->axes())
            axis->setLayer(QStringLiteral("axes"));
        for (QCPAxis *axis : {rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft)})
            axis->grid()->setLayer(QStringLiteral("grid"));
    }
    m_scoreRect->axis(QCPAxis::atRight)->setTickLabels(true);

    for (int slot = 0; slot < kSlots; ++slot) {
        const QPen pen(kRunColours[slot], 1.6);
        m_scores[std::size_t(slot)] =
            addGraph(m_scoreRect->axis(QCPAxis::atBottom), m_scoreRect->axis(QCPAxis::atLeft));
        m_scores[std::size_t(slot)]->setPen(pen);
        m_coverage[std::size_t(slot)] =
            addGraph(m_coverageRect->axis(QCPAxis::atBottom), m_coverageRect->axis(QCPAxis::atLeft));
        m_coverage[std::size_t(slot)]->setPen(pen);
    }
    m_scoreStep = makeStepLine(this, m_scoreRect);
    m_coverageStep = makeStepLine(this, m_coverageRect);

    // The legend in a row above the score plot, its entries side by side, so it hides no data.
    // A spacer beside it keeps the column wide while the legend is empty
    // (an empty legend's maximum width would otherwise squeeze the score plot).
    m_legend = legend;
    m_scoreRect->insetLayout()->take(m_legend);
    plotLayout()->insertRow(0);
    auto *legendRow = new QCPLayoutGrid;
    plotLayout()->addElement(0, 0, legendRow);
    legendRow->addElement(0, 0, m_legend);
    legendRow->addElement(0, 1, new QCPLayoutElement(this));
    legendRow->setColumnStretchFactor(0, 0.001);
    plotLayout()->setRowStretchFactor(0, 0.001);
    m_legend->setFillOrder(QCPLegend::foColumnsFirst);
    m_legend->setBorderPen(Qt::NoPen);
    m_legend->setBrush(Qt::NoBrush);
    m_legend->setMargins(QMargins(4, 0, 4, 0));
    m_legend->setFont(QFont(font().family(), font().pointSize() - 1));
    m_legend->setVisible(false);
    rescale();
}

void SelectionTracePlot::setRun(int slot, const QString &name, const std::vector<double> &scores,
                                const std::vector<double> &coverage)
{
    if (slot < 0 || slot >= kSlots)
        return;
    QCPGraph *score = m_scores[std::size_t(slot)];
    score->setName(name);
    fillGraph(score, scores);
    fillGraph(m_coverage[std::size_t(slot)], coverage);
    if (!m_legend->hasItemWithPlottable(score))
        score->addToLegend(m_legend);
    m_legend->setVisible(true);
    rescale();
}

void SelectionTracePlot::clearRun(int slot)
{
    if (slot < 0 || slot >= kSlots)
        return;
    m_scores[std::size_t(slot)]->data()->clear();
    m_coverage[std::size_t(slot)]->data()->clear();
    m_scores[std::size_t(slot)]->removeFromLegend(m_legend);
    m_legend->setVisible(m_legend->itemCount() > 0);
    rescale();
}

void SelectionTracePlot::setSeparateScoreAxis(bool separate)
{
    m_separateAxis = separate;
    QCPAxis *right = m_scoreRect->axis(QCPAxis::atRight);
    m_scores[1]->setValueAxis(separate ? right : m_scoreRect->axis(QCPAxis::atLeft));
    right->setVisible(separate);
    right->setLabel(separate ? tr("score of B's pick") : QString());
    right->setLabelColor(kRunColours[1]);
    right->setTickLabelColor(kRunColours[1]);
    m_scoreRect->axis(QCPAxis::atLeft)->setLabel(separate ? tr("score of A's pick") : tr("score of the pick"));
    rescale();
}

void SelectionTracePlot::setClusterCount(std::size_t clusters)
{
    m_coverageRect->axis(QCPAxis::atLeft)->setLabel(clusters > 0 ? tr("clusters covered (K = %1)").arg(clusters)
                                                                  : tr("clusters covered"));
}

void SelectionTracePlot::setStep(std::size_t step)
{
    for (QCPItemStraightLine *line : {m_scoreStep, m_coverageStep}) {
        line->setVisible(step > 0);
        line->point1->setCoords(double(step), 0.0);
        line->point2->setCoords(double(step), 1.0);
    }
    replot(QCustomPlot::rpQueuedReplot);
}

void SelectionTracePlot::rescale()
{
    int steps = 0;
    for (int slot = 0; slot < kSlots; ++slot)
        steps = std::max(steps, m_scores[std::size_t(slot)]->dataCount());
    const double right = std::max(10.0, double(steps) * 1.02);
    m_scoreRect->axis(QCPAxis::atBottom)->setRange(0.0, right);
    m_coverageRect->axis(QCPAxis::atBottom)->setRange(0.0, right);
    // Each score axis spans its graphs' values with a margin.
    for (QCPAxis *axis : {m_scoreRect->axis(QCPAxis::atLeft), m_scoreRect->axis(QCPAxis::atRight)}) {
        bool found = false;
        QCPRange range;
        for (QCPGraph *graph : m_scores) {
            if (graph->valueAxis() != axis || graph->dataCount() == 0)
                continue;
            // The first pick's score is often of another kind (JS: the entropy of
            // p_i, not a divergence) and far above the rest: the range skips it.
            auto it = graph->data()->constBegin();
            if (graph->dataCount() >= 3)
                ++it;
            for (; it != graph->data()->constEnd(); ++it) {
                range = found ? QCPRange(std::min(range.lower, it->value), std::max(range.upper, it->value))
                              : QCPRange(it->value, it->value);
                found = true;
            }
        }
        if (!found)
            range = QCPRange(0.0, 1.0);
        const double pad = std::max(range.size() * 0.06, std::abs(range.upper) * 1e-3 + 1e-12);
        axis->setRange(range.lower - pad, range.upper + pad);
    }
    replot(QCustomPlot::rpQueuedReplot);
}

int SelectionTracePlot::scoreCount(int slot) const
{
    return slot >= 0 && slot < kSlots ? m_scores[std::size_t(slot)]->dataCount() : 0;
}

int SelectionTracePlot::coverageCount(int slot) const
{
    return slot >= 0 && slot < kSlots ? m_coverage[std::size_t(slot)]->dataCount() : 0;
}

double SelectionTracePlot::coverageAt(int slot, std::size_t step) const
{
    if (slot < 0 || slot >= kSlots || step == 0 || int(step) > m_coverage[std::size_t(slot)]->dataCount())
        return qQNaN();
    return (m_coverage[std::size_t(slot)]->data()->constBegin() + int(step - 1))->value;
}

} // namespace crsw
