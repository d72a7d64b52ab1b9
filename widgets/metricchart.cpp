#include "metricchart.h"

#include <cmath>

namespace crsw {

namespace {

const QColor kRecallColour(0x2f, 0x6f, 0x9f);
const QColor kNdcgColour(0xf0, 0xa0, 0x30);

QCPBars *makeBars(QCustomPlot *plot, QCPBarsGroup *group, const QString &name, const QColor &colour)
{
    auto *bars = new QCPBars(plot->xAxis, plot->yAxis);
    bars->setName(name);
    bars->setWidth(0.36);
    bars->setBarsGroup(group);
    bars->setPen(QPen(colour.darker(130)));
    bars->setBrush(colour);
    return bars;
}

QCPErrorBars *makeErrorBars(QCustomPlot *plot, QCPBars *bars)
{
    auto *errors = new QCPErrorBars(plot->xAxis, plot->yAxis);
    errors->setDataPlottable(bars);
    errors->setErrorType(QCPErrorBars::etValueError);
    errors->setPen(QPen(QColor(0x30, 0x30, 0x30), 1.4));
    errors->setWhiskerWidth(10);
    errors->removeFromLegend();
    return errors;
}

// "recall@10" -> ("recall", 10); k < 0 when the name has no "@k".
std::pair<std::string, int> splitMetric(const std::string &name)
{
    const std::size_t at = name.find('@');
    if (at == std::string::npos)
        return {name, -1};
    return {name.substr(0, at), std::atoi(name.c_str() + at + 1)};
}

} // namespace

MetricChart::MetricChart(QWidget *parent)
    : QCustomPlot(parent)
    , m_ticker(new QCPAxisTickerText)
{
    setObjectName(QStringLiteral("metricChart"));
    setWindowTitle(tr("Recall@k and NDCG@k"));
    setMinimumHeight(260);
    plotLayout()->insertRow(0);
    m_title = new QCPTextElement(this, QString(), QFont(font().family(), font().pointSize() + 1, QFont::Bold));
    plotLayout()->addElement(0, 0, m_title);

    auto *group = new QCPBarsGroup(this);
    group->setSpacingType(QCPBarsGroup::stAbsolute);
    group->setSpacing(3);
    m_recall = makeBars(this, group, tr("Recall@k"), kRecallColour);
    m_ndcg = makeBars(this, group, tr("NDCG@k"), kNdcgColour);
    m_recallErrors = makeErrorBars(this, m_recall);
    m_ndcgErrors = makeErrorBars(this, m_ndcg);

    xAxis->setTicker(m_ticker);
    xAxis->setLabel(tr("cut-off k"));
    xAxis->grid()->setVisible(false);
    xAxis->setSubTicks(false);
    xAxis->setTickLength(0, 4);
    yAxis->setLabel(tr("mean over samples (error bars: 95% CI)"));
    yAxis->grid()->setSubGridVisible(true);
    yAxis->setRange(0, 1);

    legend->setVisible(true);
    legend->setBrush(QColor(255, 255, 255, 220));
    axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    clearChart(tr("Run an evaluation to see Recall@k and NDCG@k."));
}

void MetricChart::showSummary(const QString &caption, const std::vector<std::string> &metricNames,
                              const ConditionSummary &summary)
{
    // Columns of recall@k and ndcg@k for each k, in the order the evaluation computed them.
    std::vector<int> ks;
    std::vector<int> recallColumns, ndcgColumns;
    for (std::size_t i = 0; i < metricNames.size(); ++i) {
        const auto [metric, k] = splitMetric(metricNames[i]);
        if (metric == "recall") {
            ks.push_back(k);
            recallColumns.push_back(int(i));
        }
    }
    for (int k : ks) {
        int column = -1;
        for (std::size_t i = 0; i < metricNames.size(); ++i) {
            if (splitMetric(metricNames[i]) == std::make_pair(std::string("ndcg"), k))
                column = int(i);
        }
        ndcgColumns.push_back(column);
    }

    m_ticker->clear();
    for (std::size_t i = 0; i < ks.size(); ++i)
        m_ticker->addTick(double(i + 1), QStringLiteral("@%1").arg(ks[i]));
    xAxis->setRange(0.4, double(ks.size()) + 0.6);

    double top = 0.0;
    plotMetric(m_recall, m_recallErrors, recallColumns, summary, &top);
    plotMetric(m_ndcg, m_ndcgErrors, ndcgColumns, summary, &top);
    m_recallMeans.clear();
    m_recallCi.clear();
    m_ndcgMeans.clear();
    m_ndcgCi.clear();
    for (std::size_t i = 0; i < ks.size(); ++i) {
        const MetricStat &recall = summary.stats[recallColumns[i]];
        m_recallMeans << recall.mean;
        m_recallCi << recall.ci;
        const bool hasNdcg = ndcgColumns[i] >= 0;
        m_ndcgMeans << (hasNdcg ? summary.stats[ndcgColumns[i]].mean : qQNaN());
        m_ndcgCi << (hasNdcg ? summary.stats[ndcgColumns[i]].ci : qQNaN());
    }
    // Leave headroom above the tallest whisker for the legend.
    yAxis->setRange(0, top > 0 ? top * 1.25 : 1.0);
    m_title->setText(summary.samples == 0 ? caption + tr(": no samples") : caption);
    replot(QCustomPlot::rpQueuedReplot);
}

void MetricChart::plotMetric(QCPBars *bars, QCPErrorBars *errorBars, const std::vector<int> &columns,
                             const ConditionSummary &summary, double *top)
{
    QVector<double> keys, values, errors;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (columns[i] < 0)
            continue;
        const MetricStat &stat = summary.stats[columns[i]];
        if (std::isnan(stat.mean))
            continue; // a condition without samples: no bar rather than a bar at 0
        keys << double(i + 1);
        values << stat.mean;
        // se and ci are NaN for a single sample (pandas' ddof=1): no whisker then.
        errors << (std::isnan(stat.ci) ? 0.0 : stat.ci);
        *top = std::max(*top, stat.mean + errors.constLast());
    }
    bars->setData(keys, values, true);
    errorBars->setData(errors);
}

void MetricChart::clearChart(const QString &message)
{
    m_recall->data()->clear();
    m_ndcg->data()->clear();
    m_recallErrors->data()->clear();
    m_ndcgErrors->data()->clear();
    m_recallMeans.clear();
    m_recallCi.clear();
    m_ndcgMeans.clear();
    m_ndcgCi.clear();
    m_ticker->clear();
    xAxis->setRange(0.4, 4.6);
    yAxis->setRange(0, 1);
    m_title->setText(message);
    replot(QCustomPlot::rpQueuedReplot);
}

QVector<double> MetricChart::means(const QString &metric) const
{
    return metric == QLatin1String("ndcg") ? m_ndcgMeans : m_recallMeans;
}

QVector<double> MetricChart::errors(const QString &metric) const
{
    return metric == QLatin1String("ndcg") ? m_ndcgCi : m_recallCi;
}

QString MetricChart::caption() const
{
    return m_title->text();
}

} // namespace crsw
