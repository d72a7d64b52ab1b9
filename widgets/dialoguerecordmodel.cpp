#include "dialoguerecordmodel.h"

#include <QBrush>
#include <QFont>
#include <QPalette>
#include <QGuiApplication>

#include <algorithm>

namespace crsw {

DialogueRecordModel::DialogueRecordModel(QObject *parent) : QAbstractTableModel(parent) {}

void DialogueRecordModel::setDataset(const QString &outPath, std::shared_ptr<const std::vector<SynthRecord>> records,
                                     std::shared_ptr<const DialogueIndex> index, SynthRecordEdits edits)
{
    Q_ASSERT(!records || (index && index->searchText.size() == records->size()));
    std::shared_ptr<const std::vector<SynthRecord>> previousRecords = m_records;
    std::shared_ptr<const DialogueIndex> previousIndex = m_index;
    beginResetModel();
    m_outPath = outPath;
    m_records = std::move(records);
    m_index = m_records ? std::move(index) : nullptr;
    m_edits = std::move(edits);
    endResetModel();
    // The dataset shown before is freed off the GUI thread.
    DialogueIndex::releaseOnWorker(std::move(previousRecords), std::move(previousIndex));
}

const SynthRecord *DialogueRecordModel::record(int row) const
{
    if (!m_records || row < 0 || row >= int(m_records->size()))
        return nullptr;
    return &(*m_records)[std::size_t(row)];
}

QStringList DialogueRecordModel::strategies() const
{
    return m_index ? m_index->strategies : QStringList();
}

QString DialogueRecordModel::setFlagged(const QList<int> &rows, bool flagged)
{
    return apply(rows, flagged, false);
}

QString DialogueRecordModel::setDeleted(const QList<int> &rows, bool deleted)
{
    return apply(rows, deleted, true);
}

QString DialogueRecordModel::apply(const QList<int> &rows, bool value, bool deleting)
{
    if (m_outPath.isEmpty())
        return tr("no dataset is shown");
    // In memory only: the browser queues the new edits for the sidecar, so a
    // click never waits for an fsync.
    for (const int row : rows) {
        if (const SynthRecord *r = record(row)) {
            if (deleting)
                m_edits.setDeleted(r->key, value);
            else
                m_edits.setFlagged(r->key, value);
        }
    }
    // One dataChanged per run of adjacent rows: with every row selected, the
    // proxy then re-sorts and re-filters once, not once per row.
    QList<int> changed;
    for (const int row : rows)
        if (record(row))
            changed << row;
    std::sort(changed.begin(), changed.end());
    for (qsizetype i = 0; i < changed.size();) {
        qsizetype j = i;
        while (j + 1 < changed.size() && changed[j + 1] <= changed[j] + 1)
            ++j;
        Q_EMIT dataChanged(index(changed[i], 0), index(changed[j], ColumnCount - 1));
        i = j + 1;
    }
    Q_EMIT editsChanged();
    return QString();
}

int DialogueRecordModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_records ? 0 : int(m_records->size());
}

int DialogueRecordModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DialogueRecordModel::data(const QModelIndex &index, int role) const
{
    const SynthRecord *r = record(index.row());
    if (!r)
        return {};
    const std::size_t row = std::size_t(index.row());
    // Each role computes only what it needs: the proxy sorts and filters every
    // row through here, and a set lookup per call adds up at 100,000 rows.
    const auto deleted = [&] { return m_edits.isDeleted(r->key); };
    const auto flagged = [&] { return m_edits.isFlagged(r->key); };
    const int unmatched = m_index->unmatched[row];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case StepColumn: return qulonglong(r->step);
        case StrategyColumn: return QString::fromStdString(r->strategy);
        case QueryColumn: return QString::fromStdString(r->query).simplified();
        case MatchedColumn: return QStringLiteral("%1/%2").arg(int(r->groundTruth.size()) - unmatched).arg(r->groundTruth.size());
        case MarksColumn: {
            QStringList marks;
            if (flagged())
                marks << tr("flagged");
            if (deleted())
                marks << tr("deleted");
            return marks.join(QStringLiteral(", "));
        }
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == QueryColumn)
            return QString::fromStdString(r->query);
        if (index.column() == MatchedColumn)
            return unmatched ? tr("%n title(s) match no catalog item (hallucinated)", nullptr, unmatched)
                             : tr("Every title matches a catalog item");
        break;
    case Qt::ForegroundRole:
        if (deleted())
            return QBrush(QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text));
        if (index.column() == MatchedColumn && unmatched > 0)
            return QBrush(QColor(0xb0, 0x00, 0x20));
        break;
    case Qt::FontRole:
        if (deleted()) {
            QFont font;
            font.setStrikeOut(true);
            return font;
        }
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == StepColumn || index.column() == MatchedColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case SearchTextRole: return m_index->searchText[row];
    case UnmatchedRole: return unmatched;
    case FlaggedRole: return flagged();
    case DeletedRole: return deleted();
    case StrategyRole: return QString::fromStdString(r->strategy);
    case StepRole: return qulonglong(r->step);
    case KeyRole: return QString::fromStdString(r->key);
    default: break;
    }
    return {};
}

QVariant DialogueRecordModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case StepColumn: return tr("Step");
    case StrategyColumn: return tr("Strategy");
    case QueryColumn: return tr("Query");
    case MatchedColumn: return tr("Matched");
    case MarksColumn: return tr("Marks");
    }
    return {};
}

} // namespace crsw

// This header's moc output is compiled here, not in the shared mocs_compilation.cpp,
// where core/teacher's crsw::ChatMessage (chat_types.h) would meet core/model's
// (chat_format.h) from another page's header.
#include "moc_dialoguerecordmodel.cpp"
