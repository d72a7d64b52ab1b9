// He et al. test.jsonl: reading, Python-exact writing, and every kind of damaged line.
#include "common/atomic_file.h"
#include "common/error.h"
#include "data/benchmark/entity_catalog.h"
#include "data/benchmark/he_test_set.h"
#include "reader_test_util.h"
#include "test_paths.h"

#include <QtTest>

using namespace crsw;
using crsw::test::located;
using crsw::test::problemTexts;
using crsw::test::writeBytes;

namespace {

const std::string kGood =
    R"({"context": ["", "hi"], "resp": "x", "rec": [1], "entity": [1], "prev_entity": [], "dialog_id": "d", "turn_id": 3, "is_user": 0, "entity_name": ["X"], "input": "\nUser: hi\nSystem: "})";

HeTestSet readFile(const QString &path)
{
    Progress progress;
    return readHeTestSet(path.toStdString(), progress);
}

} // namespace

class TestHeTestSet : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void readsFixture();
    void rewriteIsByteIdentical();
    void writesPythonBytes();
    void roundTripOfUnusualTurns();
    void writeRefusesBadTurns();
    void badLine_data();
    void badLine();
    void truncatedLastLine();
    void emptyFile();
    void tenMegabyteLines();
    void directoryAndMissingFile();
    void progressAndCancel();
    void realTestSets_data();
    void realTestSets();

private:
    QTemporaryDir m_dir;
};

void TestHeTestSet::readsFixture()
{
    const HeTestSet set = readFile(crsw::test::fixture(QStringLiteral("benchmark/he_test_small.jsonl")));
    QVERIFY2(set.problems.empty(), set.problems.summary().c_str());
    QCOMPARE(set.turns.size(), size_t(3));
    const HeTestTurn &first = set.turns[0];
    QCOMPARE(first.context, (std::vector<std::string>{"", "Hi, any movie like Alien (1979)?"}));
    QCOMPARE(first.rec, (std::vector<std::int64_t>{3, 7}));
    QCOMPARE(first.prevEntity, (std::vector<std::int64_t>{1}));
    QCOMPARE(first.turnId, std::string("1001"));
    QVERIFY(first.turnIdIsNumber);
    QCOMPARE(first.dialogId, std::string("test_1"));
    QCOMPARE(first.line, 1);
    const HeTestTurn &second = set.turns[1];
    QCOMPARE(second.resp, std::string("Am\u00e9lie fans love Delicatessen (1991) \U0001F37F"));
    QCOMPARE(second.context[3], std::string("Seen both. Something French? Am\u00e9lie \u2014 \"quirky\"\tplease"));
    QVERIFY(second.entityName.empty());
    const HeTestTurn &third = set.turns[2];
    QCOMPARE(third.turnId, std::string("test_2_3"));
    QVERIFY(!third.turnIdIsNumber);
    QVERIFY(third.prevEntity.empty());
    QCOMPARE(third.input, std::string("\nSystem: Hello! What do you feel like watching?\nUser: a comedy\nSystem: "));
    QCOMPARE(third.line, 3);
}

void TestHeTestSet::rewriteIsByteIdentical()
{
    const QString source = crsw::test::fixture(QStringLiteral("benchmark/he_test_small.jsonl"));
    const HeTestSet set = readFile(source);
    const QString copy = m_dir.filePath(QStringLiteral("copy.jsonl"));
    writeHeTestSet(copy.toStdString(), set.turns);
    QCOMPARE(readWholeFile(copy.toStdString()), readWholeFile(source.toStdString()));
    const HeTestSet again = readFile(copy);
    QVERIFY(again.turns == set.turns);
}

