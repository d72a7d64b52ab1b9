// GUI test of the Embeddings & Selection page, offscreen, on the demo
// workspace (20,000 reviews) in a temporary folder: the page says it has no
// embeddings, computes them, runs JS (live: picks arrive while it runs) and
// FISHER beside it, scrubs, shows a clicked point, colours by rating and by
// cluster (and re-clusters for a new K), exports the map and both runs,
// cancels a t-SNE and then shows one, cancels a selection, and runs
// --select's two selections on a fresh workspace by itself. With
// CRSW_GUI_GRABS=<dir> set, a grab of each state is saved there.
#include "embeddingmap.h"
#include "jobrunner.h"
#include "mainwindow.h"
#include "messagebanner.h"
#include "pointdetailsview.h"
#include "selectioncontrols.h"
#include "selectionmapview.h"
#include "selectionpage.h"
#include "selectionrun.h"
#include "selectiontraceplot.h"
#include "workspacecontroller.h"

#include "pipeline/demo_workspace.h"
#include "select/selection_record.h"

#include "gui_grab.h"

#include <QAbstractButton>
#include <QImage>
#include <QPointer>
#include <QSpinBox>
#include <QSettings>
#include <QSlider>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <memory>
#include <set>

using namespace crsw;

namespace {
constexpr int kJobTimeoutMs = 600000;
constexpr std::size_t kBudgetA = 400;
constexpr std::size_t kBudgetB = 300;
} // namespace

class TestSelectionPage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void showsMissingEmbeddings();
    void computesEmbeddings();
    void runsJsLive();
    void runsFisherBesideJs();
    void scrubsThroughSteps();
    void clickShowsReview();
    void coloursByRatingAndCluster();
    void exportsMapAndSelections();
    void tsneIsCancellableAndShown();
    void cancelsSelection();
    void selectOptionRunsOnFreshWorkspace();
    void cleanupTestCase();

private:
    QString file(const QString &name) const { return m_dir.filePath(name); }
    void grab(const QString &name) const;
    void openWorkspace(const QString &dir);
    SelectionPage *page() const { return m_window->selectionPage(); }
    EmbeddingMap *map() const { return page()->mapView()->map(); }

    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_window;
};

void TestSelectionPage::grab(const QString &name) const
{
    test::saveGuiGrab(*m_window, QStringLiteral("selection-") + name);
}

void TestSelectionPage::openWorkspace(const QString &dir)
{
    Progress progress;
    createOrOpenDemoWorkspace(dir.toStdString(), progress);
    QSignalSpy loaded(page(), &SelectionPage::dataLoaded);
    m_window->workspaceController()->openWorkspace(dir);
    QTRY_VERIFY_WITH_TIMEOUT(loaded.count() >= 1, kJobTimeoutMs);
}

void TestSelectionPage::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, file(QStringLiteral("settings")));
    QCoreApplication::setOrganizationName(QStringLiteral("crsw-test"));
    QCoreApplication::setApplicationName(QStringLiteral("selection"));
    qputenv("XDG_DATA_HOME", file(QStringLiteral("xdg-data")).toUtf8());
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1280, 800);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(m_window->showPage(QStringLiteral("Embeddings & Selection")));
    QCOMPARE(m_window->currentPageId(), QStringLiteral("selection"));
}

void TestSelectionPage::showsMissingEmbeddings()
{
    openWorkspace(file(QStringLiteral("demo")));
    QVERIFY(!page()->isBusy());
    QVERIFY(page()->data());
    QVERIFY(!page()->data()->ready());
    QCOMPARE(page()->data()->status.state, EmbeddingsStatus::State::Missing);
    QVERIFY2(page()->statusText().contains(QStringLiteral("no embeddings")), qPrintable(page()->statusText()));
    auto *compute = page()->findChild<QAbstractButton *>(QStringLiteral("computeEmbeddings"));
    QVERIFY(compute && compute->isVisible() && compute->isEnabled());
    QVERIFY(!page()->findChild<QAbstractButton *>(QStringLiteral("runA"))->isEnabled());
    QCOMPARE(map()->pointCount(), std::size_t(0));
    grab(QStringLiteral("no-embeddings"));
}

