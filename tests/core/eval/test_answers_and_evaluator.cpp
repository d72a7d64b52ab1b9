// Reading answers files (every bad-input case), aligning them with a test set,
// and the evaluator's outputs, on small files written by the test.
#include "common/error.h"
#include "data/benchmark/entity_catalog.h"
#include "data/benchmark/he_test_set.h"
#include "eval/answer_evaluator.h"
#include "eval/answers_file.h"
#include "eval/evaluation_writer.h"

#include <QtTest>

#include <fstream>

using namespace crsw;

namespace {

void writeText(const QString &path, const std::string &text)
{
    std::ofstream(path.toStdString(), std::ios::binary) << text;
}

HeTestTurn makeTurn(std::vector<std::int64_t> rec, std::vector<std::int64_t> prev, int n)
{
    HeTestTurn t;
    t.context = {"", "Hi, any thriller?"};
    t.resp = "Try something.";
    t.rec = std::move(rec);
    t.prevEntity = std::move(prev);
    t.dialogId = "d" + std::to_string(n);
    t.turnId = "t" + std::to_string(n);
    t.input = "\nUser: Hi, any thriller?\nSystem: ";
    return t;
}

} // namespace

class TestAnswersAndEvaluator : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void badAnswerLines_data();
    void badAnswerLines();
    void chatCompletionAndPlainText();
    void emptyFileDirectoryAndHugeLine();
    void countMismatchIsAnError();
    void partialAndIndexedAnswers();
    void unknownGroundTruthIdNamesTheLine();
    void outputsRoundTripThroughRecordedMatches();

private:
    AnswersFile answersFrom(const std::string &text);

    QTemporaryDir m_dir;
    EntityCatalog m_catalog;
    HeTestSet m_testSet;
};

void TestAnswersAndEvaluator::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_catalog = EntityCatalog::fromPairs({{"<http://dbpedia.org/resource/Heat_(1995_film)>", 0},
                                          {"<http://dbpedia.org/resource/Ronin_(film)>", 1},
                                          {"<http://dbpedia.org/resource/Thief_(film)>", 2},
                                          {"<http://dbpedia.org/resource/Michael_Mann>", 3}});
    const QString testPath = m_dir.filePath(QStringLiteral("test.jsonl"));
    writeHeTestSet(testPath.toStdString(), {makeTurn({0}, {3}, 0), makeTurn({1, 2}, {0, 3}, 1)});
    Progress progress;
    m_testSet = readHeTestSet(testPath.toStdString(), progress);
    QCOMPARE(m_testSet.turns.size(), size_t(2));
}

AnswersFile TestAnswersAndEvaluator::answersFrom(const std::string &text)
{
    const QString path = m_dir.filePath(QStringLiteral("answers.jsonl"));
    writeText(path, text);
    Progress progress;
    return readAnswersFile(path.toStdString(), progress);
}

void TestAnswersAndEvaluator::badAnswerLines_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("expected"); // "field: reason" prefix after "file:line: "
    QTest::newRow("invalid json") << QByteArray("{\"text\": ") << QStringLiteral("invalid JSON");
    QTest::newRow("not an object") << QByteArray("[1, 2]") << QStringLiteral("expected a JSON object, got array");
    QTest::newRow("no answer") << QByteArray("{\"other\": 1}") << QStringLiteral("no answer: expected");
    QTest::newRow("text not string") << QByteArray("{\"text\": 5}") << QStringLiteral("text: expected a string, got number");
    QTest::newRow("resp number") << QByteArray("{\"resp\": 5}")
                                 << QStringLiteral("resp: expected a chat completion object or a string, got number");
    QTest::newRow("no choices") << QByteArray("{\"resp\": {\"id\": \"x\"}}") << QStringLiteral("resp.choices: missing");
    QTest::newRow("empty choices") << QByteArray("{\"resp\": {\"choices\": []}}")
                                   << QStringLiteral("resp.choices: empty: the model returned no answer");
    QTest::newRow("content number") << QByteArray("{\"resp\": {\"choices\": [{\"message\": {\"content\": 3}}]}}")
                                    << QStringLiteral("resp.choices[0].message.content: expected a string, got number");
    QTest::newRow("bad rec_list") << QByteArray("{\"rec_list\": [{\"movie_name\": \"a\", \"min_edit_distance\": \"0\", \"nearest_movie\": \"a\"}]}")
                                  << QStringLiteral("rec_list[0].min_edit_distance: expected an integer");
    QTest::newRow("negative index") << QByteArray("{\"index\": -1, \"text\": \"1. Heat\"}")
                                    << QStringLiteral("index: expected a non-negative integer");
    QTest::newRow("invalid utf8") << QByteArray("{\"text\": \"caf\xe9\"}") << QStringLiteral("invalid UTF-8");
    QTest::newRow("blank line") << QByteArray("") << QStringLiteral("invalid JSON");
}

