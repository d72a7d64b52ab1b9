// GUI smoke test, offscreen: the main window creates and opens the demo
// workspace in a temporary folder (settings kept there too), every page is
// visited, the Data page loads the demo corpus and searches it, the
// Evaluation page scores the demo's popularity answers end to end and exports
// its chart (PNG, PDF, SVG), table (CSV) and outputs, errors are shown, and a
// --screenshot grab is saved. With CRSW_GUI_GRABS=<dir> set, a grab of every
// state it visits is saved there, for looking at the GUI without a display.
#include "corpusstatsview.h"
#include "corpustableview.h"
#include "datapage.h"
#include "evaluationinputs.h"
#include "evaluationpage.h"
#include "evaluationresultsmodel.h"
#include "jobrunner.h"
#include "loadreportmodel.h"
#include "loadreportview.h"
#include "mainwindow.h"
#include "messagebanner.h"
#include "metricchart.h"
#include "pagecatalog.h"
#include "plannedpage.h"
#include "recentworkspaces.h"
#include "screenshottaker.h"
#include "startupoptions.h"
#include "translationloader.h"
#include "workspacecontroller.h"

#include "gui_grab.h"

#include <QAbstractButton>
#include <QAction>
#include <QAbstractSpinBox>
#include <QComboBox>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QSettings>
#include <QStackedWidget>
#include <QTabWidget>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace crsw;

namespace {
constexpr int kJobTimeoutMs = 600000; // the demo world is generated and evaluated on 2 cores
}

class TestWorkbenchSmoke : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void opensDemoWorkspace();
    void visitsEveryPage();
    void dataPageLoadsAndSearchesCorpus();
    void evaluatesDemoAnswers();
    void exportsChartTableAndOutputs();
    void runsPipelineFromMenu();
    void showsEvaluationErrors();
    void savesScreenshot();
    void newWorkspaceReportsMalformedLines();
    void reopensFromRecentList();
    void startsFromCommandLine();
    void cleanupTestCase();

private:
    QString file(const QString &name) const { return m_dir.filePath(name); }
    void grab(const QString &name) const;

    QTemporaryDir m_dir;
    QString m_demoDir;
    std::unique_ptr<MainWindow> m_window;
};

void TestWorkbenchSmoke::grab(const QString &name) const
{
    test::saveGuiGrab(*m_window, name);
}

void TestWorkbenchSmoke::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // Nothing of the user's: settings and standard paths point into the temporary folder.
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, file(QStringLiteral("settings")));
    QCoreApplication::setOrganizationName(QStringLiteral("crsw-test"));
    QCoreApplication::setApplicationName(QStringLiteral("smoke"));
    qputenv("XDG_DATA_HOME", file(QStringLiteral("xdg-data")).toUtf8());
    QVERIFY(QSettings().fileName().startsWith(m_dir.path()));
    QVERIFY(RecentWorkspaces::list().isEmpty());
    m_demoDir = file(QStringLiteral("demo"));

    // What main() does: the GUI's translations (English plural forms) are loaded.
    QVERIFY(!TranslationLoader::install(*QCoreApplication::instance(), QLocale(QLocale::English)).isEmpty());
    m_window = std::make_unique<MainWindow>();
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestWorkbenchSmoke::opensDemoWorkspace()
{
    WorkspaceController *workspaces = m_window->workspaceController();
    QVERIFY(!workspaces->workspace());
    workspaces->openDemoWorkspace(m_demoDir);
    QVERIFY(workspaces->isBusy());
    QTRY_VERIFY_WITH_TIMEOUT(workspaces->workspace() != nullptr, kJobTimeoutMs);
    QTRY_VERIFY(!workspaces->isBusy());
    const std::shared_ptr<const Workspace> workspace = workspaces->workspace();
    QVERIFY(workspace->isDemo());
    QVERIFY(QFileInfo::exists(m_demoDir + QStringLiteral("/workspace.json")));
    QVERIFY(QFileInfo::exists(m_demoDir + QStringLiteral("/runs/popularity-demo/answers.jsonl")));
    QCOMPARE(RecentWorkspaces::list().value(0), QDir(m_demoDir).absolutePath());

    auto *label = m_window->findChild<QLabel *>(QStringLiteral("workspaceLabel"));
    QVERIFY(label);
    QVERIFY(label->text().contains(QString::fromStdString(workspace->name())));
    QVERIFY(label->text().contains(QDir::toNativeSeparators(m_demoDir)));
    QVERIFY(m_window->windowTitle().contains(QString::fromStdString(workspace->name())));
}

