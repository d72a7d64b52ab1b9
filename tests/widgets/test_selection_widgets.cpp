// The Embeddings & Selection page's parts one by one: the raster scatter
// cloud (pixels, nearest point), the map (marks per step, click vs drag), the
// colourings, a run's cluster coverage, the live trace between threads, the
// trace plots, the point details and --select on the command line.
#include "embeddingmap.h"
#include "liveselectiontrace.h"
#include "mapcolouring.h"
#include "pointdetailsview.h"
#include "scattercloud.h"
#include "selectionrun.h"
#include "selectiontraceplot.h"
#include "startupoptions.h"

#include "data/amazon/seed_corpus_builder.h"

#include <QImage>
#include <QtTest>

#include <thread>

using namespace crsw;

namespace {

std::shared_ptr<EmbeddingMatrix> points(const std::vector<std::pair<float, float>> &xy)
{
    auto m = std::make_shared<EmbeddingMatrix>(xy.size(), 2);
    for (std::size_t i = 0; i < xy.size(); ++i) {
        m->mutableRow(i)[0] = xy[i].first;
        m->mutableRow(i)[1] = xy[i].second;
    }
    return m;
}

SeedCorpus tinyCorpus()
{
    SeedCorpusBuilder builder;
    const char *asins[] = {"B1", "B2", "B3"};
    const std::vector<std::vector<std::string>> categories = {
        {"Movies & TV", "Drama", "Heist"}, {"Movies & TV", "Horror"}, {}};
    for (int i = 0; i < 3; ++i) {
        AmazonItem item;
        item.parentAsin = asins[i];
        item.title = std::string("Film ") + asins[i];
        item.categories = categories[std::size_t(i)];
        builder.addItem(item);
    }
    const float ratings[] = {5, 1, 3.4f, 4.6f, 2};
    const int items[] = {0, 0, 1, 2, 1};
    for (int r = 0; r < 5; ++r) {
        AmazonReview review;
        review.parentAsin = asins[items[r]];
        review.userId = "user" + std::to_string(r % 2);
        review.rating = ratings[r];
        review.title = "Title <" + std::to_string(r) + ">";
        review.text = "Text of review " + std::to_string(r) + "\nsecond line";
        builder.addReview(review, 0, r + 1);
    }
    return builder.finish();
}

} // namespace

class TestSelectionWidgets : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void cloudStampsBlendedDiscs();
    void cloudFindsNearestRow();
    void mapShowsPicksUpToStep();
    void mapClickIsNotDrag();
    void colouringsByRatingCategoryCluster();
    void runCountsClusterCoverage();
    void liveTraceHandsPicksAcrossThreads();
    void tracePlotShowsBothRuns();
    void detailsShowReviewItemUser();
    void startupSelectOption_data();
    void startupSelectOption();
};

void TestSelectionWidgets::cloudStampsBlendedDiscs()
{
    // Two overlapping points and one apart: opaque red alone, red and blue blended where they overlap.
    EmbeddingMap map;
    map.resize(400, 400);
    map.setProjection(points({{0, 0}, {0, 0}, {1, 1}}), QStringLiteral("x"), QStringLiteral("y"));
    map.setColouring({0, 1, 0}, {QColor(255, 0, 0), QColor(0, 0, 255)}, {}, QStringLiteral("t"));
    map.cloud()->setOpacity(1.0);
    map.cloud()->setPointDiameter(5);
    map.replot(QCustomPlot::rpImmediateRefresh);
    const QImage image = map.toPixmap(400, 400, 1.0).toImage();
    const QPoint apart = map.pixelOf(2).toPoint();
    QCOMPARE(image.pixelColor(apart), QColor(255, 0, 0));
    // The shared spot shows whichever was stamped last, fully opaque: red or blue, nothing else.
    const QColor shared = image.pixelColor(map.pixelOf(0).toPoint());
    QVERIFY2(shared == QColor(255, 0, 0) || shared == QColor(0, 0, 255), qPrintable(shared.name()));
    // Half opacity: a single point over white is half red.
    map.cloud()->setOpacity(0.5);
    map.replot(QCustomPlot::rpImmediateRefresh);
    const QColor half = map.toPixmap(400, 400, 1.0).toImage().pixelColor(apart);
    QVERIFY2(std::abs(half.red() - 255) <= 1 && std::abs(half.green() - 128) <= 2, qPrintable(half.name()));
    // 5 px discs: beyond them the background (off the grid lines through the point).
    QCOMPARE(image.pixelColor(apart + QPoint(4, 3)), QColor(255, 255, 255));
}

