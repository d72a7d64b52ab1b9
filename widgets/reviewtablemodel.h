#pragma once

#include "corpustablemodel.h"

namespace crsw {

/// The reviews of a seed corpus: rating, title, text (first line of it),
/// item, user, date, helpful votes, verified purchase and source line.
class ReviewTableModel : public CorpusTableModel {
    Q_OBJECT
public:
    enum Column { RatingColumn, TitleColumn, TextColumn, ItemColumn, UserColumn, DateColumn, HelpfulColumn,
                  VerifiedColumn, SourceColumn, ColumnCount };

    /// An empty table; setCorpus() fills it.
    explicit ReviewTableModel(QObject *parent = nullptr);

    /// Names the reviews files by index (CorpusReview::sourceFile) for the source column.
    void setSourceFiles(const QStringList &fileNames);

    std::size_t totalCount() const override;
    SearchFunction searchFunction() const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QStringList m_sourceFiles;
};

} // namespace crsw