void TestWorkbenchSmoke::visitsEveryPage()
{
    auto *list = m_window->findChild<QListWidget *>(QStringLiteral("pageList"));
    QVERIFY(list);
    const QList<PageCatalog::Page> pages = PageCatalog::pages();
    QCOMPARE(list->count(), pages.size());
    for (int i = 0; i < pages.size(); ++i) {
        const PageCatalog::Page &page = pages[i];
        QVERIFY(m_window->showPage(page.id));
        QCOMPARE(m_window->currentPageId(), page.id);
        auto *stack = m_window->findChild<QStackedWidget *>();
        QWidget *shown = stack->currentWidget();
        QTRY_VERIFY(shown->isVisible());
        QCOMPARE(list->item(i)->text(), page.title);
        grab(QStringLiteral("page-") + page.id);
        QCOMPARE(bool(list->item(i)->flags() & Qt::ItemIsEnabled), page.available);
        if (!page.available) {
            // A planned page says what it will hold and offers no controls.
            QVERIFY(qobject_cast<PlannedPage *>(shown));
            auto *description = shown->findChild<QLabel *>(QStringLiteral("plannedDescription"));
            QVERIFY(description);
            QCOMPARE(description->text(), page.description);
            QVERIFY(shown->findChildren<QAbstractButton *>().isEmpty());
            QVERIFY(shown->findChildren<QLineEdit *>().isEmpty());
            QVERIFY(shown->findChildren<QComboBox *>().isEmpty());
            QVERIFY(shown->findChildren<QAbstractSpinBox *>().isEmpty());
        }
    }
    QVERIFY(m_window->showPage(QStringLiteral("Evaluation")));
    QCOMPARE(m_window->currentPageId(), QStringLiteral("evaluation"));
    QVERIFY(!m_window->showPage(QStringLiteral("nowhere")));
}

