#include "loadreportmodel.h"

#include "qstringutil.h"

#include <QFileInfo>

namespace crsw {

LoadReportModel::LoadReportModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void LoadReportModel::setReport(std::shared_ptr<const LoadReport> report)
{
    beginResetModel();
    m_report = std::move(report);
    endResetModel();
}

QString LoadReportModel::problemText(int row) const
{
    if (!m_report || row < 0 || row >= rowCount())
        return QString();
    return QString::fromStdString(m_report->problems()[std::size_t(row)].toString());
}

int LoadReportModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_report ? 0 : int(m_report->problems().size());
}

int LoadReportModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LoadReportModel::data(const QModelIndex &index, int role) const
{
    if (!m_report || !index.isValid() || index.row() >= rowCount())
        return {};
    const InputProblem &problem = m_report->problems()[std::size_t(index.row())];
    if (role == Qt::ToolTipRole)
        return QString::fromStdString(problem.toString());
    if (role == Qt::TextAlignmentRole && index.column() == LineColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case FileColumn:
        return QFileInfo(QString::fromStdString(problem.file)).fileName();
    case LineColumn:
        return qlonglong(problem.line);
    case FieldColumn:
        return QString::fromStdString(problem.field);
    case ReasonColumn:
        return toQStringLine(problem.reason, 400);
    default:
        return {};
    }
}

QVariant LoadReportModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case FileColumn:
        return tr("File");
    case LineColumn:
        return tr("Line");
    case FieldColumn:
        return tr("Field");
    case ReasonColumn:
        return tr("Reason");
    default:
        return {};
    }
}

} // namespace crsw
