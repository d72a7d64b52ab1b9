// Raw ReDial JSONL: records, mention helpers, popularity counts and damaged lines.
#include "common/error.h"
#include "data/benchmark/redial_file.h"
#include "reader_test_util.h"
#include "test_paths.h"

#include <QtTest>

using namespace crsw;
using crsw::test::located;
using crsw::test::problemTexts;
using crsw::test::writeBytes;

namespace {

const std::string kGood =
    R"({"movieMentions": {"1": "Alpha 2000"}, "respondentQuestions": {"1": {"suggested": 1, "seen": 0, "liked": 2}}, )"
    R"("messages": [{"timeOffset": 0, "text": "hi @1", "senderWorkerId": 1, "messageId": 10}], )"
    R"("conversationId": "77", "respondentWorkerId": 2, "initiatorWorkerId": 1, "initiatorQuestions": []})";

RedialFile readFile(const QString &path)
{
    Progress progress;
    return readRedialFile(path.toStdString(), progress);
}

// kGood with `from` replaced by `to` (one occurrence, which must exist).
std::string goodWith(const std::string &from, const std::string &to)
{
    std::string line = kGood;
    const std::size_t at = line.find(from);
    if (at == std::string::npos)
        qFatal("test bug: %s not in the good line", from.c_str());
    return line.replace(at, from.size(), to);
}

MovieMentionCount count(const char *movie, const char *title, int mentions, int seeker, int recommender, int dialogues)
{
    MovieMentionCount c;
    c.movie = movie;
    c.title = title;
    c.mentions = mentions;
    c.bySeeker = seeker;
    c.byRecommender = recommender;
    c.dialogues = dialogues;
    return c;
}

} // namespace

class TestRedialFile : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void readsFixture();
    void mentionsAndTitles_data();
    void mentionsAndTitles();
    void rolesOfSenders();
    void mentionCounts();
    void badLine_data();
    void badLine();
    void truncatedLastLine();
    void emptyFile();
    void tenMegabyteLines();
    void directoryAndMissingFile();
    void realFiles_data();
    void realFiles();
    void realMentionCounts();

private:
    QTemporaryDir m_dir;
};

void TestRedialFile::readsFixture()
{
    const RedialFile file = readFile(crsw::test::fixture(QStringLiteral("benchmark/redial_small.jsonl")));
    QVERIFY2(file.problems.empty(), file.problems.summary().c_str());
    QCOMPARE(file.conversations.size(), size_t(3));
    const RedialConversation &c = file.conversations[0];
    QCOMPARE(c.conversationId, std::string("9001"));
    QCOMPARE(c.line, 1);
    QCOMPARE(c.initiatorWorkerId, 10);
    QCOMPARE(c.respondentWorkerId, 11);
    QCOMPARE(c.movieMentions.size(), size_t(3));
    QCOMPARE(c.movieMentions[0].id, std::string("111")); // file order kept
    QCOMPARE(c.movieMentions[0].title, std::string("Heat  (1995)"));
    QCOMPARE(c.messages.size(), size_t(4));
    QCOMPARE(c.messages[1].timeOffset, 20);
    QCOMPARE(c.messages[1].messageId, 5002);
    QCOMPARE(c.respondentQuestions.at("222"), (RedialMovieAnswers{1, 0, 2}));
    QCOMPARE(c.initiatorQuestions.at("333"), (RedialMovieAnswers{1, 0, 2}));
    // [] stands for an empty dict in the original files.
    QVERIFY(file.conversations[1].respondentQuestions.empty());
    QVERIFY(file.conversations[2].movieMentions.empty());
    QCOMPARE(file.conversations[2].line, 3);
}