void TestWorkbenchSmoke::dataPageLoadsAndSearchesCorpus()
{
    DataPage *page = m_window->dataPage();
    m_window->showPage(QStringLiteral("data")); // visiting it (above) started the load already
    QTRY_VERIFY_WITH_TIMEOUT(page->corpus() != nullptr && !page->isLoading(), kJobTimeoutMs);
    const LoadedCorpus &loaded = *page->corpus();
    QVERIFY(loaded.corpus.itemCount() > 100);
    QVERIFY(loaded.corpus.reviewCount() > 1000);
    QVERIFY(loaded.corpus.userCount() > 100);
    QCOMPARE(page->banner()->kind() == MessageBanner::Kind::Error, false);

    QVERIFY(page->statsView()->figure(QStringLiteral("reviews")).startsWith(QLocale().toString(qulonglong(loaded.corpus.reviewCount()))));
    QCOMPARE(page->statsView()->ratingChart()->plottable(0)->interface1D()->dataCount(), 5);
    QVERIFY(page->statsView()->reviewsPerItemChart()->plottable(0)->interface1D()->dataCount() > 0);
    QCOMPARE(std::size_t(page->itemsView()->model()->rowCount()), loaded.corpus.itemCount());
    QCOMPARE(std::size_t(page->reviewsView()->model()->rowCount()), loaded.corpus.reviewCount());

    // Search the reviews for a word of the first review's text.
    const std::string_view text = loaded.corpus.review(0).text;
    const QString word = QString::fromUtf8(text.data(), qsizetype(std::min<std::size_t>(text.size(), 40)))
                             .split(QLatin1Char(' '), Qt::SkipEmptyParts).value(0);
    QVERIFY(!word.isEmpty());
    QSignalSpy searched(page->reviewsView(), &CorpusTableView::searchFinished);
    page->reviewsView()->search(word);
    QTRY_VERIFY_WITH_TIMEOUT(searched.count() == 1, 60000);
    const int found = page->reviewsView()->model()->rowCount();
    QVERIFY(found >= 1);
    QVERIFY(std::size_t(found) <= loaded.corpus.reviewCount());
    QCOMPARE(page->reviewsView()->model()->corpusIndex(0), 0u);
    page->reviewsView()->search(QStringLiteral("zzqx-no-review-says-this"));
    QTRY_VERIFY_WITH_TIMEOUT(searched.count() == 2, 60000);
    QCOMPARE(page->reviewsView()->model()->rowCount(), 0);

    for (int tab = 0; tab < page->tabs()->count(); ++tab) {
        page->tabs()->setCurrentIndex(tab);
        grab(QStringLiteral("data-tab-%1").arg(tab));
    }
    page->tabs()->setCurrentIndex(0);

    // The report lists exactly what the load counted.
    QCOMPARE(std::size_t(page->reportView()->problemsModel()->rowCount()), loaded.report.problems().size());
}

void TestWorkbenchSmoke::evaluatesDemoAnswers()
{
    m_window->showPage(QStringLiteral("evaluation"));
    EvaluationPage *page = m_window->evaluationPage();
    EvaluationInputs *inputs = page->inputs();
    QCOMPARE(inputs->benchmarkName(), QStringLiteral("demo"));
    QVERIFY(QFileInfo::exists(inputs->testSetPath()));
    QVERIFY(QFileInfo::exists(inputs->entitiesPath()));
    QVERIFY(inputs->answersPath().endsWith(QStringLiteral("runs/popularity-demo/answers.jsonl")));

    QSignalSpy finished(page, &EvaluationPage::evaluationFinished);
    page->runEvaluation();
    QVERIFY(page->isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, kJobTimeoutMs);
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(page->banner()->text()));
    QVERIFY(!page->isRunning());
    QVERIFY(page->banner()->text().isEmpty());

    EvaluationResultsModel *model = page->resultsModel();
    QCOMPARE(model->rowCount(), 12);
    QCOMPARE(model->columnCount(), EvaluationResultsModel::FirstMetricColumn + 12);
    for (int row = 0; row < model->rowCount(); ++row) {
        for (int column = 0; column < model->columnCount(); ++column)
            QVERIFY(!model->data(model->index(row, column)).toString().isEmpty());
    }
    const int all = model->rowOf(false, false, QStringLiteral("all"));
    QVERIFY(model->condition(all)->samples > 0);
    QCOMPARE(page->resultsView()->currentIndex().row(), all);
    // The chart shows the selected row: Recall@k and NDCG@k means with their CIs.
    const QVector<double> recall = page->chart()->means(QStringLiteral("recall"));
    QCOMPARE(recall.size(), 4);
    QCOMPARE(recall[3], model->condition(all)->stats[9].mean); // recall@20
    QVERIFY(recall[3] >= recall[0]);
    grab(QStringLiteral("evaluation"));
    page->selectRow(model->rowOf(true, true, QStringLiteral("all")));
    QVERIFY(page->chart()->caption().startsWith(QStringLiteral("filtered yes")));
}

