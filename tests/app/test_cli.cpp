// The crsw executable as a user meets it: exit codes, messages that name the
// file and line, the files each command writes, and the He et al.
// reproduction end to end.
#include "common/csv.h"

#include "cli_run.h"
#include "test_paths.h"

#include <QtTest>

using namespace crsw;

namespace {

using Run = crsw::test::CliRun;
using crsw::test::runCrsw;

QString mini(const char *file)
{
    return test::fixture(QStringLiteral("eval/mini/") + QLatin1String(file));
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { QVERIFY(m_dir.isValid()); }
    void usageErrorsExitTwo_data();
    void usageErrorsExitTwo();
    void evalWritesHeFiles();
    void evalRefusesBadAnswersNamingTheLine();
    void evalReproducesPublishedSummaries();
    void demoRunsThePipeline();
    void dataReportsMalformedLines();
    void baselineWritesOneAnswerPerTurn();
    void infoPrintsTheBuild();

private:
    QTemporaryDir m_dir;
};

void TestCli::usageErrorsExitTwo_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("no command") << QStringList() << QStringLiteral("usage: crsw <command>");
    QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate")} << QStringLiteral("unknown command 'frobnicate'");
    QTest::newRow("missing option") << QStringList{QStringLiteral("eval"), QStringLiteral("--test"), QStringLiteral("x")}
                                    << QStringLiteral("missing --entities");
    QTest::newRow("unknown option") << QStringList{QStringLiteral("demo"), QStringLiteral("--colour")}
                                    << QStringLiteral("unknown option --colour");
    QTest::newRow("bad integer") << QStringList{QStringLiteral("eval"), QStringLiteral("--test=a"), QStringLiteral("--entities=b"),
                                                QStringLiteral("--responses=c"), QStringLiteral("--out=d"), QStringLiteral("--threshold=two")}
                                 << QStringLiteral("--threshold expects an integer, got 'two'");
    QTest::newRow("no value") << QStringList{QStringLiteral("data"), QStringLiteral("--reviews")}
                              << QStringLiteral("--reviews needs a value");
}

void TestCli::usageErrorsExitTwo()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const Run run = runCrsw(args);
    QCOMPARE(run.code, 2);
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
}

void TestCli::evalWritesHeFiles()
{
    const QString out = m_dir.filePath(QStringLiteral("eval"));
    const Run run = runCrsw({QStringLiteral("eval"), QStringLiteral("--test"), mini("test.jsonl"), QStringLiteral("--entities"),
                          mini("entity2id.json"), QStringLiteral("--responses"), mini("answers.jsonl"), QStringLiteral("--out"), out});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QVERIFY2(run.out.contains(QStringLiteral("Evaluated 3 turns (4 samples)")), qPrintable(run.out));
    QFile summary(out + QStringLiteral("/summary_filtered_False_exclude_seen_False.csv"));
    QVERIFY(summary.open(QIODevice::ReadOnly));
    const auto rows = parseCsv(summary.readAll().toStdString());
    QCOMPARE(rows.size(), size_t(4));
    QCOMPARE(rows[0][1], std::string("recall@1_mean"));
    QCOMPARE(rows[3][0], std::string("all"));
    QCOMPARE(rows[3][1], std::string("0.25"));   // Heat at rank 1; Ronin, The Insider and Thief lower
    QCOMPARE(rows[3][10], std::string("1.0"));   // recall@5: all four within the first five
    QCOMPARE(rows[2][1], std::string());         // no discussion samples: NaN, written empty as pandas does
    for (const char *name : {"matches.jsonl", "evaluation.json", "samples_filtered_True_exclude_seen_True.csv"})
        QVERIFY2(QFileInfo::exists(out + QLatin1Char('/') + QLatin1String(name)), name);
}

void TestCli::evalRefusesBadAnswersNamingTheLine()
{
    const Run run = runCrsw({QStringLiteral("eval"), QStringLiteral("--test"), mini("test.jsonl"), QStringLiteral("--entities"),
                          mini("entity2id.json"), QStringLiteral("--responses"), mini("answers_bad.jsonl"), QStringLiteral("--out"),
                          m_dir.filePath(QStringLiteral("bad"))});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(QStringLiteral("answers_bad.jsonl:2: resp.choices: empty")), qPrintable(run.err));
    QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("bad/matches.jsonl"))));
}

