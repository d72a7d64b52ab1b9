// core/synth: the synthetic dataset on disk: a record's JSON round trip, the
// reader's file:line reports (keeping the good records, a truncated last line
// reported, not fatal), the append-only writer, and the exports.
#include "common/progress.h"
#include "data/benchmark/he_test_set.h"
#include "synth/synth_exports.h"
#include "synth/synth_record_file.h"
#include "synth/synth_templates.h"
#include "test_files.h"
#include "test_paths.h"

#include <QtTest>

#include <nlohmann/json.hpp>

using namespace crsw;

namespace {

SynthRecord sampleRecord(const std::string &key, const std::string &query)
{
    SynthRecord r;
    r.key = key;
    r.query = query;
    r.synthesizer = "fake teacher";
    r.model = "m";
    r.temperature = 0.8;
    r.seed = 3;
    r.selection = "sel.json";
    r.strategy = "JS";
    r.step = 4;
    r.row = 17;
    r.itemAsin = "A1";
    r.itemTitle = "Item One";
    r.seedReviews = {{17, "u/A1/5", 0, 18}};
    r.templateIndices = {2};
    r.templates = {"Like {like}"};
    r.queries = {"queries.txt", "prompt one", "[\"" + query + "\"]", {10, 5}, 0.01, 1, false, "m-1", "stop", "t0", "t1"};
    r.recommend = {"recommend.txt", "prompt two", "1. Alpha\n2. Nowhere (1999)", {20, 7}, 0.02, 2, true, "m-1", "stop", "t2", "t3"};
    r.groundTruth = {{"Alpha", std::string("A2"), 0}, {"Nowhere", std::nullopt, 6}};
    r.created = "2025-01-01T00:00:00Z";
    return r;
}

} // namespace