void TestWorkbenchSmoke::exportsChartTableAndOutputs()
{
    EvaluationPage *page = m_window->evaluationPage();
    QVERIFY(page->lastRun());
    for (const QString &name : {QStringLiteral("chart.png"), QStringLiteral("chart.pdf"), QStringLiteral("chart.svg")}) {
        QCOMPARE(page->exportPlot(file(name)), QString());
        QVERIFY2(QFileInfo(file(name)).size() > 1000, qPrintable(name));
    }
    QVERIFY(!QImage(file(QStringLiteral("chart.png"))).isNull());

    QSignalSpy written(page, &EvaluationPage::written);
    page->exportTable(file(QStringLiteral("table.csv")));
    QTRY_COMPARE(written.count(), 1);
    QFile csv(file(QStringLiteral("table.csv")));
    QVERIFY(csv.open(QIODevice::ReadOnly | QIODevice::Text));
    const QStringList lines = QString::fromUtf8(csv.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 13); // header + 4 settings x 3 conditions
    QVERIFY(lines[0].startsWith(QStringLiteral("filtered,exclude_seen,condition,recall@1_mean,recall@1_se,recall@1_ci,")));
    QVERIFY(lines[0].endsWith(QStringLiteral(",samples")));
    QVERIFY(lines[1].startsWith(QStringLiteral("False,False,recommendation,")));
    QVERIFY(lines[12].startsWith(QStringLiteral("True,True,all,")));

    const QString outputs = file(QStringLiteral("outputs"));
    page->saveOutputs(outputs);
    QTRY_COMPARE(written.count(), 2);
    QVERIFY(QFileInfo::exists(outputs + QStringLiteral("/summary_filtered_False_exclude_seen_True.csv")));
    QVERIFY(QFileInfo::exists(outputs + QStringLiteral("/matches.jsonl")));
}

void TestWorkbenchSmoke::runsPipelineFromMenu()
{
    auto *action = m_window->findChild<QAction *>(QStringLiteral("runPipelineAction"));
    QVERIFY(action);
    QVERIFY(action->isEnabled());
    WorkspaceController *workspaces = m_window->workspaceController();
    QSignalSpy finished(workspaces, &WorkspaceController::pipelineFinished);
    QSignalSpy failed(workspaces, &WorkspaceController::failed);
    QSignalSpy filesChanged(workspaces, &WorkspaceController::workspaceFilesChanged);
    action->trigger();
    QVERIFY(workspaces->isBusy());
    QVERIFY(!action->isEnabled()); // one run at a time
    QTRY_VERIFY_WITH_TIMEOUT(!workspaces->isBusy(), kJobTimeoutMs);
    QCOMPARE(failed.count(), 0);
    QCOMPARE(finished.count(), 1);
    QVERIFY(!finished.at(0).at(0).toString().isEmpty());
    QCOMPARE(filesChanged.count(), 1);
    QVERIFY(action->isEnabled());
    // The Evaluation page keeps its default answers after the refresh.
    QVERIFY(m_window->evaluationPage()->inputs()->answersPath().endsWith(QStringLiteral("answers.jsonl")));
}

void TestWorkbenchSmoke::showsEvaluationErrors()
{
    EvaluationPage *page = m_window->evaluationPage();
    const QString missing = file(QStringLiteral("no-such-answers.jsonl"));
    page->inputs()->setAnswersPath(missing);
    QSignalSpy finished(page, &EvaluationPage::evaluationFinished);
    page->runEvaluation();
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, kJobTimeoutMs);
    QVERIFY(!finished.at(0).at(0).toBool());
    QCOMPARE(page->banner()->kind(), MessageBanner::Kind::Error);
    QVERIFY2(page->banner()->text().contains(QStringLiteral("no-such-answers.jsonl")), qPrintable(page->banner()->text()));
    grab(QStringLiteral("evaluation-error"));
    // The previous results stay until a run succeeds.
    QCOMPARE(page->resultsModel()->rowCount(), 12);
}