void TestRedialFile::mentionsAndTitles_data()
{
    QTest::addColumn<int>("conversation");
    QTest::addColumn<int>("message");
    QTest::addColumn<QStringList>("ids");
    QTest::addColumn<QString>("withTitles");
    QTest::newRow("one mention") << 0 << 0 << QStringList{QStringLiteral("111")}
                                 << QStringLiteral("Hi! I loved Heat (1995) and want more heist films");
    QTest::newRow("punctuation after id") << 0 << 1 << QStringList{QStringLiteral("222"), QStringLiteral("333")}
                                          << QStringLiteral("Then try Ronin (1998). Also The Thing!");
    QTest::newRow("at start and end") << 0 << 2 << QStringList{QStringLiteral("222"), QStringLiteral("111")}
                                      << QStringLiteral("Ronin (1998)? Never heard of it. Is it like Heat (1995)");
    QTest::newRow("e-mail is no mention") << 0 << 3 << QStringList{QStringLiteral("222")}
                                          << QStringLiteral("Yes, Ronin (1998) has De Niro too. Email me at a@b.c");
    QTest::newRow("non-ASCII title") << 1 << 0 << QStringList{QStringLiteral("444")}
                                     << QString::fromUtf8("hello, something French like Am\u00e9lie (2001)?");
    QTest::newRow("unknown id kept") << 1 << 2 << QStringList{QStringLiteral("999")} << QStringLiteral("and @999 too");
    QTest::newRow("no mention") << 2 << 0 << QStringList{} << QStringLiteral("hi");
}

void TestRedialFile::mentionsAndTitles()
{
    QFETCH(int, conversation);
    QFETCH(int, message);
    QFETCH(QStringList, ids);
    QFETCH(QString, withTitles);
    const RedialFile file = readFile(crsw::test::fixture(QStringLiteral("benchmark/redial_small.jsonl")));
    const RedialConversation &c = file.conversations[size_t(conversation)];
    const RedialMessage &m = c.messages[size_t(message)];
    QStringList got;
    for (const std::string &id : c.mentionedMovieIds(m))
        got.append(QString::fromStdString(id));
    QCOMPARE(got, ids);
    QCOMPARE(QString::fromStdString(c.textWithTitles(m)), withTitles);
}

void TestRedialFile::rolesOfSenders()
{
    const RedialFile file = readFile(crsw::test::fixture(QStringLiteral("benchmark/redial_small.jsonl")));
    const RedialConversation &c = file.conversations[1];
    QCOMPARE(c.roleOf(c.messages[0]), RedialRole::Seeker);
    QVERIFY(c.isSeeker(c.messages[0]));
    QCOMPARE(c.roleOf(c.messages[1]), RedialRole::Recommender);
    QCOMPARE(c.roleOf(c.messages[3]), RedialRole::Unknown);
    QCOMPARE(std::string(toString(RedialRole::Recommender)), std::string("recommender"));
    QCOMPARE(c.title("444"), std::string("Am\u00e9lie (2001)"));
    QCOMPARE(c.title("999"), std::string());
    QVERIFY(c.rawTitle("999") == nullptr);
}

void TestRedialFile::mentionCounts()
{
    const RedialFile file = readFile(crsw::test::fixture(QStringLiteral("benchmark/redial_small.jsonl")));
    const std::vector<MovieMentionCount> counts = countRedialMentions(file.conversations);
    const std::vector<MovieMentionCount> expected{
        count("222", "Ronin (1998)", 4, 1, 3, 2),
        count("111", "Heat (1995)", 2, 2, 0, 1),
        count("333", "The Thing", 1, 0, 1, 1),
        count("444", "Am\u00e9lie (2001)", 1, 1, 0, 1),
        count("999", "", 1, 0, 1, 1),
    };
    QCOMPARE(counts.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i)
        QVERIFY2(counts[i] == expected[i], (counts[i].movie + " differs").c_str());
}

