// Benchmark (ctest -L bench): the Data page's review table on a million
// reviews. Prints how long the model reset, a scroll to the end, a repaint
// and a search through the CorpusTableView take; fails if the reset or the
// scroll is slow enough to mean the view touched every row.
#include "corpustableview.h"
#include "jobrunner.h"
#include "reviewtablemodel.h"

#include "data/amazon/seed_corpus_builder.h"

#include <QElapsedTimer>
#include <QScrollBar>
#include <QTableView>
#include <QtTest>

#include <cstdio>

using namespace crsw;

class BenchCorpusTable : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void millionReviews();
};

void BenchCorpusTable::millionReviews()
{
    constexpr int kItems = 20000;
    constexpr int kReviews = 1000000;
    QElapsedTimer timer;
    timer.start();
    SeedCorpusBuilder builder;
    AmazonItem item;
    for (int i = 0; i < kItems; ++i) {
        item.parentAsin = "B" + std::to_string(1000000 + i);
        item.title = "Movie number " + std::to_string(i);
        builder.addItem(item);
    }
    AmazonReview review;
    for (int i = 0; i < kReviews; ++i) {
        review.parentAsin = "B" + std::to_string(1000000 + i % kItems);
        review.userId = "U" + std::to_string(i % 50000);
        review.rating = float(1 + i % 5);
        review.title = "Review " + std::to_string(i);
        review.text = (i % 1000 == 7) ? "an unforgettable needle in the haystack" : "fine film, good cast, would watch again";
        builder.addReview(review, 0, i + 1);
    }
    auto corpus = std::make_shared<const SeedCorpus>(builder.finish());
    std::printf("built a corpus of %zu reviews in %lld ms\n", corpus->reviewCount(), timer.restart());

    JobRunner runner;
    CorpusTableView view(new ReviewTableModel, &runner, QStringLiteral("search"));
    view.resize(1200, 800);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    timer.restart();
    view.setCorpus(corpus);
    QCoreApplication::processEvents();
    const qint64 resetMs = timer.restart();
    QCOMPARE(view.model()->rowCount(), kReviews);

    QScrollBar *bar = view.tableView()->verticalScrollBar();
    bar->setValue(bar->maximum());
    view.tableView()->viewport()->repaint();
    const qint64 scrollMs = timer.restart();
    QVERIFY(view.tableView()->indexAt(QPoint(5, 5)).row() > kReviews - 100);

    QSignalSpy found(&view, &CorpusTableView::searchFinished);
    view.search(QStringLiteral("NEEDLE in the"));
    QTRY_VERIFY_WITH_TIMEOUT(found.count() == 1, 60000);
    const qint64 searchMs = timer.restart();
    QCOMPARE(view.model()->rowCount(), kReviews / 1000);

    std::printf("model reset %lld ms, scroll to the end + repaint %lld ms, search %lld ms (%d rows found)\n",
                resetMs, scrollMs, searchMs, view.model()->rowCount());
    QVERIFY2(resetMs < 1000, "resetting the model must not touch every row");
    QVERIFY2(scrollMs < 500, "scrolling must only ask for the visible rows");
}

QTEST_MAIN(BenchCorpusTable)
#include "bench_corpus_table.moc"