void TestSelectionPage::computesEmbeddings()
{
    QSignalSpy computed(page(), &SelectionPage::embeddingsComputed);
    QSignalSpy loaded(page(), &SelectionPage::dataLoaded);
    page()->findChild<QAbstractButton *>(QStringLiteral("computeEmbeddings"))->click();
    QVERIFY(page()->isBusy());
    QTRY_VERIFY_WITH_TIMEOUT(loaded.count() == 1, kJobTimeoutMs);
    QCOMPARE(computed.count(), 1);
    QVERIFY(computed.at(0).at(0).toBool());
    QVERIFY2(loaded.at(0).at(0).toBool(), qPrintable(page()->banner()->text()));
    const SelectionMapData &data = *page()->data();
    QCOMPARE(data.embeddings->reviews.rows(), data.corpus->reviewCount());
    QCOMPARE(map()->pointCount(), data.corpus->reviewCount());
    QVERIFY(data.corpus->reviewCount() >= 10000);
    QVERIFY(map()->title().startsWith(QStringLiteral("PCA of ")));
    QVERIFY(map()->xAxis->label().startsWith(QStringLiteral("PC1 (")));
    QVERIFY(map()->legend->itemCount() >= 10); // the demo's sub-genres
    QVERIFY(page()->findChild<QAbstractButton *>(QStringLiteral("runA"))->isEnabled());
    grab(QStringLiteral("pca"));
}

void TestSelectionPage::runsJsLive()
{
    SelectionControls *controls = page()->controls();
    controls->setStrategy(SelectionStrategy::JS);
    controls->setBudget(kBudgetA);
    QSignalSpy finished(page(), &SelectionPage::selectionFinished);
    // Watch the picks the GUI holds while the worker runs.
    std::set<std::size_t> seen;
    QTimer watch;
    connect(&watch, &QTimer::timeout, this, [&] {
        if (const SelectionRun *run = page()->run(0))
            seen.insert(run->picks().size());
    });
    watch.start(5);
    page()->findChild<QAbstractButton *>(QStringLiteral("runA"))->click();
    QVERIFY(page()->isBusy());
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, kJobTimeoutMs);
    watch.stop();
    QCOMPARE(finished.at(0).at(0).toInt(), 0);
    QVERIFY2(finished.at(0).at(1).toBool(), qPrintable(page()->banner()->text()));

    const SelectionRun *run = page()->run(0);
    QVERIFY(run && run->isFinished() && run->record());
    QCOMPARE(run->picks().size(), kBudgetA);
    // In pick order, as the core chose them and wrote them to selections/.
    QCOMPARE(run->picks(), run->record()->result.picks);
    const SelectionRecord onDisk = SelectionRecord::read(run->path().toStdString());
    QCOMPARE(onDisk.result.picks, run->picks());
    QVERIFY(run->path().endsWith(QStringLiteral("selections/JS_B400_seed0.json")));
    // Picks arrived while it ran, not only at the end.
    bool partial = false;
    for (std::size_t count : seen)
        partial |= count > 0 && count < kBudgetA;
    QVERIFY2(partial, "no intermediate pick count was seen");

    QCOMPARE(map()->visiblePicks(0), int(kBudgetA));
    QCOMPARE(page()->mapView()->step(), kBudgetA);
    // JS brought its clusters: coverage for every step, = distinct clusters / K.
    const std::vector<std::uint32_t> &clusterOf = run->record()->result.clusterOf;
    QCOMPARE(run->coverage().size(), kBudgetA);
    std::set<std::uint32_t> covered;
    for (std::size_t s = 0; s < kBudgetA; ++s) {
        covered.insert(clusterOf[run->picks()[s]]);
        QCOMPARE(run->coverage()[s], double(covered.size()) / 50.0);
    }
    QCOMPARE(page()->mapView()->tracePlot()->scoreCount(0), int(kBudgetA));
    QCOMPARE(page()->mapView()->tracePlot()->coverageCount(0), int(kBudgetA));
    // Something to read at once: the last pick.
    QCOMPARE(page()->details()->row(), (long long)run->picks().back());
    grab(QStringLiteral("js"));
}

