#pragma once

#include "eval/he_protocol.h"

#include "qcustomplotinclude.h"

#include <string>
#include <vector>

namespace crsw {

/// A bar chart of Recall@k and NDCG@k (k = 1, 5, 10, 20, or whatever ks the
/// evaluation used) for one setting and condition, with the 95% confidence
/// interval of each mean as error bars.
class MetricChart : public QCustomPlot {
    Q_OBJECT
public:
    /// An empty chart that asks for an evaluation.
    explicit MetricChart(QWidget *parent = nullptr);

    /// Plots one condition's summary; `caption` names the setting and condition.
    void showSummary(const QString &caption, const std::vector<std::string> &metricNames,
                     const ConditionSummary &summary);
    /// Empties the chart and shows `message` in its title.
    void clearChart(const QString &message);

    /// The plotted means of "recall" or "ndcg", in k order (NaN where the
    /// condition has no samples); for tests and exports.
    QVector<double> means(const QString &metric) const;
    /// The plotted CI half-widths of "recall" or "ndcg", in k order.
    QVector<double> errors(const QString &metric) const;
    /// The title line shown above the plot.
    QString caption() const;

private:
    void plotMetric(QCPBars *bars, QCPErrorBars *errorBars, const std::vector<int> &columns,
                    const ConditionSummary &summary, double *top);

    QCPTextElement *m_title;
    QCPBars *m_recall;
    QCPBars *m_ndcg;
    QCPErrorBars *m_recallErrors;
    QCPErrorBars *m_ndcgErrors;
    QSharedPointer<QCPAxisTickerText> m_ticker;
    QVector<double> m_recallMeans, m_ndcgMeans, m_recallCi, m_ndcgCi;
};

} // namespace crsw
