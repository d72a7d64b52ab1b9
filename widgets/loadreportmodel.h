#pragma once

#include "common/load_report.h"

#include <QAbstractTableModel>

#include <memory>

namespace crsw {

/// The malformed lines a load reported, one row each: file, line, field,
/// reason. Cells are made on demand from the core's LoadReport (up to its
/// detail limit of problems), which the model shares rather than copies.
class LoadReportModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { FileColumn, LineColumn, FieldColumn, ReasonColumn, ColumnCount };

    /// An empty list.
    explicit LoadReportModel(QObject *parent = nullptr);

    /// Shows a report (null: empty).
    void setReport(std::shared_ptr<const LoadReport> report);
    /// "file:line: field: reason" of a row, the core's format.
    QString problemText(int row) const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::shared_ptr<const LoadReport> m_report;
};

} // namespace crsw
