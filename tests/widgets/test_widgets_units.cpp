// The widgets' parts one by one: command line, page catalog, translations,
// icons, the results model and chart, plot export, the corpus tables and
// their search, the malformed-line model, and the UTF-8 cell text helper.
#include "appresources.h"
#include "corpustableview.h"
#include "evaluationresultsmodel.h"
#include "itemtablemodel.h"
#include "jobrunner.h"
#include "loadreportmodel.h"
#include "metricchart.h"
#include "newworkspacedialog.h"
#include "pagecatalog.h"
#include "plotexporter.h"
#include "qstringutil.h"
#include "reviewtablemodel.h"
#include "scientificspinbox.h"
#include "startupoptions.h"
#include "translationloader.h"

#include "data/amazon/seed_corpus_builder.h"
#include "eval/he_protocol.h"
#include "pipeline/workspace.h"

#include <QDialogButtonBox>
#include <QImage>
#include <QPushButton>
#include <QLineEdit>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace crsw;

class TestWidgetsUnits : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void scientificSpinBoxShowsAndReadsRates();
    void startupOptions_data();
    void startupOptions();
    void pageCatalogFindsByIdAndTitle();
    void englishTranslationHasPluralForms();
    void iconsAreCompiledIn();
    void cellTextIsCutAtCharacterBoundaries();
    void resultsModelShowsSettingsAndConditions();
    void chartPlotsMeansWithConfidenceIntervals();
    void plotExportsPngPdfSvg();
    void corpusTablesShowRowsWithoutStoringThem();
    void corpusSearchFiltersOnWorkerThread();
    void loadReportModelListsProblems();
    void newWorkspaceDialogValidates();
};

namespace {

// Three turns, two of them hits, scored under all four settings.
EvaluationResult smallResult()
{
    std::vector<TurnPredictions> turns(3);
    turns[0].recList = {{"Alien", 0, "Alien"}, {"Heat", 0, "Heat"}};
    turns[0].gtList = {"Heat"};
    turns[1].recList = {{"Up", 0, "Up"}, {"Jaws", 3, "Jaws"}};
    turns[1].gtList = {"Jaws"};
    turns[1].prevList = {"Up"};
    turns[2].recList = {{"Heat", 0, "Heat"}};
    turns[2].gtList = {"Alien"};
    turns[2].prevList = {"Alien"};
    EvaluationResult result;
    result.metricNames = metricNames({1, 5, 10, 20});
    result.turns = turns;
    result.dialogIds = {"d1", "d2", "d3"};
    result.turnIds = {"1", "2", "3"};
    result.settings = scoreAllSettings(turns);
    return result;
}

AmazonItem item(const std::string &asin, const std::string &title, const std::string &category)
{
    AmazonItem i;
    i.parentAsin = asin;
    i.title = title;
    i.mainCategory = category;
    i.averageRating = 4.5;
    i.ratingNumber = 10;
    return i;
}

AmazonReview review(const std::string &asin, const std::string &user, float rating, const std::string &text)
{
    AmazonReview r;
    r.parentAsin = asin;
    r.asin = asin;
    r.userId = user;
    r.rating = rating;
    r.text = text;
    r.title = "a review";
    r.timestamp = 1577836800000; // 2020-01-01
    return r;
}

std::shared_ptr<const SeedCorpus> smallCorpus()
{
    SeedCorpusBuilder builder;
    builder.addItem(item("B001", "Heat", "Movies & TV"));
    builder.addItem(item("B002", "Alien", "Movies & TV"));
    builder.addItem(item("B003", "Up", "Movies & TV"));
    builder.addReview(review("B001", "u1", 5, "A heist classic.\nGreat score."), 0, 1);
    builder.addReview(review("B002", "u2", 4, "Space horror at its best"), 0, 2);
    builder.addReview(review("B002", "u1", 2, "Too dark for me"), 0, 3);
    builder.addReview(review("B003", "u3", 5, "Balloons! A HEIST of the heart"), 0, 4);
    return std::make_shared<const SeedCorpus>(builder.finish());
}

} // namespace