void TestCli::evalReproducesPublishedSummaries()
{
    CRSW_REQUIRE_BENCH_DATA(data);
    const QString published = data + QStringLiteral("/he2023-outputs/inspired-vicuna-general");
    const QString out = m_dir.filePath(QStringLiteral("recorded"));
    const Run run = runCrsw({QStringLiteral("eval"), QStringLiteral("--test"), data + QStringLiteral("/inspired/test.jsonl"),
                          QStringLiteral("--entities"), data + QStringLiteral("/inspired/entity2id.json"), QStringLiteral("--responses"),
                          published + QStringLiteral("/extracted.jsonl"), QStringLiteral("--out"), out,
                          QStringLiteral("--use-recorded-matches")});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    for (const QString &name : QDir(published).entryList({QStringLiteral("summary_*.csv")})) {
        QFile theirsFile(published + QLatin1Char('/') + name);
        QFile oursFile(out + QLatin1Char('/') + name);
        QVERIFY(theirsFile.open(QIODevice::ReadOnly) && oursFile.open(QIODevice::ReadOnly));
        const auto theirs = parseCsv(theirsFile.readAll().toStdString());
        const auto ours = parseCsv(oursFile.readAll().toStdString());
        QCOMPARE(ours.size(), theirs.size());
        QCOMPARE(ours[0], theirs[0]);
        for (std::size_t r = 1; r < ours.size(); ++r) {
            QCOMPARE(ours[r][0], theirs[r][0]);
            for (std::size_t c = 1; c < ours[r].size(); ++c)
                QVERIFY2(std::abs(std::stod(ours[r][c]) - std::stod(theirs[r][c])) <= 1e-9, qPrintable(name));
        }
    }
}

void TestCli::demoRunsThePipeline()
{
    const QString root = m_dir.filePath(QStringLiteral("demo"));
    const Run run = runCrsw({QStringLiteral("demo"), QStringLiteral("--workspace"), root, QStringLiteral("--run")});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QVERIFY2(run.out.contains(QStringLiteral("Results:")), qPrintable(run.out));
    QVERIFY2(run.out.contains(QStringLiteral("Popularity on demo: recall@1")), qPrintable(run.out));
    QVERIFY(QFileInfo::exists(root + QStringLiteral("/workspace.json")));
    QVERIFY(QFileInfo::exists(root + QStringLiteral("/runs/popularity-demo/summary_filtered_False_exclude_seen_False.csv")));
    QVERIFY(QFileInfo::exists(root + QStringLiteral("/data/DEMO.md")));
}

void TestCli::dataReportsMalformedLines()
{
    const QString report = m_dir.filePath(QStringLiteral("malformed.txt"));
    const Run run = runCrsw({QStringLiteral("data"), QStringLiteral("--reviews"), test::fixture(QStringLiteral("amazon/reviews_bad.jsonl")),
                          QStringLiteral("--metadata"), test::fixture(QStringLiteral("amazon/meta_small.jsonl")),
                          QStringLiteral("--report"), report});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QVERIFY2(run.out.contains(QStringLiteral("malformed line")), qPrintable(run.out));
    QFile file(report);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY(!lines.isEmpty());
    for (const QString &line : lines)
        QVERIFY2(line.contains(QStringLiteral("reviews_bad.jsonl:")), qPrintable(line));
    const Run missing = runCrsw({QStringLiteral("data"), QStringLiteral("--reviews"), m_dir.filePath(QStringLiteral("nope.jsonl"))});
    QCOMPARE(missing.code, 1);
    QVERIFY2(missing.err.contains(QStringLiteral("nope.jsonl: cannot open")), qPrintable(missing.err));
}

void TestCli::baselineWritesOneAnswerPerTurn()
{
    const QString root = m_dir.filePath(QStringLiteral("ws"));
    QCOMPARE(runCrsw({QStringLiteral("demo"), QStringLiteral("--workspace"), root}).code, 0);
    const QString answers = m_dir.filePath(QStringLiteral("popularity.jsonl"));
    const Run run = runCrsw({QStringLiteral("baseline"), QStringLiteral("popularity"), QStringLiteral("--workspace"), root,
                          QStringLiteral("--test"), root + QStringLiteral("/benchmarks/demo/test.jsonl"), QStringLiteral("--out"), answers});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QFile file(answers);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QFile test(root + QStringLiteral("/benchmarks/demo/test.jsonl"));
    QVERIFY(test.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll().count('\n'), test.readAll().count('\n'));
}

void TestCli::infoPrintsTheBuild()
{
    const Run run = runCrsw({QStringLiteral("info")});
    QCOMPARE(run.code, 0);
    QVERIFY(run.out.contains(QStringLiteral("libtorch")));
    QVERIFY(run.out.contains(QStringLiteral("compute device")));
    QVERIFY(run.out.contains(QStringLiteral("BLAS kernels")));
}

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
