#include "pointdetailsview.h"

#include "qstringutil.h"

#include "data/amazon/seed_corpus.h"

#include <QDateTime>
#include <QLocale>

#include <cmath>

namespace crsw {

namespace {

constexpr std::size_t kMaxTextBytes = 6000; // a whole review, but not a 100 KB one

QString paragraph(std::string_view text)
{
    QString html = toQString(text.substr(0, kMaxTextBytes)).toHtmlEscaped();
    html.replace(QLatin1Char('\n'), QStringLiteral("<br>"));
    if (text.size() > kMaxTextBytes)
        html += QChar(0x2026);
    return html;
}

QString stars(float rating)
{
    const int full = int(std::lround(rating));
    return QString(std::max(0, std::min(5, full)), QChar(0x2605)) + QString(5 - std::max(0, std::min(5, full)), QChar(0x2606));
}

} // namespace

PointDetailsView::PointDetailsView(QWidget *parent)
    : QTextBrowser(parent)
{
    setObjectName(QStringLiteral("pointDetails"));
    setOpenLinks(false);
    clearDetails(tr("Click a point of the map to see its review, item and user."));
}

void PointDetailsView::showReview(const SeedCorpus &corpus, std::size_t row, const QStringList &notes)
{
    if (row >= corpus.reviewCount()) {
        clearDetails(tr("Review %1 is not in the corpus.").arg(row));
        return;
    }
    m_row = (long long)row;
    const CorpusReview &review = corpus.review(row);
    const CorpusItem &item = corpus.item(review.item);
    const QLocale locale;
    QString html = QStringLiteral("<h3 style='margin-bottom:2px'>%1</h3>").arg(tr("Review %1").arg(locale.toString(qulonglong(row))));
    QString meta = QStringLiteral("<span style='color:#c08000'>%1</span> %2").arg(stars(review.rating), locale.toString(review.rating, 'f', 1));
    if (review.timestamp > 0)
        meta += QStringLiteral(" · ") + locale.toString(QDateTime::fromMSecsSinceEpoch(review.timestamp, Qt::UTC).date(), QLocale::ShortFormat);
    if (review.verifiedPurchase)
        meta += QStringLiteral(" · ") + tr("verified purchase");
    if (review.helpfulVotes > 0)
        meta += QStringLiteral(" · ") + tr("%n helpful vote(s)", nullptr, int(review.helpfulVotes));
    html += QStringLiteral("<p style='margin-top:0'>%1</p>").arg(meta);
    for (const QString &note : notes)
        html += QStringLiteral("<p style='margin:0;color:#a02000'><b>%1</b></p>").arg(note.toHtmlEscaped());
    if (!review.title.empty())
        html += QStringLiteral("<p><b>%1</b></p>").arg(paragraph(review.title));
    html += QStringLiteral("<p>%1</p>").arg(paragraph(review.text));

    html += QStringLiteral("<h4 style='margin-bottom:2px'>%1</h4>").arg(tr("Item"));
    html += QStringLiteral("<p style='margin-top:0'><b>%1</b><br>").arg(
        item.title.empty() ? tr("(no title)") : paragraph(item.title));
    QStringList categories;
    const ArrayView<std::uint32_t> categoryIds = corpus.itemCategories(review.item);
    for (std::size_t i = 0; i < categoryIds.size(); ++i)
        categories << toQString(corpus.category(categoryIds[i])).toHtmlEscaped();
    if (!categories.isEmpty())
        html += categories.join(QStringLiteral(" › ")) + QStringLiteral("<br>");
    html += tr("parent_asin %1").arg(toQString(corpus.itemAsin(review.item)).toHtmlEscaped());
    if (!item.hasMetadata)
        html += QStringLiteral("<br><i>%1</i>").arg(tr("no item metadata"));
    html += QStringLiteral("</p>");

    html += QStringLiteral("<h4 style='margin-bottom:2px'>%1</h4>").arg(tr("User"));
    html += QStringLiteral("<p style='margin-top:0'>%1</p>").arg(toQString(corpus.userId(review.user)).toHtmlEscaped());
    setHtml(html);
}

void PointDetailsView::clearDetails(const QString &hint)
{
    m_row = -1;
    setHtml(QStringLiteral("<p style='color:gray'>%1</p>").arg(hint.toHtmlEscaped()));
}

} // namespace crsw