void TestWidgetsUnits::startupOptions_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<bool>("demo");
    QTest::addColumn<QString>("workspace");
    QTest::addColumn<QString>("page");
    QTest::addColumn<QString>("screenshot");
    QTest::addColumn<bool>("evaluate");

    const QString exe = QStringLiteral("crsw-workbench");
    QTest::newRow("nothing") << QStringList{exe} << true << false << QString() << QString() << QString() << false;
    QTest::newRow("demo") << QStringList{exe, QStringLiteral("--demo")} << true << true << QString() << QString()
                          << QString() << false;
    QTest::newRow("workspace+page+shot")
        << QStringList{exe, QStringLiteral("--workspace"), QStringLiteral("/tmp/ws"), QStringLiteral("--page"),
                       QStringLiteral("Evaluation"), QStringLiteral("--screenshot"), QStringLiteral("/tmp/x.png"),
                       QStringLiteral("--evaluate")}
        << true << false << QStringLiteral("/tmp/ws") << QStringLiteral("Evaluation") << QStringLiteral("/tmp/x.png")
        << true;
    QTest::newRow("page by id") << QStringList{exe, QStringLiteral("--page"), QStringLiteral("finetuning")} << true
                                << false << QString() << QStringLiteral("finetuning") << QString() << false;
    QTest::newRow("unknown page") << QStringList{exe, QStringLiteral("--page"), QStringLiteral("nowhere")} << false
                                  << false << QString() << QString() << QString() << false;
    QTest::newRow("demo and workspace")
        << QStringList{exe, QStringLiteral("--demo"), QStringLiteral("--workspace"), QStringLiteral("/tmp/ws")}
        << false << false << QString() << QString() << QString() << false;
    QTest::newRow("unknown option") << QStringList{exe, QStringLiteral("--frobnicate")} << false << false
                                    << QString() << QString() << QString() << false;
    QTest::newRow("missing value") << QStringList{exe, QStringLiteral("--workspace")} << false << false << QString()
                                   << QString() << QString() << false;
    QTest::newRow("positional") << QStringList{exe, QStringLiteral("extra")} << false << false << QString()
                                << QString() << QString() << false;
}

void TestWidgetsUnits::startupOptions()
{
    QFETCH(QStringList, arguments);
    QFETCH(bool, ok);
    StartupOptions options;
    QString error;
    QCOMPARE(options.parse(arguments, &error), ok);
    if (!ok) {
        QVERIFY(!error.isEmpty());
        return;
    }
    QFETCH(bool, demo);
    QFETCH(QString, workspace);
    QFETCH(QString, page);
    QFETCH(QString, screenshot);
    QFETCH(bool, evaluate);
    QCOMPARE(options.demo, demo);
    QCOMPARE(options.workspaceDir, workspace);
    QCOMPARE(options.page, page);
    QCOMPARE(options.screenshotFile, screenshot);
    QCOMPARE(options.evaluate, evaluate);
    QVERIFY(StartupOptions::helpText().contains(QStringLiteral("--screenshot")));
}

void TestWidgetsUnits::pageCatalogFindsByIdAndTitle()
{
    const QList<PageCatalog::Page> pages = PageCatalog::pages();
    QCOMPARE(pages.size(), 7);
    QCOMPARE(PageCatalog::ids(), (QStringList{QStringLiteral("data"), QStringLiteral("selection"),
                                              QStringLiteral("templates"), QStringLiteral("dialogues"),
                                              QStringLiteral("finetuning"), QStringLiteral("evaluation"),
                                              QStringLiteral("experiments")}));
    QCOMPARE(PageCatalog::indexOf(QStringLiteral("Evaluation")), 5);
    QCOMPARE(PageCatalog::indexOf(QStringLiteral("embeddings  selection")), 1);
    QCOMPARE(PageCatalog::indexOf(QStringLiteral("Teacher & Dialogues")), 3);
    QCOMPARE(PageCatalog::indexOf(QStringLiteral("DATA")), 0);
    QCOMPARE(PageCatalog::indexOf(QStringLiteral("training")), -1);
    int available = 0;
    for (const PageCatalog::Page &page : pages) {
        QVERIFY(!page.description.isEmpty());
        available += page.available ? 1 : 0;
    }
    // Data, Embeddings & Selection, Templates and Evaluation, and the pages built since.
    QVERIFY(available >= 4);
    QVERIFY(pages[PageCatalog::indexOf(QStringLiteral("templates"))].available);
}

void TestWidgetsUnits::englishTranslationHasPluralForms()
{
    QVERIFY(TranslationLoader::availableLanguages().contains(QStringLiteral("en")));
    const QStringList loaded = TranslationLoader::install(*QCoreApplication::instance(), QLocale(QLocale::English));
    QVERIFY(!loaded.isEmpty());
    QVERIFY(loaded.constFirst().endsWith(QStringLiteral("crsw_en.qm")));
    // The source string is "%n job(s) running"; only the .qm turns it into real English.
    QCOMPARE(QCoreApplication::translate("crsw::JobStatusWidget", "%n job(s) running", nullptr, 1),
             QStringLiteral("1 job running"));
    QCOMPARE(QCoreApplication::translate("crsw::JobStatusWidget", "%n job(s) running", nullptr, 3),
             QStringLiteral("3 jobs running"));
}

