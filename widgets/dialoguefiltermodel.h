#pragma once

#include <QSortFilterProxyModel>
#include <QString>

namespace crsw {

/// Narrows a DialogueRecordModel: a search over the query, the item title
/// and the ground-truth titles (case-insensitive, every word must occur), a
/// kind (all, matched only, hallucinated, flagged, deleted), a strategy and a
/// selection step.
class DialogueFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    enum class Kind {
        All,          ///< every record, deleted ones struck through
        Kept,         ///< every record not deleted
        MatchedOnly,  ///< every title matched a catalog item
        Hallucinated, ///< at least one title matched nothing
        Flagged,
        Deleted,
    };

    /// A filter that shows every row.
    explicit DialogueFilterModel(QObject *parent = nullptr);

    /// Words that must all occur in the query, item title or titles ("" = no search).
    void setSearchText(const QString &text);
    /// Which records by their marks and matches.
    void setKind(Kind kind);
    /// Only this selection strategy's records ("" = any strategy).
    void setStrategy(const QString &strategy);
    /// Only this selection step's records (< 0 = any step).
    void setStep(long long step);
    Kind kind() const { return m_kind; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    void refilter();

    QStringList m_words; // case-folded
    Kind m_kind = Kind::All;
    QString m_strategy;
    long long m_step = -1;
};

} // namespace crsw