class TestSynthRecords : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTrip()
    {
        const SynthRecord r = sampleRecord("s4-r17-q0", "Something dark");
        const SynthRecord back = SynthRecord::fromJson(nlohmann::json::parse(r.toJson().dump()));
        QCOMPARE(back.toJson().dump(), r.toJson().dump());
        QCOMPARE(back.unmatchedTitles(), std::size_t(1));
        QVERIFY(back.groundTruth[1].asin == std::nullopt);
        QCOMPARE(back.recommend.usage.completionTokens, std::int64_t(7));
    }

    void readerReportsAndKeeps()
    {
        const QString path = test::fixture(QStringLiteral("synth/records_mixed.jsonl"));
        const SynthRecordFile file = readSynthRecords(path.toStdString());
        QCOMPARE(file.records.size(), std::size_t(2));
        QCOMPARE(QString::fromStdString(file.records[0].key), QStringLiteral("s0-r684-q0"));
        QCOMPARE(QString::fromStdString(file.records[1].key), QStringLiteral("s1-r309-q1"));
        QVERIFY(file.truncatedTail);
        QStringList problems;
        for (const InputProblem &p : file.problems.problems())
            problems << QString::fromStdString(p.toString()).remove(path + QLatin1Char(':'));
        const QStringList expected{
            QStringLiteral("2: invalid JSON"),
            QStringLiteral("3: query: missing"),
            QStringLiteral("4: key: repeated key \"s0-r684-q0\": the first record is kept"),
            QStringLiteral("7: ground_truth[1].asin: expected a string or null"),
            QStringLiteral("8: truncated last line (a write cut short, e.g. by a kill): ignored; the next run redoes it")};
        QCOMPARE(problems, expected);
    }

    void missingFileIsEmpty()
    {
        const SynthRecordFile file = readSynthRecords("/nonexistent/out.jsonl");
        QVERIFY(file.records.empty() && file.problems.empty());
    }

    void writerAppendsAndRepairsTail()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("out.jsonl"));
        {
            SynthRecordWriter writer(path.toStdString());
            QCOMPARE(writer.removedTailBytes(), std::uint64_t(0));
            writer.append(sampleRecord("k1", "q1"));
        }
        // A kill in the middle of the next record.
        const std::string partial = sampleRecord("k2", "q2").toJson().dump().substr(0, 50);
        test::writeBytes(path, test::readBytes(path) + partial);
        QVERIFY(readSynthRecords(path.toStdString()).truncatedTail);
        {
            SynthRecordWriter writer(path.toStdString());
            QCOMPARE(writer.removedTailBytes(), std::uint64_t(partial.size()));
            writer.append(sampleRecord("k2", "q2"));
        }
        const SynthRecordFile file = readSynthRecords(path.toStdString());
        QVERIFY(file.problems.empty());
        QCOMPARE(file.records.size(), std::size_t(2));
        QCOMPARE(QString::fromStdString(file.records[1].query), QStringLiteral("q2"));
    }

    void exports()
    {
        QTemporaryDir dir;
        SynthRecord offline = sampleRecord("k2", "Cozy, please");
        offline.recommend.prompt.clear(); // offline records send no prompt: the export renders it
        const std::vector<SynthRecord> records{sampleRecord("k1", "Something dark"), offline};

        const QString chat = dir.filePath(QStringLiteral("chat.jsonl"));
        synthexports::writeChatJsonl(records, SynthTemplates::defaults().recommend, chat.toStdString());
        const QList<QByteArray> lines = QByteArray::fromStdString(test::readBytes(chat)).trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        const nlohmann::json first = nlohmann::json::parse(lines[0].toStdString());
        QCOMPARE(first.at("messages").size(), std::size_t(2));
        QCOMPARE(first["messages"][0]["role"].get<std::string>(), std::string("user"));
        QCOMPARE(first["messages"][0]["content"].get<std::string>(), std::string("prompt two"));
        QCOMPARE(first["messages"][1]["content"].get<std::string>(), std::string("1. Alpha\n2. Nowhere"));
        const nlohmann::json second = nlohmann::json::parse(lines[1].toStdString());
        QVERIFY(second["messages"][0]["content"].get<std::string>().find(
                    "Here is the conversation: \nUser: Cozy, please\nSystem: ")
                != std::string::npos);

        const QString test = dir.filePath(QStringLiteral("test.jsonl")), entities = dir.filePath(QStringLiteral("e2id.json"));
        synthexports::writeHeJsonl(records, test.toStdString(), entities.toStdString());
        Progress progress;
        const HeTestSet set = readHeTestSet(test.toStdString(), progress);
        QVERIFY(set.problems.empty());
        QCOMPARE(set.turns.size(), std::size_t(2));
        QCOMPARE(set.turns[0].rec, (std::vector<std::int64_t>{0, 1}));
        QCOMPARE(set.turns[1].rec, (std::vector<std::int64_t>{0, 1}));
        QCOMPARE(QString::fromStdString(set.turns[1].input), QStringLiteral("\nUser: Cozy, please\nSystem: "));
        QCOMPARE(QString::fromStdString(set.turns[0].dialogId), QStringLiteral("k1"));
        const nlohmann::json e2id = nlohmann::json::parse(test::readBytes(entities));
        QCOMPARE(e2id.at("<http://crsw.synthetic/resource/Alpha>").get<int>(), 0);

        const QString csv = dir.filePath(QStringLiteral("out.csv"));
        synthexports::writeCsv(records, csv.toStdString());
        const QList<QByteArray> rows = QByteArray::fromStdString(test::readBytes(csv)).trimmed().split('\n');
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows[0], QByteArray("key,step,row,item_asin,item_title,query,ground_truth,matched,synthesizer"));
        QCOMPARE(rows[2], QByteArray("k2,4,17,A1,Item One,\"Cozy, please\",Alpha | Nowhere,1,fake teacher"));
    }
};

QTEST_APPLESS_MAIN(TestSynthRecords)
#include "test_synth_records.moc"