void TestHeTestSet::writesPythonBytes()
{
    HeTestTurn turn;
    turn.context = {"", "ctl\x01\x1f del\x7f tab\t nl\n cr\r bs\\ q\""};
    turn.resp = "caf\u00e9 \u2014 \U0001F600";
    turn.rec = {-1, 9223372036854775807LL};
    turn.isUser = 1;
    turn.entityName = {"\u00e9"};
    turn.input = "\b\f";
    // json.dumps of the same record in python3.
    const std::string expected =
        R"({"context": ["", "ctl\u0001\u001f del\u007f tab\t nl\n cr\r bs\\ q\""], "resp": "caf\u00e9 \u2014 \ud83d\ude00", )"
        R"("rec": [-1, 9223372036854775807], "entity": [], "prev_entity": [], "dialog_id": "", "turn_id": "", "is_user": 1, )"
        R"("entity_name": ["\u00e9"], "input": "\b\f"})";
    QCOMPARE(heTestTurnToJson(turn), expected);
}

void TestHeTestSet::roundTripOfUnusualTurns()
{
    std::vector<HeTestTurn> turns(3);
    turns[0].context = {"a\u0000b", "\U0010FFFF"};
    turns[0].context[0] = std::string("a\0b", 3);
    turns[0].rec = {0};
    turns[0].input = "\nSystem: ";
    turns[1].turnId = "-42";
    turns[1].turnIdIsNumber = true;
    turns[1].prevEntity = {5, 5, 5};
    turns[2].turnId = "0042"; // a string id that only looks numeric stays a string
    turns[2].entityName = {"", " "};
    const QString path = m_dir.filePath(QStringLiteral("unusual.jsonl"));
    writeHeTestSet(path.toStdString(), turns);
    const HeTestSet set = readFile(path);
    QVERIFY2(set.problems.empty(), set.problems.summary().c_str());
    QCOMPARE(set.turns.size(), turns.size());
    for (std::size_t i = 0; i < turns.size(); ++i)
        QVERIFY2(set.turns[i] == turns[i], heTestTurnToJson(set.turns[i]).c_str());
    QVERIFY(set.turns[1].turnIdIsNumber && !set.turns[2].turnIdIsNumber);
    HeTestTurn changed = turns[2];
    changed.turnIdIsNumber = true;
    changed.turnId = "42";
    QVERIFY(changed != turns[2]);
}

void TestHeTestSet::writeRefusesBadTurns()
{
    const QString path = m_dir.filePath(QStringLiteral("bad_write.jsonl"));
    std::vector<HeTestTurn> turns(2);
    turns[1].resp = "bad \xff byte";
    try {
        writeHeTestSet(path.toStdString(), turns);
        QFAIL("invalid UTF-8 must not be written");
    } catch (const Error &e) {
        QCOMPARE(QString::fromStdString(e.what()), located(path, "2: resp: invalid UTF-8, cannot write"));
    }
    turns[1].resp.clear();
    turns[0].turnId = "12a";
    turns[0].turnIdIsNumber = true;
    try {
        writeHeTestSet(path.toStdString(), turns);
        QFAIL("a non-integer numeric turn id must not be written");
    } catch (const Error &e) {
        QCOMPARE(QString::fromStdString(e.what()), located(path, "1: turn_id: numeric turn id \"12a\" is not an integer"));
    }
    QVERIFY(!QFile::exists(path)); // nothing half-written
}

