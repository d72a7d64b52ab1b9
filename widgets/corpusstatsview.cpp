#include "corpusstatsview.h"

#include "loadedcorpus.h"
#include "qstringutil.h"

#include <QDateTime>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

#include "qcustomplotinclude.h"

namespace crsw {

namespace {

QCustomPlot *makeBarChart(QWidget *parent, const QString &title, const QString &xLabel, const QString &yLabel,
                          const QColor &colour)
{
    auto *plot = new QCustomPlot(parent);
    plot->setMinimumSize(280, 220);
    plot->plotLayout()->insertRow(0);
    plot->plotLayout()->addElement(
        0, 0, new QCPTextElement(plot, title, QFont(plot->font().family(), plot->font().pointSize() + 1, QFont::Bold)));
    auto *bars = new QCPBars(plot->xAxis, plot->yAxis);
    bars->setWidth(0.7);
    bars->setPen(QPen(colour.darker(130)));
    bars->setBrush(colour);
    plot->xAxis->setTicker(QSharedPointer<QCPAxisTickerText>(new QCPAxisTickerText));
    plot->xAxis->setLabel(xLabel);
    plot->xAxis->grid()->setVisible(false);
    plot->xAxis->setSubTicks(false);
    plot->yAxis->setLabel(yLabel);
    // Counts: whole numbers on the value axis.
    auto ticker = QSharedPointer<QCPAxisTicker>(new QCPAxisTicker);
    ticker->setTickStepStrategy(QCPAxisTicker::tssReadability);
    plot->yAxis->setTicker(ticker);
    plot->yAxis->setNumberFormat(QStringLiteral("gb"));
    return plot;
}

void setBars(QCustomPlot *plot, const QStringList &labels, const QVector<double> &values)
{
    auto *bars = qobject_cast<QCPBars *>(plot->plottable(0));
    auto ticker = qSharedPointerCast<QCPAxisTickerText>(plot->xAxis->ticker());
    ticker->clear();
    QVector<double> keys;
    double top = 0;
    for (int i = 0; i < labels.size(); ++i) {
        keys << double(i + 1);
        ticker->addTick(double(i + 1), labels[i]);
        top = std::max(top, values[i]);
    }
    bars->setData(keys, values, true);
    plot->xAxis->setRange(0.3, double(labels.size()) + 0.7);
    plot->yAxis->setRange(0, top > 0 ? top * 1.1 : 1.0);
    plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace

CorpusStatsView::CorpusStatsView(QWidget *parent)
    : QWidget(parent)
    , m_form(new QFormLayout)
    , m_ratings(makeBarChart(this, tr("Ratings"), tr("stars"), tr("reviews"), QColor(0x2f, 0x6f, 0x9f)))
    , m_perItem(makeBarChart(this, tr("Reviews per item"), tr("reviews of an item"), tr("items"),
                             QColor(0xf0, 0xa0, 0x30)))
{
    m_ratings->setObjectName(QStringLiteral("ratingChart"));
    m_perItem->setObjectName(QStringLiteral("reviewsPerItemChart"));
    const QList<QPair<QString, QString>> rows = {
        {QStringLiteral("items"), tr("Items:")},
        {QStringLiteral("reviews"), tr("Reviews:")},
        {QStringLiteral("users"), tr("Users:")},
        {QStringLiteral("categories"), tr("Categories:")},
        {QStringLiteral("rating"), tr("Mean rating:")},
        {QStringLiteral("length"), tr("Review length:")},
        {QStringLiteral("dates"), tr("Dates:")},
        {QStringLiteral("topCategories"), tr("Top categories:")},
        {QStringLiteral("filtered"), tr("Left out:")},
        {QStringLiteral("load"), tr("Loaded:")},
    };
    for (const auto &row : rows) {
        auto *label = new QLabel(this);
        label->setWordWrap(true);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        m_form->addRow(row.second, label);
        m_figures.append({row.first, label});
    }
    // The form sits in a column with a stretch below it (not aligned to the
    // top), so its word-wrapped labels get the height they need.
    auto *figures = new QWidget(this);
    auto *column = new QVBoxLayout(figures);
    column->setContentsMargins(0, 0, 0, 0);
    column->addLayout(m_form);
    column->addStretch(1);
    figures->setMinimumWidth(300);
    figures->setMaximumWidth(420);

    auto *charts = new QVBoxLayout;
    charts->addWidget(m_ratings, 1);
    charts->addWidget(m_perItem, 1);
    auto *layout = new QHBoxLayout(this);
    layout->addWidget(figures);
    layout->addLayout(charts, 1);
    setCorpus(nullptr);
}

void CorpusStatsView::setFigure(const QString &key, const QString &text)
{
    for (const auto &figure : std::as_const(m_figures)) {
        if (figure.first == key)
            figure.second->setText(text);
    }
}

QString CorpusStatsView::figure(const QString &key) const
{
    for (const auto &figure : m_figures) {
        if (figure.first == key)
            return figure.second->text();
    }
    return QString();
}

void CorpusStatsView::setCorpus(std::shared_ptr<const LoadedCorpus> loaded)
{
    if (!loaded) {
        for (const auto &figure : std::as_const(m_figures))
            figure.second->setText(QStringLiteral("–"));
        setBars(m_ratings, {}, {});
        setBars(m_perItem, {}, {});
        return;
    }
    const QLocale locale;
    const CorpusStats &s = loaded->stats;
    auto n = [&locale](std::size_t value) { return locale.toString(qulonglong(value)); };
    setFigure(QStringLiteral("items"), tr("%1 (%2 with reviews, %3 without metadata)")
                                           .arg(n(s.items), n(s.itemsWithReviews), n(s.itemsWithoutMetadata)));
    const double verified = s.reviews ? 100.0 * double(s.verifiedPurchases) / double(s.reviews) : 0.0;
    setFigure(QStringLiteral("reviews"),
              tr("%1 (%2% verified purchases)").arg(n(s.reviews)).arg(verified, 0, 'f', 1));
    setFigure(QStringLiteral("users"), n(s.users));
    setFigure(QStringLiteral("categories"), n(s.categories));
    setFigure(QStringLiteral("rating"), s.reviews ? QString::number(s.meanRating, 'f', 2) : QStringLiteral("–"));
    setFigure(QStringLiteral("length"),
              tr("median %1 characters (10%: %2, 90%: %3, longest %4)")
                  .arg(n(s.textChars.median), n(s.textChars.p10), n(s.textChars.p90), n(s.textChars.max)));
    auto date = [](std::int64_t ms) {
        return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).date().toString(Qt::ISODate);
    };
    setFigure(QStringLiteral("dates"), s.firstTimestamp == 0 ? QStringLiteral("–")
                                                             : tr("%1 to %2").arg(date(s.firstTimestamp),
                                                                                  date(s.lastTimestamp)));
    QStringList top;
    for (std::size_t i = 0; i < s.topCategories.size() && i < 4; ++i)
        top << tr("%1: %2 items").arg(toQString(s.topCategories[i].name), n(s.topCategories[i].items));
    setFigure(QStringLiteral("topCategories"), top.isEmpty() ? QStringLiteral("–") : top.join(QLatin1Char('\n')));
    const SeedCorpusBuilder::Counts &c = loaded->counts;
    setFigure(QStringLiteral("filtered"),
              tr("%1 of %2 valid reviews, %3 duplicate items; %4 malformed lines")
                  .arg(n(std::size_t(c.reviewsDropped())), n(std::size_t(c.reviewsRead)), n(std::size_t(c.itemsDuplicate)),
                       n(loaded->report.count())));
    setFigure(QStringLiteral("load"), tr("in %1 s, %2 MB in memory")
                                          .arg(locale.toString(double(loaded->milliseconds) / 1000.0, 'f', 2),
                                               locale.toString(double(loaded->corpus.memoryBytes()) / 1e6, 'f', 1)));

    QStringList ratingLabels;
    QVector<double> ratingCounts;
    for (int star = 0; star < 5; ++star) {
        ratingLabels << QStringLiteral("%1★").arg(star + 1);
        ratingCounts << double(s.ratingHistogram[std::size_t(star)]);
    }
    setBars(m_ratings, ratingLabels, ratingCounts);

    QStringList bucketLabels;
    QVector<double> bucketCounts;
    for (const CorpusStats::Bucket &bucket : s.reviewsPerItem) {
        bucketLabels << (bucket.low == bucket.high ? QString::number(bucket.low)
                                                   : QStringLiteral("%1–%2").arg(bucket.low).arg(bucket.high));
        bucketCounts << double(bucket.items);
    }
    // Power-of-two buckets get long labels ("1024–2047"): slant them once there are many.
    m_perItem->xAxis->setTickLabelRotation(bucketLabels.size() > 7 ? -35 : 0);
    setBars(m_perItem, bucketLabels, bucketCounts);
}

} // namespace crsw
