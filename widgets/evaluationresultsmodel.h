#pragma once

#include "eval/answer_evaluator.h"

#include <QAbstractTableModel>

#include <memory>

namespace crsw {

/// The results table of an evaluation: one row per setting (filtered x
/// exclude_seen) and condition (recommendation, discussion, all), with the
/// sample count and the mean of every metric (Recall/NDCG/MRR at each k);
/// tooltips add the standard error and the 95% CI.
class EvaluationResultsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    /// Columns before the metric columns.
    enum Column { FilteredColumn, ExcludeSeenColumn, ConditionColumn, SamplesColumn, FirstMetricColumn };

    /// An empty table.
    explicit EvaluationResultsModel(QObject *parent = nullptr);

    /// Shows `result` (null: empty table).
    void setResult(std::shared_ptr<const EvaluationResult> result);
    /// The result shown, or null.
    const std::shared_ptr<const EvaluationResult> &result() const { return m_result; }

    /// The setting and condition summary of a row, or null for an invalid row.
    const SettingScores *setting(int row) const;
    const ConditionSummary *condition(int row) const; ///< see setting()
    /// The row of a setting and condition name, or -1.
    int rowOf(bool filtered, bool excludeSeen, const QString &condition) const;

    /// "Recall@10" for "recall@10".
    static QString metricTitle(const std::string &metricName);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row {
        int setting;
        int condition;
    };
    std::shared_ptr<const EvaluationResult> m_result;
    std::vector<Row> m_rows;
};

} // namespace crsw