void TestAnswersAndEvaluator::badAnswerLines()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, expected);
    const AnswersFile file = answersFrom("{\"text\": \"1. Heat\"}\n" + line.toStdString() + "\n{\"text\": \"1. Ronin\"}\n");
    QCOMPARE(file.answers.size(), size_t(2)); // the good lines survive
    QCOMPARE(file.problems.count(), size_t(1));
    const InputProblem &problem = file.problems.problems()[0];
    QCOMPARE(problem.line, std::int64_t(2));
    const QString text = QString::fromStdString(problem.toString());
    QVERIFY2(text.contains(QStringLiteral("answers.jsonl:2: ") + expected), qPrintable(text));
    // The evaluator refuses a file with problems and says which line.
    Progress progress;
    try {
        evaluateAnswers(m_testSet, m_catalog, file, {}, progress);
        QFAIL("must refuse");
    } catch (const Error &e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("answers.jsonl:2")), e.what());
    }
}

void TestAnswersAndEvaluator::chatCompletionAndPlainText()
{
    const AnswersFile file = answersFrom(
        "{\"resp\": {\"choices\": [{\"message\": {\"role\": \"assistant\", \"content\": \"1. Heat\\n2. Ronin\"}}]}}\n"
        "{\"resp\": {\"choices\": [{\"text\": \"Thief, Heat\"}]}}\n");
    QVERIFY(file.problems.empty());
    QCOMPARE(file.answers[0].text, std::string("1. Heat\n2. Ronin"));
    QCOMPARE(file.answers[1].text, std::string("Thief, Heat"));
    Progress progress;
    const EvaluationResult result = evaluateAnswers(m_testSet, m_catalog, file, {}, progress);
    QCOMPARE(result.turns[1].recList.size(), size_t(2));
    QCOMPARE(result.turns[1].recList[0].nearestMovie, std::string("Thief"));
    // Turn 0: Heat at rank 1. Turn 1: Ronin absent, Thief at rank 1 -> 2 of 3 samples hit at 1.
    const ConditionSummary &all = result.settings[0].summary[2];
    QCOMPARE(all.samples, size_t(3));
    QCOMPARE(all.stats[0].mean, 2.0 / 3.0);
}

void TestAnswersAndEvaluator::emptyFileDirectoryAndHugeLine()
{
    QVERIFY(answersFrom("").answers.empty());
    Progress progress;
    QVERIFY_THROWS_EXCEPTION(Error, readAnswersFile(m_dir.path().toStdString(), progress));
    QVERIFY_THROWS_EXCEPTION(Error, readAnswersFile(m_dir.filePath(QStringLiteral("missing.jsonl")).toStdString(), progress));
    const std::string huge = "{\"text\": \"1. " + std::string(10 << 20, 'x') + "\"}\n";
    const AnswersFile file = answersFrom(huge);
    QCOMPARE(file.answers.size(), size_t(1));
    QCOMPARE(file.answers[0].text.size(), size_t((10 << 20) + 3));
}

void TestAnswersAndEvaluator::countMismatchIsAnError()
{
    Progress progress;
    const AnswersFile one = answersFrom("{\"text\": \"1. Heat\"}\n");
    try {
        evaluateAnswers(m_testSet, m_catalog, one, {}, progress);
        QFAIL("must refuse");
    } catch (const Error &e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("has 1 answers for the 2 turns")), e.what());
    }
    const AnswersFile three = answersFrom("{\"text\": \"a\"}\n{\"text\": \"b\"}\n{\"text\": \"c\"}\n");
    QVERIFY_THROWS_EXCEPTION(Error, evaluateAnswers(m_testSet, m_catalog, three, {}, progress));
}

