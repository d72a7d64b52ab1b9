#include "dialoguerecordmodel.h"

#include <QBrush>
#include <QFont>
#include <QPalette>
#include <QGuiApplication>

#include <set>

namespace crsw {

DialogueRecordModel::DialogueRecordModel(QObject *parent) : QAbstractTableModel(parent) {}

void DialogueRecordModel::setDataset(const QString &outPath, std::shared_ptr<const std::vector<SynthRecord>> records,
                                     SynthRecordEdits edits)
{
    beginResetModel();
    m_outPath = outPath;
    m_records = std::move(records);
    m_edits = std::move(edits);
    m_searchText.clear();
    if (m_records) {
        // Built once, so a search keystroke is a substring test per row.
        m_searchText.reserve(m_records->size());
        for (const SynthRecord &r : *m_records) {
            QString text = QString::fromStdString(r.query) + QLatin1Char('\n') + QString::fromStdString(r.itemTitle);
            for (const SynthTitle &title : r.groundTruth)
                text += QLatin1Char('\n') + QString::fromStdString(title.title);
            m_searchText.push_back(text.toCaseFolded());
        }
    }
    endResetModel();
}

const SynthRecord *DialogueRecordModel::record(int row) const
{
    if (!m_records || row < 0 || row >= int(m_records->size()))
        return nullptr;
    return &(*m_records)[std::size_t(row)];
}

QStringList DialogueRecordModel::strategies() const
{
    std::set<QString> found;
    if (m_records)
        for (const SynthRecord &r : *m_records)
            found.insert(QString::fromStdString(r.strategy));
    return QStringList(found.begin(), found.end());
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
    SynthRecordEdits edits = m_edits;
    for (const int row : rows) {
        if (const SynthRecord *r = record(row)) {
            if (deleting)
                edits.setDeleted(r->key, value);
            else
                edits.setFlagged(r->key, value);
        }
    }
    // Saved at once (a small file, written atomically) so an export or a
    // reopening right after sees the edit; the model changes only once it is on disk.
    try {
        edits.save(m_outPath.toStdString());
    } catch (const std::exception &e) {
        return QString::fromUtf8(e.what());
    }
    m_edits = std::move(edits);
    for (const int row : rows)
        if (record(row))
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
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
    const bool deleted = m_edits.isDeleted(r->key);
    const bool flagged = m_edits.isFlagged(r->key);
    const int unmatched = int(r->unmatchedTitles());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case StepColumn: return qulonglong(r->step);
        case StrategyColumn: return QString::fromStdString(r->strategy);
        case QueryColumn: return QString::fromStdString(r->query).simplified();
        case MatchedColumn: return QStringLiteral("%1/%2").arg(int(r->groundTruth.size()) - unmatched).arg(r->groundTruth.size());
        case MarksColumn: {
            QStringList marks;
            if (flagged)
                marks << tr("flagged");
            if (deleted)
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
        if (deleted)
            return QBrush(QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text));
        if (index.column() == MatchedColumn && unmatched > 0)
            return QBrush(QColor(0xb0, 0x00, 0x20));
        break;
    case Qt::FontRole:
        if (deleted) {
            QFont font;
            font.setStrikeOut(true);
            return font;
        }
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == StepColumn || index.column() == MatchedColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case SearchTextRole: return m_searchText[std::size_t(index.row())];
    case UnmatchedRole: return unmatched;
    case FlaggedRole: return flagged;
    case DeletedRole: return deleted;
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