void TestWidgetsUnits::iconsAreCompiledIn()
{
    QVERIFY(QFile::exists(AppResources::appIconPath()));
    QVERIFY(!AppResources::appIcon().pixmap(64, 64).isNull());
    const QStringList ids = PageCatalog::ids();
    for (const QString &id : ids)
        QVERIFY2(!AppResources::pageIcon(id).isNull(), qPrintable(id));
    QVERIFY(AppResources::pageIcon(QStringLiteral("no-such-page")).isNull());
}

void TestWidgetsUnits::cellTextIsCutAtCharacterBoundaries()
{
    QCOMPARE(toQStringLine("line one\nline\ttwo", 100), QStringLiteral("line one line two"));
    // "é" is two bytes: a cut at byte 2 would split it, so the cut backs off to byte 1.
    const std::string text = "aéb";
    QCOMPARE(toQStringLine(text, 2), QStringLiteral("a") + QChar(0x2026));
    QCOMPARE(toQStringLine(text, 3), QStringLiteral("aé") + QChar(0x2026));
    QCOMPARE(toQStringLine(text, 4), QStringLiteral("aéb"));
    QCOMPARE(toQString("Ünïcode"), QStringLiteral("Ünïcode"));
}

void TestWidgetsUnits::resultsModelShowsSettingsAndConditions()
{
    auto result = std::make_shared<const EvaluationResult>(smallResult());
    EvaluationResultsModel model;
    QCOMPARE(model.rowCount(), 0);
    model.setResult(result);
    QCOMPARE(model.rowCount(), 12); // 4 settings x (recommendation, discussion, all)
    QCOMPARE(model.columnCount(), EvaluationResultsModel::FirstMetricColumn + 12);
    QCOMPARE(model.headerData(EvaluationResultsModel::FirstMetricColumn, Qt::Horizontal).toString(),
             QStringLiteral("Recall\n@1"));
    QCOMPARE(model.headerData(EvaluationResultsModel::FirstMetricColumn + 1, Qt::Horizontal).toString(),
             QStringLiteral("NDCG\n@1"));

    const int all = model.rowOf(false, false, QStringLiteral("all"));
    QVERIFY(all >= 0);
    QCOMPARE(model.data(model.index(all, EvaluationResultsModel::SamplesColumn)).toString(), QStringLiteral("3"));
    // Recall@5 over all three samples: Heat found (turn 0), Jaws found (turn 1), Alien not: 2/3.
    const int recall5 = EvaluationResultsModel::FirstMetricColumn + 3;
    QCOMPARE(model.headerData(recall5, Qt::Horizontal).toString(), QStringLiteral("Recall\n@5"));
    QCOMPARE(model.data(model.index(all, recall5)).toString(), QStringLiteral("0.6667"));
    QVERIFY(model.data(model.index(all, recall5), Qt::ToolTipRole).toString().contains(QStringLiteral("95% CI")));
    // Filtered drops Jaws (distance 3 > 2): 1/3.
    const int filtered = model.rowOf(true, false, QStringLiteral("all"));
    QCOMPARE(model.data(model.index(filtered, recall5)).toString(), QStringLiteral("0.3333"));
    QCOMPARE(model.condition(filtered)->samples, std::size_t(3));
    QCOMPARE(model.setting(filtered)->filtered, true);
    QVERIFY(!model.setting(99));
}

void TestWidgetsUnits::chartPlotsMeansWithConfidenceIntervals()
{
    const EvaluationResult result = smallResult();
    MetricChart chart;
    QVERIFY(chart.means(QStringLiteral("recall")).isEmpty());
    const ConditionSummary &all = result.settings[0].summary[2];
    QCOMPARE(all.condition, std::string("all"));
    chart.showSummary(QStringLiteral("caption"), result.metricNames, all);
    const QVector<double> recall = chart.means(QStringLiteral("recall"));
    const QVector<double> ndcg = chart.means(QStringLiteral("ndcg"));
    QCOMPARE(recall.size(), 4);
    QCOMPARE(ndcg.size(), 4);
    QCOMPARE(recall[1], all.stats[3].mean); // recall@5
    QCOMPARE(ndcg[1], all.stats[4].mean);   // ndcg@5
    QCOMPARE(chart.errors(QStringLiteral("recall"))[1], all.stats[3].ci);
    QVERIFY(chart.errors(QStringLiteral("recall"))[1] > 0);
    QCOMPARE(chart.caption(), QStringLiteral("caption"));
    QCOMPARE(chart.plottableCount(), 4); // two bar series, two error-bar series
    chart.clearChart(QStringLiteral("empty"));
    QVERIFY(chart.means(QStringLiteral("recall")).isEmpty());
}

