#pragma once

#include "synth/synth_record.h"
#include "synth/synth_record_edits.h"

#include <QAbstractTableModel>
#include <QString>

#include <memory>
#include <vector>

namespace crsw {

/// The records of a synthetic dataset as a table: step, strategy, the query,
/// matched ground-truth titles ("18/20") and the user's marks (flagged,
/// deleted; deleted rows are struck through and greyed). It holds the
/// dataset's edits and saves them to the sidecar when they change.
class DialogueRecordModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { StepColumn, StrategyColumn, QueryColumn, MatchedColumn, MarksColumn, ColumnCount };
    /// Roles the filter reads.
    enum Role {
        SearchTextRole = Qt::UserRole + 1, ///< QString: query, item title and ground-truth titles, case-folded
        UnmatchedRole,                     ///< int: titles that matched no catalog item
        FlaggedRole,                       ///< bool
        DeletedRole,                       ///< bool
        StrategyRole,                      ///< QString
        StepRole,                          ///< qulonglong
        KeyRole,                           ///< QString: the record key
    };

    /// An empty model.
    explicit DialogueRecordModel(QObject *parent = nullptr);

    /// Shows a dataset: its records and edits; `outPath` is where edits are saved.
    void setDataset(const QString &outPath, std::shared_ptr<const std::vector<SynthRecord>> records,
                    SynthRecordEdits edits);
    /// The record of a row (the model's own rows), or null.
    const SynthRecord *record(int row) const;
    const SynthRecordEdits &edits() const { return m_edits; }
    const QString &outPath() const { return m_outPath; }
    /// The strategies found in the records, sorted.
    QStringList strategies() const;

    /// Flags or unflags rows and saves the sidecar; returns the error text or "".
    QString setFlagged(const QList<int> &rows, bool flagged);
    /// Deletes or restores rows and saves the sidecar; returns the error text or "".
    QString setDeleted(const QList<int> &rows, bool deleted);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    /// The edits changed and were saved.
    void editsChanged();

private:
    QString apply(const QList<int> &rows, bool value, bool deleting);

    QString m_outPath;
    std::shared_ptr<const std::vector<SynthRecord>> m_records;
    std::vector<QString> m_searchText; // per row, built once
    SynthRecordEdits m_edits;
};

} // namespace crsw