void TestSelectionPage::runsFisherBesideJs()
{
    SelectionControls *controls = page()->controls();
    controls->setStrategy(SelectionStrategy::Fisher);
    controls->setBudget(kBudgetB);
    QSignalSpy finished(page(), &SelectionPage::selectionFinished);
    page()->runSelection(1);
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, kJobTimeoutMs);
    QVERIFY2(finished.at(0).at(1).toBool(), qPrintable(page()->banner()->text()));
    const SelectionRun *a = page()->run(0);
    const SelectionRun *b = page()->run(1);
    QVERIFY(a && b);
    QCOMPARE(b->strategy(), SelectionStrategy::Fisher);
    QCOMPARE(b->picks().size(), kBudgetB);
    QCOMPARE(b->picks(), b->record()->result.picks);
    // Fisher's gains only fall.
    for (std::size_t s = 1; s < b->scores().size(); ++s)
        QVERIFY(b->scores()[s] <= b->scores()[s - 1] + 1e-9);
    // The clusters of A's k-means (same K and seed) count B's coverage too.
    QCOMPARE(b->coverage().size(), kBudgetB);
    QCOMPARE(map()->visiblePicks(0), int(kBudgetA));
    QCOMPARE(map()->visiblePicks(1), int(kBudgetB));
    QCOMPARE(page()->mapView()->maxStep(), kBudgetA);
    SelectionTracePlot *trace = page()->mapView()->tracePlot();
    QCOMPARE(trace->scoreCount(1), int(kBudgetB));
    QCOMPARE(trace->graph(2)->valueAxis(), trace->axisRect(0)->axis(QCPAxis::atRight)); // another scale than JS
    grab(QStringLiteral("js-and-fisher"));
}

void TestSelectionPage::scrubsThroughSteps()
{
    QSlider *slider = page()->mapView()->stepSlider();
    QCOMPARE(slider->maximum(), int(kBudgetA));
    slider->setValue(10); // as the user drags it
    QCOMPARE(map()->visiblePicks(0), 10);
    QCOMPARE(map()->visiblePicks(1), 10);
    QCOMPARE(map()->step(), std::size_t(10));
    QCOMPARE(page()->details()->row(), (long long)page()->run(0)->picks()[9]);
    slider->setValue(350); // past B's end: all of B, 350 of A
    QCOMPARE(map()->visiblePicks(0), 350);
    QCOMPARE(map()->visiblePicks(1), int(kBudgetB));
    slider->setValue(0);
    QCOMPARE(map()->visiblePicks(0), 0);
    grab(QStringLiteral("step-0"));
    slider->setValue(slider->maximum());
}

void TestSelectionPage::clickShowsReview()
{
    const std::uint32_t picked = page()->run(1)->picks()[4];
    const QPoint at = map()->pixelOf(picked).toPoint();
    const long long expected = map()->rowAt(at);
    QVERIFY(expected >= 0);
    QTest::mouseClick(map(), Qt::LeftButton, {}, at);
    QCOMPARE(page()->details()->row(), expected);
    QCOMPARE(map()->markedRow(), expected);
    const CorpusReview &review = page()->data()->corpus->review(std::size_t(expected));
    const QString text = page()->details()->toPlainText().simplified(); // HTML collapses white space
    QVERIFY(text.contains(
        QString::fromUtf8(review.text.data(), qsizetype(std::min<std::size_t>(review.text.size(), 40))).simplified()));
    QVERIFY(text.contains(QString::fromUtf8(page()->data()->corpus->userId(review.user).data(),
                                            qsizetype(page()->data()->corpus->userId(review.user).size()))));
    if (expected == picked)
        QVERIFY2(text.contains(QStringLiteral("Picked by B (FISHER) at step 5")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("k-means cluster")));
    grab(QStringLiteral("clicked"));
}