void TestWidgetsUnits::plotExportsPngPdfSvg()
{
    const EvaluationResult result = smallResult();
    MetricChart chart;
    chart.resize(600, 400);
    chart.showSummary(QStringLiteral("export"), result.metricNames, result.settings[0].summary[2]);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString png = dir.filePath(QStringLiteral("sub/chart.png"));
    const QString pdf = dir.filePath(QStringLiteral("chart.pdf"));
    const QString svg = dir.filePath(QStringLiteral("chart.svg"));
    QCOMPARE(PlotExporter::save(&chart, png), QString());
    QCOMPARE(PlotExporter::save(&chart, pdf), QString());
    QCOMPARE(PlotExporter::save(&chart, svg), QString());
    const QImage image(png);
    QCOMPARE(image.size(), QSize(960, 600));
    QFile pdfFile(pdf);
    QVERIFY(pdfFile.open(QIODevice::ReadOnly));
    QVERIFY(pdfFile.read(5) == "%PDF-");
    QFile svgFile(svg);
    QVERIFY(svgFile.open(QIODevice::ReadOnly));
    const QByteArray svgText = svgFile.readAll();
    QVERIFY(svgText.contains("<svg"));
    QVERIFY(svgText.contains("Recall@k")); // the legend was drawn into it
    QVERIFY(!PlotExporter::save(&chart, dir.filePath(QStringLiteral("chart.bmpx"))).isEmpty());
}

void TestWidgetsUnits::corpusTablesShowRowsWithoutStoringThem()
{
    const std::shared_ptr<const SeedCorpus> corpus = smallCorpus();
    ItemTableModel items;
    items.setCorpus(corpus);
    QCOMPARE(items.rowCount(), 3);
    QCOMPARE(items.data(items.index(1, ItemTableModel::TitleColumn)).toString(), QStringLiteral("Alien"));
    QCOMPARE(items.data(items.index(1, ItemTableModel::AsinColumn)).toString(), QStringLiteral("B002"));
    QCOMPARE(items.data(items.index(1, ItemTableModel::ReviewsColumn)).toInt(), 2);
    QCOMPARE(items.data(items.index(1, ItemTableModel::CategoryColumn)).toString(), QStringLiteral("Movies & TV"));

    ReviewTableModel reviews;
    reviews.setSourceFiles({QStringLiteral("reviews.jsonl")});
    reviews.setCorpus(corpus);
    QCOMPARE(reviews.rowCount(), 4);
    QCOMPARE(reviews.data(reviews.index(0, ReviewTableModel::TextColumn)).toString(),
             QStringLiteral("A heist classic. Great score."));
    QCOMPARE(reviews.data(reviews.index(0, ReviewTableModel::ItemColumn)).toString(), QStringLiteral("Heat"));
    QCOMPARE(reviews.data(reviews.index(2, ReviewTableModel::UserColumn)).toString(), QStringLiteral("u1"));
    QCOMPARE(reviews.data(reviews.index(2, ReviewTableModel::DateColumn)).toString(), QStringLiteral("2020-01-01"));
    QCOMPARE(reviews.data(reviews.index(3, ReviewTableModel::SourceColumn)).toString(),
             QStringLiteral("reviews.jsonl:4"));

    reviews.setRows(std::make_shared<const CorpusTableModel::Rows>(CorpusTableModel::Rows{1, 3}));
    QVERIFY(reviews.isFiltered());
    QCOMPARE(reviews.rowCount(), 2);
    QCOMPARE(reviews.corpusIndex(1), 3u);
    QCOMPARE(reviews.data(reviews.index(1, ReviewTableModel::ItemColumn)).toString(), QStringLiteral("Up"));
    reviews.setRows(nullptr);
    QCOMPARE(reviews.rowCount(), 4);
    reviews.setCorpus(nullptr);
    QCOMPARE(reviews.rowCount(), 0);
}