void TestRedialFile::badLine_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("expected"); // after "<path>:2: "
    const auto row = [](const char *tag, const std::string &line, const std::string &expected) {
        QTest::newRow(tag) << QByteArray::fromStdString(line) << QString::fromStdString(expected);
    };
    row("missing conversationId", goodWith(R"("conversationId": "77", )", ""), "conversationId: missing required field");
    row("conversationId number", goodWith(R"("conversationId": "77")", R"("conversationId": 77)"), "conversationId: expected a string, got an integer");
    row("missing messages", goodWith(R"("messages": [{"timeOffset": 0, "text": "hi @1", "senderWorkerId": 1, "messageId": 10}], )", ""),
        "messages: missing required field");
    row("messages object", goodWith(R"([{"timeOffset": 0, "text": "hi @1", "senderWorkerId": 1, "messageId": 10}])", R"({"a": 1})"),
        "messages: expected an array, got an object");
    row("message not object", goodWith(R"([{"timeOffset")", R"(["x", {"timeOffset")"), "messages[0]: expected an object, got a string");
    row("text integer", goodWith(R"("text": "hi @1")", R"("text": 5)"), "messages[0].text: expected a string, got an integer");
    row("missing messageId", goodWith(R"(, "messageId": 10)", ""), "messages[0].messageId: missing required field");
    row("timeOffset float", goodWith(R"("timeOffset": 0)", R"("timeOffset": 0.5)"), "messages[0].timeOffset: expected an integer, got a float");
    row("title null", goodWith(R"("1": "Alpha 2000")", R"("1": null)"), "movieMentions.1: expected a string, got null");
    row("movieMentions string", goodWith(R"({"1": "Alpha 2000"})", R"("A")"), "movieMentions: expected an object, got a string");
    row("seen out of range", goodWith(R"("seen": 0)", R"("seen": 3)"), "respondentQuestions.1.seen: expected 0..2, got 3");
    row("suggested out of range", goodWith(R"("suggested": 1)", R"("suggested": 2)"), "respondentQuestions.1.suggested: expected 0..1, got 2");
    row("missing liked", goodWith(R"(, "liked": 2)", ""), "respondentQuestions.1.liked: missing required field");
    row("questions non-empty array", goodWith(R"("initiatorQuestions": [])", R"("initiatorQuestions": [1])"), "initiatorQuestions: expected an object, got an array");
    row("worker id string", goodWith(R"("initiatorWorkerId": 1)", R"("initiatorWorkerId": "1")"), "initiatorWorkerId: expected an integer, got a string");
    row("invalid UTF-8", goodWith("hi @1", "hi \xc0\xaf @1"), "invalid UTF-8: byte 0xc0 at offset " + std::to_string(kGood.find("hi @1") + 3)); // an overlong '/' 
    row("empty line", "", "empty line");
    row("not an object", "\"conversation\"", "expected a JSON object, got a string");
}

void TestRedialFile::badLine()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, expected);
    const QString path = m_dir.filePath(QStringLiteral("bad.jsonl"));
    writeBytes(path, kGood + "\n" + line.toStdString() + "\n" + kGood);
    const RedialFile file = readFile(path);
    QCOMPARE(file.conversations.size(), size_t(2));
    QCOMPARE(file.conversations[1].line, 3);
    QCOMPARE(problemTexts(file.problems), QStringList{located(path, "2: " + expected.toStdString())});
}

void TestRedialFile::truncatedLastLine()
{
    const QString path = m_dir.filePath(QStringLiteral("truncated.jsonl"));
    const std::size_t cut = kGood.find("\"senderWorkerId\": 1") + 19; // ends "...senderWorkerId": 1"
    writeBytes(path, kGood + "\n" + kGood.substr(0, cut));
    const RedialFile file = readFile(path);
    QCOMPARE(file.conversations.size(), size_t(1));
    QCOMPARE(problemTexts(file.problems),
             QStringList{located(path, "2: invalid JSON: syntax error while parsing object - unexpected end of input; expected '}' (offset "
                                           + std::to_string(cut) + ")")});
}

void TestRedialFile::emptyFile()
{
    const QString path = m_dir.filePath(QStringLiteral("empty.jsonl"));
    writeBytes(path, "");
    const RedialFile file = readFile(path);
    QVERIFY(file.conversations.empty());
    QVERIFY(file.problems.empty());
}

void TestRedialFile::tenMegabyteLines()
{
    const std::string big(10 << 20, 'm');
    const QString path = m_dir.filePath(QStringLiteral("big.jsonl"));
    writeBytes(path, goodWith("hi @1", big + " @1") + "\n" + "{\"movieMentions\": {\"" + big + "\n" + kGood + "\n");
    const RedialFile file = readFile(path);
    QCOMPARE(file.conversations.size(), size_t(2));
    QCOMPARE(file.conversations[0].messages[0].text.size(), big.size() + 3);
    QCOMPARE(file.conversations[0].mentionedMovieIds(file.conversations[0].messages[0]), std::vector<std::string>{"1"});
    QCOMPARE(file.problems.count(), size_t(1));
    QCOMPARE(file.problems.problems()[0].line, 2);
    QVERIFY(file.problems.problems()[0].reason.size() < 300);
}

