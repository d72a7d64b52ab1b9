#include "reviewtablemodel.h"

#include "qstringutil.h"

#include "data/amazon/corpus_search.h"

#include <QDateTime>

namespace crsw {

ReviewTableModel::ReviewTableModel(QObject *parent)
    : CorpusTableModel(parent)
{
}

void ReviewTableModel::setSourceFiles(const QStringList &fileNames)
{
    m_sourceFiles = fileNames;
}

std::size_t ReviewTableModel::totalCount() const
{
    return m_corpus ? m_corpus->reviewCount() : 0;
}

CorpusTableModel::SearchFunction ReviewTableModel::searchFunction() const
{
    return [](const SeedCorpus &corpus, const std::string &query, Progress &progress) {
        return CorpusSearch::reviews(corpus, query, progress);
    };
}

int ReviewTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ReviewTableModel::data(const QModelIndex &index, int role) const
{
    if (!m_corpus || !index.isValid() || index.row() >= rowCount())
        return {};
    const CorpusReview &review = m_corpus->review(corpusIndex(index.row()));
    if (role == Qt::TextAlignmentRole) {
        const int c = index.column();
        return c == RatingColumn || c == HelpfulColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    }
    if (role == Qt::ToolTipRole) {
        if (index.column() == TextColumn) // the whole review, wrapped by the tooltip
            return QStringLiteral("<p>") + toQStringLine(review.text, 4000).toHtmlEscaped() + QStringLiteral("</p>");
        if (index.column() == ItemColumn)
            return toQString(m_corpus->itemAsin(review.item));
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case RatingColumn:
        return QString::number(review.rating, 'g', 2);
    case TitleColumn:
        return toQStringLine(review.title, 200);
    case TextColumn:
        return toQStringLine(review.text, 300);
    case ItemColumn: {
        const CorpusItem &item = m_corpus->item(review.item);
        return item.hasMetadata ? toQStringLine(item.title, 200) : toQString(m_corpus->itemAsin(review.item));
    }
    case UserColumn:
        return toQString(m_corpus->userId(review.user));
    case DateColumn:
        return review.timestamp == 0
                   ? QString()
                   : QDateTime::fromMSecsSinceEpoch(review.timestamp, Qt::UTC).date().toString(Qt::ISODate);
    case HelpfulColumn:
        return review.helpfulVotes;
    case VerifiedColumn:
        return review.verifiedPurchase ? tr("yes") : tr("no");
    case SourceColumn: {
        const QString file = review.sourceFile < m_sourceFiles.size() ? m_sourceFiles[review.sourceFile]
                                                                       : QString::number(review.sourceFile);
        return file + QLatin1Char(':') + QString::number(review.sourceLine);
    }
    default:
        return {};
    }
}

QVariant ReviewTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return CorpusTableModel::headerData(section, orientation, role);
    switch (section) {
    case RatingColumn:
        return tr("Rating");
    case TitleColumn:
        return tr("Title");
    case TextColumn:
        return tr("Text");
    case ItemColumn:
        return tr("Item");
    case UserColumn:
        return tr("User");
    case DateColumn:
        return tr("Date");
    case HelpfulColumn:
        return tr("Helpful");
    case VerifiedColumn:
        return tr("Verified");
    case SourceColumn:
        return tr("Source line");
    default:
        return {};
    }
}

} // namespace crsw
