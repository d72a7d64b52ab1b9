#include "dialoguefiltermodel.h"

#include "dialoguerecordmodel.h"

namespace crsw {

DialogueFilterModel::DialogueFilterModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(Qt::DisplayRole);
}

void DialogueFilterModel::refilter()
{
    // invalidate(), not invalidateFilter(): the latter removes and inserts the
    // rows that change range by range, and with 100,000 records a filter that
    // hides every other row costs the table view a second or more (its header
    // handles each range); invalidate() rebuilds the mapping and announces
    // one layout change, which costs a sort (tens of milliseconds).
    invalidate();
}

void DialogueFilterModel::setSearchText(const QString &text)
{
    const QStringList words = text.toCaseFolded().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (words == m_words)
        return;
    m_words = words;
    refilter();
}

void DialogueFilterModel::setKind(Kind kind)
{
    if (kind == m_kind)
        return;
    m_kind = kind;
    refilter();
}

void DialogueFilterModel::setStrategy(const QString &strategy)
{
    if (strategy == m_strategy)
        return;
    m_strategy = strategy;
    refilter();
}

void DialogueFilterModel::setStep(long long step)
{
    if (step == m_step)
        return;
    m_step = step;
    refilter();
}

bool DialogueFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    const auto value = [&index](int role) { return index.data(role); };
    const bool deleted = value(DialogueRecordModel::DeletedRole).toBool();
    const int unmatched = value(DialogueRecordModel::UnmatchedRole).toInt();
    switch (m_kind) {
    case Kind::All: break;
    case Kind::Kept: if (deleted) return false; break;
    case Kind::MatchedOnly: if (unmatched > 0) return false; break;
    case Kind::Hallucinated: if (unmatched == 0) return false; break;
    case Kind::Flagged: if (!value(DialogueRecordModel::FlaggedRole).toBool()) return false; break;
    case Kind::Deleted: if (!deleted) return false; break;
    }
    if (!m_strategy.isEmpty() && value(DialogueRecordModel::StrategyRole).toString() != m_strategy)
        return false;
    if (m_step >= 0 && value(DialogueRecordModel::StepRole).toULongLong() != qulonglong(m_step))
        return false;
    if (!m_words.isEmpty()) {
        const QString text = value(DialogueRecordModel::SearchTextRole).toString();
        for (const QString &word : m_words)
            if (!text.contains(word))
                return false;
    }
    return true;
}

} // namespace crsw