void TestSelectionWidgets::cloudFindsNearestRow()
{
    EmbeddingMap map;
    map.resize(500, 400);
    map.setProjection(points({{0, 0}, {1, 0}, {1, 0}, {0, 1}}), QStringLiteral("x"), QStringLiteral("y"));
    map.replot(QCustomPlot::rpImmediateRefresh);
    QCOMPARE(map.rowAt(map.pixelOf(3) + QPointF(2, 2)), 3LL);
    QCOMPARE(map.rowAt(map.pixelOf(1)), 1LL); // rows 1 and 2 coincide: the lower row
    QCOMPARE(map.rowAt(map.pixelOf(0) + QPointF(30, 0)), -1LL); // nothing within 8 px
    QCOMPARE(map.rowAt(QPointF(-5, -5)), -1LL);
}

void TestSelectionWidgets::mapShowsPicksUpToStep()
{
    EmbeddingMap map;
    map.resize(500, 400);
    map.setProjection(points({{0, 0}, {1, 0}, {2, 0}, {3, 0}}), QStringLiteral("x"), QStringLiteral("y"));
    map.setTrace(0, QStringLiteral("A"), {3, 1, 2});
    map.setTrace(1, QStringLiteral("B"), {0});
    QCOMPARE(map.visiblePicks(0), 3);
    QCOMPARE(map.visiblePicks(1), 1);
    map.setStep(2);
    QCOMPARE(map.visiblePicks(0), 2);
    QCOMPARE(map.visiblePicks(1), 1);
    map.setStep(0);
    QCOMPARE(map.visiblePicks(0), 0);
    map.setStep(SIZE_MAX);
    map.clearTrace(1);
    QCOMPARE(map.visiblePicks(1), 0);
    QCOMPARE(map.legend->itemCount(), 1); // A only
    // A new projection keeps no marks of the old one.
    map.setProjection(points({{0, 0}, {1, 1}}), QStringLiteral("x"), QStringLiteral("y"));
    QCOMPARE(map.visiblePicks(0), 0);
}

void TestSelectionWidgets::mapClickIsNotDrag()
{
    EmbeddingMap map;
    map.resize(500, 400);
    map.show();
    QVERIFY(QTest::qWaitForWindowExposed(&map));
    map.setProjection(points({{0, 0}, {1, 1}, {2, 0}}), QStringLiteral("x"), QStringLiteral("y"));
    map.replot(QCustomPlot::rpImmediateRefresh);
    QSignalSpy clicked(&map, &EmbeddingMap::rowClicked);
    const QPoint at = map.pixelOf(1).toPoint();
    QTest::mouseClick(&map, Qt::LeftButton, {}, at);
    QCOMPARE(clicked.count(), 1);
    QCOMPARE(clicked.at(0).at(0).toLongLong(), 1LL);
    // A drag pans the map and clicks nothing.
    const QCPRange before = map.xAxis->range();
    QTest::mousePress(&map, Qt::LeftButton, {}, at);
    QMouseEvent move(QEvent::MouseMove, QPointF(at + QPoint(40, 0)), map.mapToGlobal(QPointF(at + QPoint(40, 0))),
                     Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&map, &move);
    QTest::mouseRelease(&map, Qt::LeftButton, {}, at + QPoint(40, 0));
    QCOMPARE(clicked.count(), 1);
    QVERIFY(map.xAxis->range().lower != before.lower);
}

