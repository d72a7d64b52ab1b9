// The workspace folder: creation, validation with located errors, round trips,
// and the demo workspace with its pipeline run.
#include "common/atomic_file.h"
#include "common/error.h"
#include "eval/answers_file.h"
#include "pipeline/demo_workspace.h"
#include "pipeline/embed_stage.h"
#include "pipeline/select_stage.h"
#include "pipeline/workspace.h"

#include "synth/synth_record_file.h"

#include "error_text.h"

#include <QtTest>

#include <fstream>

using namespace crsw;

namespace {

void writeText(const QString &path, const std::string &text)
{
    std::ofstream(path.toStdString()) << text;
}

using crsw::test::errorOf;

} // namespace

class TestWorkspace : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { QVERIFY(m_dir.isValid()); }
    void createMakesTheLayout();
    void openValidatesWithLocatedErrors_data();
    void openValidatesWithLocatedErrors();
    void unknownKeysSurviveASave();
    void createRefusesExistingWorkspaceAndFiles();
    void demoWorkspaceIsCreatedOnceAndRepaired();
    void demoRefusesAForeignFolder();
    void pipelineRunWritesItsOutputs();

private:
    QTemporaryDir m_dir;
};

void TestWorkspace::createMakesTheLayout()
{
    const std::string root = m_dir.filePath(QStringLiteral("ws")).toStdString();
    Workspace workspace = Workspace::create(root, "My study");
    for (const char *folder : {"data", "benchmarks", "embeddings", "selections", "synthetic", "cache", "runs", "reports"})
        QVERIFY2(QFileInfo(QString::fromStdString(root + "/" + folder)).isDir(), folder);
    QVERIFY(Workspace::exists(root));
    workspace.setSeedCorpus({"data/r.jsonl.gz", "/abs/meta.jsonl"});
    workspace.setBenchmark({"redial", "b/test.jsonl", "b/e.json", ""});
    workspace.setBenchmark({"redial", "b2/test.jsonl", "b2/e.json", "b2/i.json"}); // replaces by name
    workspace.save();
    const Workspace again = Workspace::open(root);
    QCOMPARE(again.name(), std::string("My study"));
    QCOMPARE(again.benchmarks().size(), size_t(1));
    QCOMPARE(again.benchmarks()[0].testSet, std::string("b2/test.jsonl"));
    QCOMPARE(again.resolve(again.seedCorpus().reviews), again.root() + "/data/r.jsonl.gz");
    QCOMPARE(again.resolve(again.seedCorpus().metadata), std::string("/abs/meta.jsonl"));
}

void TestWorkspace::openValidatesWithLocatedErrors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");
    QTest::newRow("not json") << QByteArray("{\"version\": 1,") << QStringLiteral("workspace.json: invalid JSON");
    QTest::newRow("not an object") << QByteArray("[]") << QStringLiteral("workspace.json: expected a JSON object");
    QTest::newRow("no version") << QByteArray("{}") << QStringLiteral("workspace.json: version: missing or not an integer");
    QTest::newRow("newer") << QByteArray("{\"version\": 99}") << QStringLiteral("version: workspace format 99 is newer");
    QTest::newRow("name type") << QByteArray("{\"version\": 1, \"name\": 3}") << QStringLiteral("name: expected a string, got number");
    QTest::newRow("benchmark entry") << QByteArray("{\"version\": 1, \"benchmarks\": [{\"name\": \"x\", \"test\": 1}]}")
                                     << QStringLiteral("benchmarks[0].test: missing or not a string");
}

void TestWorkspace::openValidatesWithLocatedErrors()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    const QString root = m_dir.filePath(QStringLiteral("bad"));
    QDir().mkpath(root);
    writeText(root + QStringLiteral("/workspace.json"), json.toStdString());
    const QString message = errorOf([&] { Workspace::open(root.toStdString()); });
    QVERIFY2(message.contains(expected), qPrintable(message));
    QVERIFY(errorOf([&] { Workspace::open(m_dir.filePath(QStringLiteral("none")).toStdString()); })
                .contains(QStringLiteral("no such workspace folder")));
}

void TestWorkspace::unknownKeysSurviveASave()
{
    const std::string root = m_dir.filePath(QStringLiteral("future")).toStdString();
    Workspace::create(root, "x");
    auto settings = nlohmann::json::parse(readWholeFile(root + "/workspace.json"));
    settings["selection"] = {{"strategy", "JS"}, {"budget", 2000}};
    writeFileAtomically(root + "/workspace.json", settings.dump());
    Workspace workspace = Workspace::open(root);
    workspace.setDescription("edited");
    workspace.save();
    const auto saved = nlohmann::json::parse(readWholeFile(root + "/workspace.json"));
    QCOMPARE(saved["selection"]["budget"].get<int>(), 2000);
    QCOMPARE(saved["description"].get<std::string>(), std::string("edited"));
}

