#pragma once

#include "trainingrunfolder.h"

#include <QAbstractTableModel>

namespace crsw {

/// The checkpoints and outputs of a fine-tuning run folder as a table:
/// name, what it is, step, size, when written.
class TrainingCheckpointModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { NameColumn, KindColumn, StepColumn, SizeColumn, ModifiedColumn, ColumnCount };

    explicit TrainingCheckpointModel(QObject *parent = nullptr);

    /// Shows `entries` (TrainingRunFolder::entries of the run folder).
    void setEntries(const QList<TrainingRunEntry> &entries);
    /// The entry of a row (rows are in entries() order).
    const TrainingRunEntry &entry(int row) const { return m_entries.at(row); }
    const QList<TrainingRunEntry> &entries() const { return m_entries; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<TrainingRunEntry> m_entries;
};

} // namespace crsw