void TestWorkbenchSmoke::savesScreenshot()
{
    const QString path = file(QStringLiteral("shot/window.png"));
    ScreenshotTaker taker(m_window.get(), path);
    QSignalSpy done(&taker, &ScreenshotTaker::finished);
    taker.start(60000);
    QTRY_VERIFY_WITH_TIMEOUT(done.count() == 1, 60000);
    QVERIFY2(done.at(0).at(0).toBool(), qPrintable(done.at(0).at(1).toString()));
    const QImage image(path);
    QCOMPARE(m_window->size(), ScreenshotTaker::screenshotSize());
    QCOMPARE(image.size(), m_window->size() * m_window->devicePixelRatio());
}

void TestWorkbenchSmoke::newWorkspaceReportsMalformedLines()
{
    WorkspaceController *workspaces = m_window->workspaceController();
    const QString dir = file(QStringLiteral("mine"));
    workspaces->createWorkspace(dir, QStringLiteral("Mine"));
    QTRY_VERIFY_WITH_TIMEOUT(workspaces->workspace()->name() == "Mine", kJobTimeoutMs);
    QVERIFY(QFileInfo::exists(dir + QStringLiteral("/workspace.json")));
    QVERIFY(QFileInfo(dir + QStringLiteral("/runs")).isDir());

    // No benchmarks yet: the Evaluation page offers only files chosen by hand and cannot run.
    EvaluationInputs *inputs = m_window->evaluationPage()->inputs();
    QVERIFY(inputs->benchmarkName().isEmpty());
    QVERIFY(inputs->answersPath().isEmpty());
    QVERIFY(!m_window->evaluationPage()->findChild<QAbstractButton *>(QStringLiteral("runEvaluationButton"))->isEnabled());

    // A tiny corpus with one bad line in each file.
    const QString meta = file(QStringLiteral("corpus/meta.jsonl"));
    const QString reviews = file(QStringLiteral("corpus/reviews.jsonl"));
    QDir().mkpath(file(QStringLiteral("corpus")));
    QFile metaFile(meta);
    QVERIFY(metaFile.open(QIODevice::WriteOnly));
    metaFile.write("{\"parent_asin\": \"A1\", \"title\": \"Heat\"}\n"
                   "{\"parent_asin\": \"A2\", \"title\": \n"
                   "{\"parent_asin\": \"A3\", \"title\": \"Up\"}\n");
    metaFile.close();
    QFile reviewFile(reviews);
    QVERIFY(reviewFile.open(QIODevice::WriteOnly));
    reviewFile.write("{\"rating\": 5.0, \"text\": \"great\", \"parent_asin\": \"A1\", \"user_id\": \"u1\"}\n"
                     "{\"rating\": \"five\", \"text\": \"bad\", \"parent_asin\": \"A1\", \"user_id\": \"u2\"}\n"
                     "{\"rating\": 3.0, \"text\": \"fine\", \"parent_asin\": \"A3\", \"user_id\": \"u2\"}\n");
    reviewFile.close();

    m_window->showPage(QStringLiteral("data"));
    workspaces->setSeedCorpus(reviews, meta);
    QTRY_VERIFY_WITH_TIMEOUT(!workspaces->workspace()->seedCorpus().reviews.empty(), kJobTimeoutMs);
    QVERIFY(Workspace::open(dir.toStdString()).seedCorpus().metadata == meta.toStdString()); // saved (outside: absolute)
    DataPage *page = m_window->dataPage();
    QTRY_VERIFY_WITH_TIMEOUT(page->corpus() != nullptr && !page->isLoading(), kJobTimeoutMs);
    QCOMPARE(page->corpus()->corpus.itemCount(), std::size_t(2));
    QCOMPARE(page->corpus()->corpus.reviewCount(), std::size_t(2));
    QCOMPARE(page->corpus()->report.count(), std::size_t(2));
    LoadReportModel *problems = page->reportView()->problemsModel();
    QCOMPARE(problems->rowCount(), 2);
    QStringList texts{problems->problemText(0), problems->problemText(1)};
    texts.sort();
    QVERIFY2(texts[0].startsWith(meta + QStringLiteral(":2: ")), qPrintable(texts[0]));
    QVERIFY2(texts[1].startsWith(reviews + QStringLiteral(":2: rating: ")), qPrintable(texts[1]));
    QCOMPARE(page->banner()->kind(), MessageBanner::Kind::Info);
    QVERIFY2(page->banner()->text().startsWith(QStringLiteral("2 malformed lines left out")),
             qPrintable(page->banner()->text())); // the English plural form from crsw_en.qm
    page->tabs()->setCurrentIndex(3);
    grab(QStringLiteral("data-malformed"));

    // Test files chosen by hand (here: the demo's) evaluate like a benchmark's.
    EvaluationPage *evaluation = m_window->evaluationPage();
    inputs->setTestFiles(m_demoDir + QStringLiteral("/benchmarks/demo/test.jsonl"),
                         m_demoDir + QStringLiteral("/benchmarks/demo/entity2id.json"));
    inputs->setAnswersPath(m_demoDir + QStringLiteral("/runs/popularity-demo/answers.jsonl"));
    QVERIFY(inputs->benchmarkName().isEmpty());
    QSignalSpy finished(evaluation, &EvaluationPage::evaluationFinished);
    evaluation->runEvaluation();
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, kJobTimeoutMs);
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(evaluation->banner()->text()));
    QCOMPARE(evaluation->resultsModel()->rowCount(), 12);
}