void TestWidgetsUnits::corpusSearchFiltersOnWorkerThread()
{
    JobRunner runner;
    CorpusTableView view(new ReviewTableModel, &runner, QStringLiteral("search"));
    view.setCorpus(smallCorpus());
    QSignalSpy finished(&view, &CorpusTableView::searchFinished);
    view.search(QStringLiteral("heist")); // case-insensitive: "heist" and "HEIST"
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(1).toInt(), 2);
    QCOMPARE(view.model()->rowCount(), 2);
    QCOMPARE(view.model()->corpusIndex(0), 0u);
    QCOMPARE(view.model()->corpusIndex(1), 3u);

    // Typing goes through the same path after a short pause.
    view.searchField()->setText(QStringLiteral("u1"));
    QTRY_COMPARE(finished.count(), 2);
    QCOMPARE(view.model()->rowCount(), 2); // the user id matches
    view.searchField()->clear();
    QTRY_COMPARE(finished.count(), 3);
    QVERIFY(!view.model()->isFiltered());
    QCOMPARE(view.model()->rowCount(), 4);
}

void TestWidgetsUnits::loadReportModelListsProblems()
{
    auto report = std::make_shared<LoadReport>();
    report->add({"/data/reviews.jsonl", 12, "rating", "expected a number, got a string"});
    report->add({"/data/reviews.jsonl", 40, "", "invalid JSON: unexpected end"});
    LoadReportModel model;
    model.setReport(report);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.data(model.index(0, LoadReportModel::FileColumn)).toString(), QStringLiteral("reviews.jsonl"));
    QCOMPARE(model.data(model.index(0, LoadReportModel::LineColumn)).toLongLong(), 12);
    QCOMPARE(model.data(model.index(0, LoadReportModel::FieldColumn)).toString(), QStringLiteral("rating"));
    QCOMPARE(model.problemText(0), QStringLiteral("/data/reviews.jsonl:12: rating: expected a number, got a string"));
    QCOMPARE(model.problemText(1), QStringLiteral("/data/reviews.jsonl:40: invalid JSON: unexpected end"));
}

void TestWidgetsUnits::newWorkspaceDialogValidates()
{
    QTemporaryDir dir;
    NewWorkspaceDialog dialog;
    auto *name = dialog.findChild<QLineEdit *>(QStringLiteral("nameEdit"));
    auto *folder = dialog.findChild<QLineEdit *>(QStringLiteral("folderEdit"));
    auto *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(name && folder && ok);
    QVERIFY(!ok->isEnabled());
    QTest::keyClicks(name, QStringLiteral("my/study"));
    QCOMPARE(dialog.name(), QStringLiteral("my/study"));
    QVERIFY(dialog.folder().endsWith(QStringLiteral("/my-study"))); // the folder follows the name
    QVERIFY(ok->isEnabled());

    folder->clear();
    QTest::keyClicks(folder, dir.path());
    QCOMPARE(dialog.folder(), QDir(dir.path()).absolutePath());
    QVERIFY(ok->isEnabled());
    QTest::keyClicks(name, QStringLiteral("2")); // the chosen folder no longer follows the name
    QCOMPARE(dialog.folder(), QDir(dir.path()).absolutePath());

    Workspace::create(dir.path().toStdString(), "taken");
    folder->clear();
    QTest::keyClicks(folder, dir.path());
    QVERIFY(!ok->isEnabled()); // already a workspace
}

void TestWidgetsUnits::scientificSpinBoxShowsAndReadsRates()
{
    ScientificSpinBox box;
    box.setDecimals(7);
    box.setRange(1e-7, 1.0);
    box.setValue(1e-5);
    QCOMPARE(box.text(), QStringLiteral("1e-05"));
    box.setValue(2e-4);
    QCOMPARE(box.text(), QStringLiteral("0.0002"));
    QCOMPARE(box.valueFromText(QStringLiteral("2e-4")), 2e-4);
    int pos = 0;
    QString text = QStringLiteral("3e-");
    QCOMPARE(box.validate(text, pos), QValidator::Intermediate);
    text = QStringLiteral("3e-5");
    QCOMPARE(box.validate(text, pos), QValidator::Acceptable);
    text = QStringLiteral("2.5");
    QCOMPARE(box.validate(text, pos), QValidator::Intermediate); // above the maximum
    text = QStringLiteral("fast");
    QCOMPARE(box.validate(text, pos), QValidator::Invalid);
    box.findChild<QLineEdit *>()->setText(QStringLiteral("5e-4"));
    box.interpretText();
    QCOMPARE(box.value(), 5e-4);
}

QTEST_MAIN(TestWidgetsUnits)
#include "test_widgets_units.moc"