void TestSelectionPage::coloursByRatingAndCluster()
{
    SelectionMapView *view = page()->mapView();
    const SeedCorpus &corpus = *page()->data()->corpus;
    view->setColouring(SelectionMapView::Colouring::Rating);
    for (std::size_t row : {std::size_t(0), std::size_t(17), corpus.reviewCount() - 1})
        QCOMPARE(int(map()->classOf(row)), int(std::lround(corpus.review(row).rating)) - 1);
    QVERIFY(map()->title().contains(QStringLiteral("star rating")));

    // Clusters of the JS run (K = 50, seed 0) are there already: no job.
    view->setColouring(SelectionMapView::Colouring::Cluster);
    QVERIFY(!page()->isBusy());
    const std::vector<std::uint32_t> &clusterOf = page()->run(0)->record()->result.clusterOf;
    for (std::size_t row = 0; row < corpus.reviewCount(); row += 997)
        QCOMPARE(std::uint32_t(map()->classOf(row)), clusterOf[row]);
    grab(QStringLiteral("clusters"));

    // Another K: k-means runs on a worker, colours and both coverages follow.
    QSignalSpy clustered(page(), &SelectionPage::clustersFinished);
    page()->controls()->findChild<QSpinBox *>(QStringLiteral("clusters"))->setValue(12);
    QVERIFY(page()->isBusy());
    QTRY_VERIFY_WITH_TIMEOUT(clustered.count() == 1, kJobTimeoutMs);
    QVERIFY(clustered.at(0).at(0).toBool());
    std::set<std::uint16_t> classes;
    for (std::size_t row = 0; row < corpus.reviewCount(); ++row)
        classes.insert(map()->classOf(row));
    QCOMPARE(classes.size(), std::size_t(12));
    QVERIFY(page()->run(1)->coverage().back() <= 1.0);
    QVERIFY(page()->run(1)->coverage().back() >= 1.0 / 12.0);
    page()->controls()->findChild<QSpinBox *>(QStringLiteral("clusters"))->setValue(50);
    QTRY_VERIFY_WITH_TIMEOUT(clustered.count() == 2 && !page()->isBusy(), kJobTimeoutMs);
    view->setColouring(SelectionMapView::Colouring::Category);
}

void TestSelectionPage::exportsMapAndSelections()
{
    for (const QString &name : {QStringLiteral("map.png"), QStringLiteral("map.pdf"), QStringLiteral("map.svg")}) {
        QCOMPARE(page()->exportMap(file(name)), QString());
        QVERIFY2(QFileInfo(file(name)).size() > 5000, qPrintable(name));
    }
    const QImage png(file(QStringLiteral("map.png")));
    QCOMPARE(png.size(), QSize(1100, 850));
    QSignalSpy written(page(), &SelectionPage::written);
    page()->exportSelection(0, file(QStringLiteral("a.json")));
    page()->exportSelection(1, file(QStringLiteral("b.csv")));
    QTRY_COMPARE(written.count(), 2);
    QCOMPARE(SelectionRecord::read(file(QStringLiteral("a.json")).toStdString()).result.picks, page()->run(0)->picks());
    QFile csv(file(QStringLiteral("b.csv")));
    QVERIFY(csv.open(QIODevice::ReadOnly | QIODevice::Text));
    const QStringList lines = QString::fromUtf8(csv.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), int(kBudgetB) + 1);
    // The core's CSV: 0-based steps, and with the corpus where each review came from.
    QCOMPARE(lines[0], QStringLiteral("step,row,score,item,user,reviews_file,reviews_line,rating"));
    QVERIFY(lines[1].startsWith(QStringLiteral("0,%1,").arg(page()->run(1)->picks()[0])));
}