void TestSelectionWidgets::colouringsByRatingCategoryCluster()
{
    const SeedCorpus corpus = tinyCorpus();
    const MapColouring rating = MapColouring::byRating(corpus);
    QCOMPARE(rating.classes, (std::vector<std::uint16_t>{4, 0, 2, 4, 1})); // 5, 1, 3.4, 4.6, 2 stars
    QCOMPARE(rating.labels.size(), 5);
    QCOMPARE(rating.labels[0], QStringLiteral("1 ★"));

    // Most specific category: Heist (2 reviews), Horror (2 reviews), none (1); ties by index.
    const MapColouring category = MapColouring::byCategory(corpus);
    QCOMPARE(category.labels, (QStringList{QStringLiteral("Heist"), QStringLiteral("Horror"), QStringLiteral("no category")}));
    QCOMPARE(category.classes, (std::vector<std::uint16_t>{0, 0, 1, 2, 1}));
    const MapColouring capped = MapColouring::byCategory(corpus, 1);
    QCOMPARE(capped.labels, (QStringList{QStringLiteral("Heist"), QStringLiteral("other categories (1)"),
                                         QStringLiteral("no category")}));
    QCOMPARE(capped.classes, (std::vector<std::uint16_t>{0, 0, 1, 2, 1}));
    QCOMPARE(capped.palette.size(), 3);

    const MapColouring clusters = MapColouring::byCluster({2, 0, 1, 1, 2}, 3);
    QCOMPARE(clusters.classes, (std::vector<std::uint16_t>{2, 0, 1, 1, 2}));
    QCOMPARE(clusters.palette.size(), 3);
    QVERIFY(clusters.title.contains(QStringLiteral("K = 3")));
    // Distinct colours, and none of them the grey of "other".
    const QVector<QColor> many = MapColouring::categoricalPalette(60);
    for (int i = 0; i < many.size(); ++i) {
        QVERIFY(many[i].saturation() > 40);
        for (int j = 0; j < i; ++j)
            QVERIFY(many[i] != many[j]);
    }
}

void TestSelectionWidgets::runCountsClusterCoverage()
{
    SelectionParams params;
    params.budget = 5;
    SelectionRun run(SelectionStrategy::Fisher, params);
    QVERIFY(run.label().startsWith(QStringLiteral("FISHER · B = 5 · λ = 1")));
    run.append({4, 0}, {0.9, 0.8});
    QVERIFY(run.coverage().empty()); // no clusters yet
    auto clusters = std::make_shared<const std::vector<std::uint32_t>>(std::vector<std::uint32_t>{0, 0, 1, 1, 2, 3});
    run.setClustering(clusters, 4);
    QCOMPARE(run.coverage(), (std::vector<double>{0.25, 0.5}));
    run.append({1, 2, 5}, {0.7, 0.6, 0.5});
    QCOMPARE(run.coverage(), (std::vector<double>{0.25, 0.5, 0.5, 0.75, 1.0}));
    QCOMPARE(run.stepOf(2), std::size_t(4));
    QCOMPARE(run.stepOf(3), std::size_t(0));
    QVERIFY(!run.isFinished());
}

void TestSelectionWidgets::liveTraceHandsPicksAcrossThreads()
{
    // A worker appends 100,000 picks while the GUI side takes what is new: nothing lost, order kept.
    LiveSelectionTrace trace;
    constexpr std::uint32_t kPicks = 100000;
    std::thread worker([&] {
        for (std::uint32_t i = 0; i < kPicks; ++i)
            trace.append(i, double(i) * 0.5);
    });
    std::vector<std::uint32_t> rows;
    std::vector<double> scores;
    std::size_t taken = 0;
    int takes = 0;
    while (taken < kPicks) {
        taken = trace.takeNew(taken, &rows, &scores);
        ++takes;
    }
    worker.join();
    QCOMPARE(rows.size(), std::size_t(kPicks));
    for (std::uint32_t i = 0; i < kPicks; ++i) {
        QCOMPARE(rows[i], i);
        QCOMPARE(scores[i], double(i) * 0.5);
    }
    QCOMPARE(trace.size(), std::size_t(kPicks));
    QVERIFY(takes >= 1);
}

