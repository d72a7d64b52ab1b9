#include "itemtablemodel.h"

#include "qstringutil.h"

#include "data/amazon/corpus_search.h"

#include <cmath>

namespace crsw {

ItemTableModel::ItemTableModel(QObject *parent)
    : CorpusTableModel(parent)
{
}

std::size_t ItemTableModel::totalCount() const
{
    return m_corpus ? m_corpus->itemCount() : 0;
}

CorpusTableModel::SearchFunction ItemTableModel::searchFunction() const
{
    return [](const SeedCorpus &corpus, const std::string &query, Progress &progress) {
        return CorpusSearch::items(corpus, query, progress);
    };
}

int ItemTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ItemTableModel::data(const QModelIndex &index, int role) const
{
    if (!m_corpus || !index.isValid() || index.row() >= rowCount())
        return {};
    const std::uint32_t i = corpusIndex(index.row());
    const CorpusItem &item = m_corpus->item(i);
    if (role == Qt::TextAlignmentRole) {
        return index.column() >= RatingColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    }
    if (role == Qt::ToolTipRole && index.column() == TitleColumn) {
        if (!item.hasMetadata)
            return tr("No metadata: this item exists because reviews name its parent_asin.");
        QString tip = toQString(item.title);
        if (!item.subtitle.empty())
            tip += QLatin1Char('\n') + toQString(item.subtitle);
        const ArrayView<std::string_view> description = m_corpus->itemDescription(i);
        if (!description.empty())
            tip += QStringLiteral("\n\n") + toQStringLine(description[0], 600);
        return tip;
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case AsinColumn:
        return toQString(m_corpus->itemAsin(i));
    case TitleColumn:
        return item.hasMetadata ? toQStringLine(item.title, 300) : tr("(no metadata)");
    case CategoryColumn:
        return item.mainCategory == CorpusItem::kNone ? QString() : toQString(m_corpus->category(item.mainCategory));
    case StoreColumn:
        return toQStringLine(item.store, 120);
    case RatingColumn:
        return std::isnan(item.averageRating) ? QString() : QString::number(item.averageRating, 'f', 1);
    case RatingCountColumn:
        return item.ratingNumber;
    case ReviewsColumn:
        return qulonglong(m_corpus->reviewsOfItem(i).size());
    case PriceColumn:
        if (!std::isnan(item.price))
            return QString::number(item.price, 'f', 2);
        return toQString(item.priceText);
    default:
        return {};
    }
}

QVariant ItemTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return CorpusTableModel::headerData(section, orientation, role);
    switch (section) {
    case AsinColumn:
        return tr("parent_asin");
    case TitleColumn:
        return tr("Title");
    case CategoryColumn:
        return tr("Main category");
    case StoreColumn:
        return tr("Store");
    case RatingColumn:
        return tr("Avg. rating");
    case RatingCountColumn:
        return tr("Ratings");
    case ReviewsColumn:
        return tr("Reviews here");
    case PriceColumn:
        return tr("Price");
    default:
        return {};
    }
}

} // namespace crsw