void TestHeTestSet::badLine_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("expected"); // after "<path>:2: "
    const auto row = [](const char *tag, const std::string &line, const char *expected) {
        QTest::newRow(tag) << QByteArray::fromStdString(line) << QString::fromUtf8(expected);
    };
    row("missing rec", R"({"context": [], "prev_entity": [], "input": ""})", "rec: missing required field");
    row("missing input", R"({"context": [], "rec": [], "prev_entity": []})", "input: missing required field");
    row("missing context", R"({"rec": [], "prev_entity": [], "input": ""})", "context: missing required field");
    row("rec element string", R"({"context": [], "rec": [1, "2"], "prev_entity": [], "input": ""})", "rec[1]: expected an integer, got a string");
    row("rec element float", R"({"context": [], "rec": [1.5], "prev_entity": [], "input": ""})", "rec[0]: expected an integer, got a float");
    row("rec too big", R"({"context": [], "rec": [18446744073709551615], "prev_entity": [], "input": ""})", "rec[0]: integer out of range");
    row("context not array", R"({"context": "hi", "rec": [], "prev_entity": [], "input": ""})", "context: expected an array, got a string");
    row("context element null", R"({"context": ["a", null], "rec": [], "prev_entity": [], "input": ""})", "context[1]: expected a string, got null");
    row("prev_entity object", R"({"context": [], "rec": [], "prev_entity": {}, "input": ""})", "prev_entity: expected an array, got an object");
    row("resp null", R"({"context": [], "rec": [], "prev_entity": [], "input": "", "resp": null})", "resp: expected a string, got null");
    row("turn_id float", R"({"context": [], "rec": [], "prev_entity": [], "input": "", "turn_id": 1.0})", "turn_id: expected a string or an integer, got a float");
    row("is_user bool", R"({"context": [], "rec": [], "prev_entity": [], "input": "", "is_user": true})", "is_user: expected an integer, got a boolean");
    row("is_user 2", R"({"context": [], "rec": [], "prev_entity": [], "input": "", "is_user": 2})", "is_user: expected 0 or 1, got 2");
    row("entity_name ints", R"({"context": [], "rec": [], "prev_entity": [], "input": "", "entity_name": [1]})", "entity_name[0]: expected a string, got an integer");
    row("array line", "[1, 2]", "expected a JSON object, got an array");
    row("empty line", "", "empty line");
    row("blank line", "  \t ", "empty line");
    row("invalid UTF-8", "{\"context\": [\"caf\xc3\"], \"rec\": [], \"prev_entity\": [], \"input\": \"\"}", "invalid UTF-8: byte 0xc3 at offset 17");
    row("surrogate in UTF-8", "{\"context\": [\"\xed\xa0\x80\"]}", "invalid UTF-8: byte 0xed at offset 14");
    row("bad literal", R"({"context": tru})", "invalid JSON: syntax error while parsing value - invalid literal; last read: '\"context\": tru}' (offset 15)");
}

void TestHeTestSet::badLine()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, expected);
    const QString path = m_dir.filePath(QStringLiteral("bad.jsonl"));
    writeBytes(path, kGood + "\n" + line.toStdString() + "\n" + kGood + "\n");
    const HeTestSet set = readFile(path);
    QCOMPARE(set.turns.size(), size_t(2)); // the good lines around it stay
    QCOMPARE(set.turns[1].line, 3);
    QCOMPARE(problemTexts(set.problems), QStringList{located(path, "2: " + expected.toStdString())});
}

void TestHeTestSet::truncatedLastLine()
{
    const QString path = m_dir.filePath(QStringLiteral("truncated.jsonl"));
    // Cut right after `"rec": [1`, as a copy interrupted mid-write leaves it.
    const std::size_t cut = kGood.find("\"rec\": [1") + 9;
    writeBytes(path, kGood + "\n" + kGood + "\n" + kGood.substr(0, cut));
    const HeTestSet set = readFile(path);
    QCOMPARE(set.turns.size(), size_t(2));
    QCOMPARE(set.problems.count(), size_t(1));
    const InputProblem &p = set.problems.problems()[0];
    QCOMPARE(p.line, 3);
    QCOMPARE(QString::fromStdString(p.toString()),
             located(path, "3: invalid JSON: syntax error while parsing array - unexpected end of input; expected ']' (offset "
                               + std::to_string(cut) + ")"));
}

void TestHeTestSet::emptyFile()
{
    const QString path = m_dir.filePath(QStringLiteral("empty.jsonl"));
    writeBytes(path, "");
    const HeTestSet set = readFile(path);
    QVERIFY(set.turns.empty());
    QVERIFY(set.problems.empty());
    QCOMPARE(set.path, path.toStdString());
}

void TestHeTestSet::tenMegabyteLines()
{
    const std::string big(10 << 20, 'w');
    const QString path = m_dir.filePath(QStringLiteral("big.jsonl"));
    // A well-formed 10 MB record, then a 10 MB unterminated string, then a normal line.
    writeBytes(path, R"({"context": [], "rec": [2], "prev_entity": [], "input": ")" + big + "\"}\n"
                         + "{\"context\": [\"" + big + "\n" + kGood + "\n");
    const HeTestSet set = readFile(path);
    QCOMPARE(set.turns.size(), size_t(2));
    QCOMPARE(set.turns[0].input.size(), big.size());
    QCOMPARE(set.turns[1].line, 3);
    QCOMPARE(set.problems.count(), size_t(1));
    const InputProblem &p = set.problems.problems()[0];
    QCOMPARE(p.line, 2);
    QVERIFY2(p.reason.rfind("invalid JSON: ", 0) == 0, p.reason.c_str());
    QVERIFY2(p.reason.size() < 300, "the message quotes the whole 10 MB token");
}