void TestSelectionPage::tsneIsCancellableAndShown()
{
    SelectionMapView *view = page()->mapView();
    QSignalSpy done(page(), &SelectionPage::tsneFinished);
    view->setProjection(SelectionMapView::Projection::Tsne);
    QVERIFY(page()->isBusy());
    QCOMPARE(view->projection(), SelectionMapView::Projection::Pca); // until it is computed
    QList<Job *> jobs = m_window->jobRunner()->jobs();
    QVERIFY(!jobs.isEmpty());
    QPointer<Job> job = jobs.constLast();
    QTRY_VERIFY_WITH_TIMEOUT(!job || job->message().startsWith(QStringLiteral("t-SNE: iteration")), kJobTimeoutMs);
    page()->cancel();
    QTRY_VERIFY_WITH_TIMEOUT(done.count() == 1, kJobTimeoutMs);
    QVERIFY(!done.at(0).at(0).toBool());
    QCOMPARE(view->projection(), SelectionMapView::Projection::Pca);
    QVERIFY(page()->banner()->text().isEmpty()); // cancelling is no error

    view->setProjection(SelectionMapView::Projection::Tsne);
    QTRY_VERIFY_WITH_TIMEOUT(done.count() == 2, kJobTimeoutMs);
    QVERIFY2(done.at(1).at(0).toBool(), qPrintable(page()->banner()->text()));
    QCOMPARE(view->projection(), SelectionMapView::Projection::Tsne);
    QCOMPARE(map()->pointCount(), page()->data()->corpus->reviewCount());
    QVERIFY(map()->title().startsWith(QStringLiteral("t-SNE of ")));
    QCOMPARE(map()->visiblePicks(0), int(kBudgetA)); // the runs stay on the new layout
    QCOMPARE(map()->visiblePicks(1), int(kBudgetB));
    grab(QStringLiteral("tsne"));
    view->setProjection(SelectionMapView::Projection::Pca);
    QCOMPARE(view->projection(), SelectionMapView::Projection::Pca);
    QVERIFY(map()->title().startsWith(QStringLiteral("PCA of ")));
}

void TestSelectionPage::cancelsSelection()
{
    page()->controls()->setStrategy(SelectionStrategy::Fisher);
    page()->controls()->setBudget(page()->data()->corpus->reviewCount()); // every review: long enough to cancel
    QSignalSpy finished(page(), &SelectionPage::selectionFinished);
    page()->runSelection(1);
    QVERIFY(page()->isBusy());
    page()->findChild<QAbstractButton *>(QStringLiteral("cancelSelection"))->click();
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, kJobTimeoutMs);
    QVERIFY(!finished.at(0).at(1).toBool());
    QVERIFY(!page()->isBusy());
    QVERIFY(page()->banner()->text().isEmpty());
    const SelectionRun *b = page()->run(1);
    QVERIFY(b && !b->record());
    QVERIFY(b->picks().size() < page()->data()->corpus->reviewCount());
    const QString never = QString::fromStdString(m_window->workspaceController()->workspace()->selectionsDir())
                          + QStringLiteral("/FISHER_B%1_seed0.json").arg(page()->data()->corpus->reviewCount());
    QVERIFY(!QFileInfo::exists(never));
    QCOMPARE(page()->run(0)->picks().size(), kBudgetA); // A untouched
}

void TestSelectionPage::selectOptionRunsOnFreshWorkspace()
{
    // What --select RANDOM_UNIFORM:50 --select FISHER:60 does on a workspace without embeddings.
    openWorkspace(file(QStringLiteral("fresh")));
    QVERIFY(!page()->data()->ready());
    QVERIFY(!page()->run(0) && !page()->run(1));
    QSignalSpy finished(page(), &SelectionPage::selectionFinished);
    QSignalSpy computed(page(), &SelectionPage::embeddingsComputed);
    page()->runWhenReady({{SelectionStrategy::RandomUniform, 50}, {SelectionStrategy::Fisher, 60}});
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 2, kJobTimeoutMs);
    QCOMPARE(computed.count(), 1);
    QVERIFY(finished.at(0).at(1).toBool() && finished.at(1).at(1).toBool());
    QCOMPARE(page()->run(0)->strategy(), SelectionStrategy::RandomUniform);
    QCOMPARE(page()->run(0)->picks().size(), std::size_t(50));
    QCOMPARE(page()->run(1)->strategy(), SelectionStrategy::Fisher);
    QCOMPARE(page()->run(1)->picks().size(), std::size_t(60));
    // RANDOM_UNIFORM waited for the k-means of its coverage; FISHER found it there.
    QCOMPARE(page()->run(0)->coverage().size(), std::size_t(50));
    QCOMPARE(page()->run(1)->coverage().size(), std::size_t(60));
    QTRY_VERIFY(m_window->jobRunner()->runningCount() == 0);
    grab(QStringLiteral("select-option"));
}

void TestSelectionPage::cleanupTestCase()
{
    m_window.reset(); // joins any job still running
}

QTEST_MAIN(TestSelectionPage)
#include "test_selection_page.moc"