void TestAnswersAndEvaluator::partialAndIndexedAnswers()
{
    Progress progress;
    EvaluationOptions partial;
    partial.allowPartial = true;
    const EvaluationResult first = evaluateAnswers(m_testSet, m_catalog, answersFrom("{\"text\": \"1. Heat\"}\n"), partial, progress);
    QCOMPARE(first.turns.size(), size_t(1));
    // Lines out of order but indexed: aligned by index.
    const EvaluationResult indexed = evaluateAnswers(
        m_testSet, m_catalog, answersFrom("{\"index\": 1, \"text\": \"1. Ronin\"}\n{\"index\": 0, \"text\": \"1. Heat\"}\n"),
        {}, progress);
    QCOMPARE(indexed.turns[0].recList[0].nearestMovie, std::string("Heat"));
    QCOMPARE(indexed.turns[1].recList[0].nearestMovie, std::string("Ronin"));
    try {
        evaluateAnswers(m_testSet, m_catalog,
                        answersFrom("{\"index\": 0, \"text\": \"a\"}\n{\"index\": 0, \"text\": \"b\"}\n"), {}, progress);
        QFAIL("must refuse a repeated index");
    } catch (const Error &e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral(":2: index: 0 repeats line 1")), e.what());
    }
}

void TestAnswersAndEvaluator::unknownGroundTruthIdNamesTheLine()
{
    HeTestSet broken = m_testSet;
    broken.turns[1].rec = {42};
    Progress progress;
    try {
        evaluateAnswers(broken, m_catalog, answersFrom("{\"text\": \"a\"}\n{\"text\": \"b\"}\n"), {}, progress);
        QFAIL("must refuse");
    } catch (const Error &e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("test.jsonl:2: rec: entity id 42 is not in the entity catalog")), e.what());
    }
}

void TestAnswersAndEvaluator::outputsRoundTripThroughRecordedMatches()
{
    Progress progress;
    const AnswersFile answers = answersFrom("{\"text\": \"1. Heet\\n2. Michael Man\"}\n{\"text\": \"Thief, Ronin (1998), Heat\"}\n");
    EvaluationOptions options;
    const EvaluationResult result = evaluateAnswers(m_testSet, m_catalog, answers, options, progress);
    const QString out = m_dir.filePath(QStringLiteral("out"));
    const auto written = writeEvaluationOutputs(out.toStdString(), result, options);
    QCOMPARE(written.size(), size_t(10));
    for (const char *name : {"summary_filtered_False_exclude_seen_False.csv", "summary_filtered_True_exclude_seen_True.csv",
                             "samples_filtered_True_exclude_seen_False.csv", "matches.jsonl", "evaluation.json"})
        QVERIFY2(QFileInfo::exists(out + QLatin1Char('/') + QLatin1String(name)), name);
    // matches.jsonl has He et al.'s shape: scoring it as recorded matches gives identical summaries.
    const AnswersFile recorded = [&] {
        Progress p;
        return readAnswersFile((out + QStringLiteral("/matches.jsonl")).toStdString(), p);
    }();
    QVERIFY(recorded.problems.empty());
    QCOMPARE(recorded.answers[0].recorded[0].nearestMovie, std::string("Heat"));
    QCOMPARE(recorded.answers[0].recorded[0].minEditDistance, 1);
    EvaluationOptions useRecorded;
    useRecorded.useRecordedMatches = true;
    const EvaluationResult again = evaluateAnswers(m_testSet, m_catalog, recorded, useRecorded, progress);
    for (std::size_t s = 0; s < 4; ++s)
        QCOMPARE(summaryCsv(again.settings[s], again.metricNames), summaryCsv(result.settings[s], result.metricNames));
}

QTEST_APPLESS_MAIN(TestAnswersAndEvaluator)
#include "test_answers_and_evaluator.moc"