void TestHeTestSet::directoryAndMissingFile()
{
    try {
        readFile(m_dir.path());
        QFAIL("a directory must be refused");
    } catch (const Error &e) {
        QVERIFY2(std::string(e.what()).find("is a directory") != std::string::npos, e.what());
    }
    try {
        readFile(m_dir.filePath(QStringLiteral("absent.jsonl")));
        QFAIL("a missing file must be refused");
    } catch (const Error &e) {
        QVERIFY2(std::string(e.what()).find("absent.jsonl: cannot open") != std::string::npos, e.what());
    }
}

void TestHeTestSet::progressAndCancel()
{
    double last = -1.0;
    Progress reporting([&](double fraction, const std::string &) { last = fraction; });
    readHeTestSet(crsw::test::fixture(QStringLiteral("benchmark/he_test_small.jsonl")).toStdString(), reporting);
    QCOMPARE(last, 1.0);
    Progress progress;
    progress.cancel();
    QVERIFY_THROWS_EXCEPTION(Cancelled, readHeTestSet(crsw::test::fixture(QStringLiteral("benchmark/he_test_small.jsonl")).toStdString(), progress));
}

void TestHeTestSet::realTestSets_data()
{
    QTest::addColumn<QString>("dataset");
    QTest::addColumn<int>("turns");
    QTest::addColumn<int>("pairs");
    QTest::newRow("redial") << QStringLiteral("redial") << 3552 << 4778;
    QTest::newRow("inspired") << QStringLiteral("inspired") << 228 << 253;
}

void TestHeTestSet::realTestSets()
{
    CRSW_REQUIRE_BENCH_DATA(data);
    QFETCH(QString, dataset);
    QFETCH(int, turns);
    QFETCH(int, pairs);
    const std::string source = crsw::test::joinPath(data, dataset + QStringLiteral("/test.jsonl"));
    Progress progress;
    const HeTestSet set = readHeTestSet(source, progress);
    QVERIFY2(set.problems.empty(), set.problems.summary().c_str());
    QCOMPARE(int(set.turns.size()), turns);
    auto catalog = EntityCatalog::readEntity2Id(crsw::test::joinPath(data, dataset + QStringLiteral("/entity2id.json")));
    catalog.readItemIds(crsw::test::joinPath(data, dataset + QStringLiteral("/item_ids.json")));
    int pairCount = 0;
    for (const HeTestTurn &turn : set.turns) {
        pairCount += int(turn.rec.size());
        for (std::int64_t id : turn.rec)
            QVERIFY2(catalog.isItem(id), qPrintable(QStringLiteral("rec id %1 is not an item").arg(id)));
        for (std::int64_t id : turn.prevEntity)
            QVERIFY2(catalog.contains(id), qPrintable(QStringLiteral("prev_entity id %1 is not in the catalog").arg(id)));
        QVERIFY(turn.input.size() >= 9 && turn.input.compare(turn.input.size() - 9, 9, "\nSystem: ") == 0);
    }
    QCOMPARE(pairCount, pairs);
    // ReDial's turn ids are integers, INSPIRED's strings: both survive a rewrite, byte for byte.
    QCOMPARE(set.turns[0].turnIdIsNumber, dataset == QStringLiteral("redial"));
    const QString copy = m_dir.filePath(dataset + QStringLiteral("_copy.jsonl"));
    writeHeTestSet(copy.toStdString(), set.turns);
    QVERIFY(readWholeFile(copy.toStdString()) == readWholeFile(source));
}

QTEST_GUILESS_MAIN(TestHeTestSet)
#include "test_he_test_set.moc"