void TestSelectionWidgets::tracePlotShowsBothRuns()
{
    SelectionTracePlot plot;
    plot.setRun(0, QStringLiteral("A"), {3.9, 0.5, 0.4, 0.3}, {0.1, 0.2, 0.2, 0.3});
    plot.setRun(1, QStringLiteral("B"), {1.0, 0.9}, {});
    QCOMPARE(plot.scoreCount(0), 4);
    QCOMPARE(plot.coverageCount(0), 4);
    QCOMPARE(plot.scoreCount(1), 2);
    QCOMPARE(plot.coverageCount(1), 0);
    QCOMPARE(plot.coverageAt(0, 3), 0.2);
    QVERIFY(std::isnan(plot.coverageAt(1, 1)));
    QCOMPARE(plot.legend->itemCount(), 2);
    // Shared axis: it spans both runs.
    QVERIFY(plot.graph(0)->valueAxis()->range().contains(1.0));
    plot.setSeparateScoreAxis(true);
    QCOMPARE(plot.graph(2)->valueAxis(), plot.axisRect(0)->axis(QCPAxis::atRight));
    QVERIFY(plot.graph(2)->valueAxis()->range().contains(0.9));
    // A's own axis leaves the first JS score (an entropy) off the scale of the rest.
    QVERIFY(plot.graph(0)->valueAxis()->range().upper < 1.0);
    QVERIFY(plot.graph(0)->valueAxis()->range().contains(0.3));
    plot.clearRun(1);
    QCOMPARE(plot.legend->itemCount(), 1);
}

void TestSelectionWidgets::detailsShowReviewItemUser()
{
    const SeedCorpus corpus = tinyCorpus();
    PointDetailsView view;
    QCOMPARE(view.row(), -1LL);
    view.showReview(corpus, 2, {QStringLiteral("Picked by A (JS) at step 3")});
    QCOMPARE(view.row(), 2LL);
    const QString text = view.toPlainText();
    QVERIFY2(text.contains(QStringLiteral("Title <2>")), qPrintable(text)); // escaped, shown as text
    QVERIFY(text.contains(QStringLiteral("Text of review 2")));
    QVERIFY(text.contains(QStringLiteral("second line")));
    QVERIFY(text.contains(QStringLiteral("Film B2")));
    QVERIFY(text.contains(QStringLiteral("Movies & TV › Horror")));
    QVERIFY(text.contains(QStringLiteral("user0")));
    QVERIFY(text.contains(QStringLiteral("3.4")));
    QVERIFY(text.contains(QStringLiteral("Picked by A (JS) at step 3")));
    view.showReview(corpus, 99, {});
    QCOMPARE(view.row(), -1LL);
}

void TestSelectionWidgets::startupSelectOption_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<int>("count");
    QTest::addColumn<QString>("error");
    const QString exe = QStringLiteral("crsw-workbench");
    const QString select = QStringLiteral("--select");
    QTest::newRow("two") << QStringList{exe, select, QStringLiteral("js:100"), select, QStringLiteral("USER_FISHER:7")}
                         << true << 2 << QString();
    QTest::newRow("three") << QStringList{exe, select, QStringLiteral("JS:1"), select, QStringLiteral("JS:2"), select,
                                          QStringLiteral("JS:3")}
                           << false << 0 << QStringLiteral("at most twice");
    QTest::newRow("no budget") << QStringList{exe, select, QStringLiteral("JS")} << false << 0
                               << QStringLiteral("expected STRATEGY:BUDGET");
    QTest::newRow("zero budget") << QStringList{exe, select, QStringLiteral("JS:0")} << false << 0
                                 << QStringLiteral("expected STRATEGY:BUDGET");
    QTest::newRow("unknown") << QStringList{exe, select, QStringLiteral("KMEANS:5")} << false << 0
                             << QStringLiteral("KMEANS");
}

void TestSelectionWidgets::startupSelectOption()
{
    QFETCH(QStringList, arguments);
    QFETCH(bool, ok);
    QFETCH(int, count);
    QFETCH(QString, error);
    StartupOptions options;
    QString message;
    QCOMPARE(options.parse(arguments, &message), ok);
    QCOMPARE(options.selections.size(), count);
    if (ok && count == 2) {
        QCOMPARE(options.selections[0].first, SelectionStrategy::JS);
        QCOMPARE(options.selections[0].second, std::size_t(100));
        QCOMPARE(options.selections[1].first, SelectionStrategy::UserFisher);
        QCOMPARE(options.selections[1].second, std::size_t(7));
    }
    if (!ok)
        QVERIFY2(message.contains(error), qPrintable(message));
}

QTEST_MAIN(TestSelectionWidgets)
#include "test_selection_widgets.moc"
