#pragma once

#include "corpustablemodel.h"

namespace crsw {

/// The items of a seed corpus: parent_asin, title, main category, store,
/// average rating, rating count, reviews in the corpus and price.
class ItemTableModel : public CorpusTableModel {
    Q_OBJECT
public:
    enum Column { AsinColumn, TitleColumn, CategoryColumn, StoreColumn, RatingColumn, RatingCountColumn,
                  ReviewsColumn, PriceColumn, ColumnCount };

    /// An empty table; setCorpus() fills it.
    explicit ItemTableModel(QObject *parent = nullptr);

    std::size_t totalCount() const override;
    SearchFunction searchFunction() const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
};

} // namespace crsw