void TestWorkbenchSmoke::reopensFromRecentList()
{
    // A second window (a restart) opens the most recent workspace, not a new demo.
    m_window.reset();
    MainWindow window;
    window.show();
    window.start(StartupOptions());
    QTRY_VERIFY_WITH_TIMEOUT(window.workspaceController()->workspace() != nullptr, kJobTimeoutMs);
    QCOMPARE(QString::fromStdString(window.workspaceController()->workspace()->root()),
             QDir(file(QStringLiteral("mine"))).absolutePath());
    QCOMPARE(RecentWorkspaces::list().size(), 2);
}

void TestWorkbenchSmoke::startsFromCommandLine()
{
    // crsw-workbench --workspace DIR --page Evaluation --evaluate
    StartupOptions options;
    QString error;
    QVERIFY(options.parse({QStringLiteral("crsw-workbench"), QStringLiteral("--workspace"), m_demoDir,
                           QStringLiteral("--page"), QStringLiteral("Evaluation"), QStringLiteral("--evaluate")},
                          &error));
    MainWindow window;
    window.show();
    QSignalSpy finished(window.evaluationPage(), &EvaluationPage::evaluationFinished);
    window.start(options);
    QCOMPARE(window.currentPageId(), QStringLiteral("evaluation"));
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, kJobTimeoutMs);
    QVERIFY(finished.at(0).at(0).toBool());
    QCOMPARE(QString::fromStdString(window.workspaceController()->workspace()->root()), QDir(m_demoDir).absolutePath());
    QVERIFY(window.evaluationPage()->chart()->means(QStringLiteral("recall")).size() == 4);
    // Opening a folder without a workspace is an error the user sees.
    QSignalSpy errors(&window, &MainWindow::errorShown);
    window.workspaceController()->openWorkspace(file(QStringLiteral("corpus")));
    QTRY_VERIFY_WITH_TIMEOUT(errors.count() == 1, kJobTimeoutMs);
    QVERIFY2(errors.at(0).at(0).toString().contains(QStringLiteral("workspace.json")),
             qPrintable(errors.at(0).at(0).toString()));
    QCOMPARE(QString::fromStdString(window.workspaceController()->workspace()->root()), QDir(m_demoDir).absolutePath());
}

void TestWorkbenchSmoke::cleanupTestCase()
{
    m_window.reset(); // joins any job still running
}

QTEST_MAIN(TestWorkbenchSmoke)
#include "test_workbench_smoke.moc"