void TestWorkspace::createRefusesExistingWorkspaceAndFiles()
{
    const std::string root = m_dir.filePath(QStringLiteral("twice")).toStdString();
    Workspace::create(root, "x");
    QVERIFY(errorOf([&] { Workspace::create(root, "y"); }).contains(QStringLiteral("already holds a workspace")));
    const QString file = m_dir.filePath(QStringLiteral("plain.txt"));
    writeText(file, "x");
    QVERIFY(errorOf([&] { Workspace::create(file.toStdString(), "y"); }).contains(QStringLiteral("is a file")));
}

void TestWorkspace::demoWorkspaceIsCreatedOnceAndRepaired()
{
    const std::string root = m_dir.filePath(QStringLiteral("demo")).toStdString();
    Progress progress;
    const Workspace demo = createOrOpenDemoWorkspace(root, progress);
    QVERIFY(demo.isDemo());
    QCOMPARE(demo.benchmarks().size(), size_t(1));
    const std::string reviews = demo.resolve(demo.seedCorpus().reviews);
    const std::string original = readWholeFile(reviews);
    QVERIFY(original.size() > 100000);
    const QDateTime written = QFileInfo(QString::fromStdString(reviews)).lastModified();
    QTest::qWait(20);
    createOrOpenDemoWorkspace(root, progress); // opens; does not generate again
    QCOMPARE(QFileInfo(QString::fromStdString(reviews)).lastModified(), written);
    QFile::remove(QString::fromStdString(reviews));
    createOrOpenDemoWorkspace(root, progress); // a deleted file comes back, byte for byte
    QCOMPARE(readWholeFile(reviews), original);
}

void TestWorkspace::demoRefusesAForeignFolder()
{
    const QString root = m_dir.filePath(QStringLiteral("foreign"));
    QDir().mkpath(root);
    writeText(root + QStringLiteral("/thesis.tex"), "x");
    Progress progress;
    QVERIFY(errorOf([&] { createOrOpenDemoWorkspace(root.toStdString(), progress); })
                .contains(QStringLiteral("not an empty folder")));
    const std::string other = m_dir.filePath(QStringLiteral("other")).toStdString();
    Workspace::create(other, "not a demo");
    QVERIFY(errorOf([&] { createOrOpenDemoWorkspace(other, progress); }).contains(QStringLiteral("not the demo")));
}

void TestWorkspace::pipelineRunWritesItsOutputs()
{
    const std::string root = m_dir.filePath(QStringLiteral("run")).toStdString();
    Progress progress;
    const Workspace demo = createOrOpenDemoWorkspace(root, progress);
    const PipelineRunReport report = runPipeline(demo, progress);
    QVERIFY(report.outputs.size() >= 4);
    for (const auto &[label, path] : report.outputs)
        QVERIFY2(QFileInfo::exists(QString::fromStdString(path)), path.c_str());
    QVERIFY2(report.summary.find("no malformed lines") != std::string::npos, report.summary.c_str());
    const AnswersFile answers = readAnswersFile(root + "/runs/popularity-demo/answers.jsonl", progress);
    QVERIFY(answers.answers.size() >= 200);
    QVERIFY(answers.answers[0].text.rfind("1. ", 0) == 0);
    QVERIFY(QFileInfo::exists(QString::fromStdString(root + "/runs/popularity-demo/summary_filtered_True_exclude_seen_True.csv")));
    // The embed and select stages: 1% of the 20,000 demo reviews per strategy.
    QCOMPARE(workspaceEmbeddingsStatus(demo).state, EmbeddingsStatus::State::Ready);
    const std::vector<std::string> selections = listWorkspaceSelections(demo);
    QCOMPARE(selections.size(), std::size_t(3));
    for (const std::string &path : selections) {
        const SelectionRecord record = SelectionRecord::read(path);
        QCOMPARE(record.result.picks.size(), std::size_t(200));
        QCOMPARE(record.result.scores.size(), std::size_t(200));
    }
    // The synth stage: 5 offline queries per FISHER pick, each with 20 titles, and their chat JSONL.
    const std::string synthetic = root + "/synthetic/FISHER_B200_seed0.offline.jsonl";
    const SynthRecordFile records = readSynthRecords(synthetic);
    QCOMPARE(records.records.size(), std::size_t(1000));
    QCOMPARE(records.records.front().groundTruth.size(), std::size_t(20));
    QCOMPARE(records.records.front().synthesizer, std::string(SynthRecord::kOfflineSynthesizer));
    QVERIFY(QFileInfo::exists(QString::fromStdString(root + "/synthetic/FISHER_B200_seed0.offline.chat.jsonl")));
    QVERIFY2(report.summary.find("Synthetic dialogues (template-based, no LLM): 1000 queries") != std::string::npos,
             report.summary.c_str());
    // A second run keeps the current embeddings instead of recomputing them,
    // and resumes the synthetic dialogues instead of repeating them.
    const PipelineRunReport again = runPipeline(demo, progress);
    QVERIFY2(again.summary.find("Embeddings: current, kept") != std::string::npos, again.summary.c_str());
    QCOMPARE(readSynthRecords(synthetic).records.size(), std::size_t(1000));
    Progress cancelled;
    cancelled.cancel();
    QVERIFY_THROWS_EXCEPTION(Cancelled, runPipeline(demo, cancelled));
}

QTEST_GUILESS_MAIN(TestWorkspace)
#include "test_workspace.moc"