void TestRedialFile::directoryAndMissingFile()
{
    QVERIFY_THROWS_EXCEPTION(Error, readFile(m_dir.path()));
    try {
        readFile(m_dir.filePath(QStringLiteral("nothing.jsonl")));
        QFAIL("a missing file must be refused");
    } catch (const Error &e) {
        QVERIFY2(std::string(e.what()).find("nothing.jsonl: cannot open") != std::string::npos, e.what());
    }
}

void TestRedialFile::realFiles_data()
{
    // The real sample: 900 conversations (the README's 898 is `wc -l`: the files end without a newline).
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("conversations");
    QTest::addColumn<int>("messages");
    QTest::addColumn<int>("mentions");
    QTest::newRow("train") << QStringLiteral("train_data.jsonl") << 500 << 9095 << 3241;
    QTest::newRow("valid") << QStringLiteral("valid_data.jsonl") << 100 << 1872 << 655;
    QTest::newRow("test") << QStringLiteral("test_data.jsonl") << 300 << 5837 << 1872;
}

void TestRedialFile::realFiles()
{
    CRSW_REQUIRE_BENCH_DATA(data);
    QFETCH(QString, name);
    QFETCH(int, conversations);
    QFETCH(int, messages);
    QFETCH(int, mentions);
    Progress progress;
    const RedialFile file = readRedialFile(crsw::test::joinPath(data, QStringLiteral("raw/redial/") + name), progress);
    QVERIFY2(file.problems.empty(), file.problems.summary().c_str());
    QCOMPARE(int(file.conversations.size()), conversations);
    int messageCount = 0;
    int mentionCount = 0;
    for (const RedialConversation &c : file.conversations)
        for (const RedialMessage &m : c.messages) {
            ++messageCount;
            QVERIFY(c.roleOf(m) != RedialRole::Unknown);
            for (const std::string &id : c.mentionedMovieIds(m)) {
                ++mentionCount;
                QVERIFY2(c.rawTitle(id), qPrintable(QStringLiteral("@%1 has no title").arg(QString::fromStdString(id))));
            }
        }
    QCOMPARE(messageCount, messages);
    QCOMPARE(mentionCount, mentions);
    if (name == QStringLiteral("test_data.jsonl")) {
        // The conversation behind He et al.'s first ReDial test turns (test_20001).
        const RedialConversation &c = file.conversations[0];
        QCOMPARE(c.conversationId, std::string("20001"));
        QCOMPARE(c.textWithTitles(c.messages[0]), std::string("Hi I am looking for a movie like Super Troopers (2001)"));
        QCOMPARE(c.textWithTitles(c.messages[3]), std::string("I mean American Pie (1999)"));
        QCOMPARE(c.roleOf(c.messages[1]), RedialRole::Recommender);
    }
}

void TestRedialFile::realMentionCounts()
{
    CRSW_REQUIRE_BENCH_DATA(data);
    std::vector<RedialConversation> all;
    for (const char *name : {"train", "valid", "test"}) {
        Progress progress;
        RedialFile file = readRedialFile(crsw::test::joinPath(data, QStringLiteral("raw/redial/%1_data.jsonl").arg(QLatin1String(name))), progress);
        all.insert(all.end(), file.conversations.begin(), file.conversations.end());
    }
    const auto counts = countRedialMentions(all);
    QCOMPARE(counts.size(), size_t(1718));
    // Checked against a python3 count over the same files.
    QVERIFY(counts[0] == count("204974", "Black Panther (2018)", 96, 42, 54, 81));
    QVERIFY(counts[1] == count("205163", "Avengers: Infinity War (2018)", 82, 33, 49, 69));
    QVERIFY(counts[2] == count("187028", "It (2017)", 75, 30, 45, 56));
}

QTEST_GUILESS_MAIN(TestRedialFile)
#include "test_redial_file.moc"
