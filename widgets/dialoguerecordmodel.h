#pragma once

#include "dialogueindex.h"

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
/// dataset's edits in memory; writing them to the sidecar is the caller's
/// (DialogueBrowser queues it on DialogueEditsSaver). It builds nothing
/// itself: the search index comes ready-made from the loading worker, so
/// showing 100,000 records costs the GUI thread a model reset only.
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

    /// Shows a dataset: its records, their index (DialogueIndex::build of the
    /// same records) and edits; `outPath` is the dataset the edits belong to.
    void setDataset(const QString &outPath, std::shared_ptr<const std::vector<SynthRecord>> records,
                    std::shared_ptr<const DialogueIndex> index, SynthRecordEdits edits);
    /// The record of a row (the model's own rows), or null.
    const SynthRecord *record(int row) const;
    const SynthRecordEdits &edits() const { return m_edits; }
    const QString &outPath() const { return m_outPath; }
    /// The strategies found in the records, sorted.
    QStringList strategies() const;

    /// Flags or unflags rows (in memory); returns the error text or "".
    QString setFlagged(const QList<int> &rows, bool flagged);
    /// Deletes or restores rows (in memory); returns the error text or "".
    QString setDeleted(const QList<int> &rows, bool deleted);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    /// The edits changed (by setFlagged() or setDeleted()).
    void editsChanged();

private:
    QString apply(const QList<int> &rows, bool value, bool deleting);

    QString m_outPath;
    std::shared_ptr<const std::vector<SynthRecord>> m_records;
    std::shared_ptr<const DialogueIndex> m_index; // row for row with m_records
    SynthRecordEdits m_edits;
};

} // namespace crsw
