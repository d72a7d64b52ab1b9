#include "evaluationresultsmodel.h"

#include <QFont>

#include <cmath>

namespace crsw {

namespace {
QString yesNo(bool value)
{
    return value ? EvaluationResultsModel::tr("yes") : EvaluationResultsModel::tr("no");
}

QString number(double value, int decimals = 4)
{
    // pandas writes NaN for a mean of nothing (a condition without samples).
    return std::isnan(value) ? QStringLiteral("–") : QString::number(value, 'f', decimals);
}
} // namespace

EvaluationResultsModel::EvaluationResultsModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void EvaluationResultsModel::setResult(std::shared_ptr<const EvaluationResult> result)
{
    beginResetModel();
    m_result = std::move(result);
    m_rows.clear();
    if (m_result) {
        for (std::size_t s = 0; s < m_result->settings.size(); ++s) {
            for (std::size_t c = 0; c < m_result->settings[s].summary.size(); ++c)
                m_rows.push_back({int(s), int(c)});
        }
    }
    endResetModel();
}

const SettingScores *EvaluationResultsModel::setting(int row) const
{
    if (row < 0 || row >= int(m_rows.size()))
        return nullptr;
    return &m_result->settings[m_rows[row].setting];
}

const ConditionSummary *EvaluationResultsModel::condition(int row) const
{
    const SettingScores *scores = setting(row);
    return scores ? &scores->summary[m_rows[row].condition] : nullptr;
}

int EvaluationResultsModel::rowOf(bool filtered, bool excludeSeen, const QString &condition) const
{
    for (int row = 0; row < int(m_rows.size()); ++row) {
        const SettingScores *scores = setting(row);
        if (scores->filtered == filtered && scores->excludeSeen == excludeSeen
            && QString::fromStdString(this->condition(row)->condition) == condition) {
            return row;
        }
    }
    return -1;
}

QString EvaluationResultsModel::metricTitle(const std::string &metricName)
{
    const QString name = QString::fromStdString(metricName);
    const int at = name.indexOf(QLatin1Char('@'));
    const QString metric = name.left(at);
    QString title;
    if (metric == QLatin1String("recall"))
        title = QStringLiteral("Recall");
    else if (metric == QLatin1String("ndcg"))
        title = QStringLiteral("NDCG");
    else if (metric == QLatin1String("mrr"))
        title = QStringLiteral("MRR");
    else
        title = metric;
    return at < 0 ? title : title + name.mid(at);
}

int EvaluationResultsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int EvaluationResultsModel::columnCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    return FirstMetricColumn + (m_result ? int(m_result->metricNames.size()) : 0);
}

QVariant EvaluationResultsModel::data(const QModelIndex &index, int role) const
{
    const SettingScores *scores = setting(index.row());
    if (!scores)
        return {};
    const ConditionSummary &summary = *condition(index.row());
    const int column = index.column();
    if (role == Qt::TextAlignmentRole)
        return column >= SamplesColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    if (role == Qt::FontRole && summary.condition == "all") {
        QFont font;
        font.setBold(true);
        return font;
    }
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole && role != Qt::UserRole)
        return {};
    switch (column) {
    case FilteredColumn:
        return yesNo(scores->filtered);
    case ExcludeSeenColumn:
        return yesNo(scores->excludeSeen);
    case ConditionColumn:
        return QString::fromStdString(summary.condition);
    case SamplesColumn:
        return role == Qt::UserRole ? QVariant(qulonglong(summary.samples)) : QVariant(QString::number(summary.samples));
    default:
        break;
    }
    const std::size_t metric = std::size_t(column - FirstMetricColumn);
    if (metric >= summary.stats.size())
        return {};
    const MetricStat &stat = summary.stats[metric];
    if (role == Qt::UserRole)
        return stat.mean;
    if (role == Qt::ToolTipRole) {
        return tr("%1: mean %2, standard error %3, 95% CI ±%4 (n = %5)")
            .arg(metricTitle(m_result->metricNames[metric]), number(stat.mean, 6), number(stat.se, 6),
                 number(stat.ci, 6))
            .arg(summary.samples);
    }
    return number(stat.mean);
}

QVariant EvaluationResultsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case FilteredColumn:
        return tr("Filtered");
    case ExcludeSeenColumn:
        return tr("Exclude seen");
    case ConditionColumn:
        return tr("Condition");
    case SamplesColumn:
        return tr("Samples");
    default:
        break;
    }
    const std::size_t metric = std::size_t(section - FirstMetricColumn);
    if (m_result && metric < m_result->metricNames.size()) {
        // Two lines ("Recall" over "@10") keep 16 columns within the page's width.
        return metricTitle(m_result->metricNames[metric]).replace(QLatin1Char('@'), QStringLiteral("\n@"));
    }
    return {};
}

} // namespace crsw
