// core/synth: the edits sidecar of a synthetic dataset (OUT.jsonl.edits.json):
// flags and deletions round-trip through the file, a missing sidecar is no
// edits, a malformed one is reported by file and field, saving never touches
// OUT, and exports leave the deleted records out.
#include "common/error.h"
#include "synth/synth_exports.h"
#include "synth/synth_record_edits.h"
#include "synth/synth_record_file.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

using namespace crsw;

namespace {

SynthRecord record(const std::string &key, const std::string &query)
{
    SynthRecord r;
    r.key = key;
    r.query = query;
    r.synthesizer = SynthRecord::kOfflineSynthesizer;
    r.selection = "sel.json";
    r.strategy = "JS";
    r.groundTruth = {{"Alpha", std::string("A1"), 0}, {"Nowhere", std::nullopt, 5}};
    r.created = "2025-01-01T00:00:00Z";
    return r;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

int lineCount(const QString &path)
{
    const QByteArray text = readAll(path).trimmed();
    return text.isEmpty() ? 0 : int(text.split('\n').size());
}

} // namespace

class TestSynthRecordEdits : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::string path(const char *name) const { return m_dir.filePath(QString::fromUtf8(name)).toStdString(); }

private Q_SLOTS:
    void sidecarPathIsBesideOut()
    {
        QCOMPARE(SynthRecordEdits::sidecarPath("/w/synthetic/a.jsonl"), std::string("/w/synthetic/a.jsonl.edits.json"));
    }

    void missingSidecarIsNoEdits()
    {
        const SynthRecordEdits edits = SynthRecordEdits::load(path("none.jsonl"));
        QVERIFY(edits.empty());
        QVERIFY(!edits.isDeleted("s0-r0-q0"));
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("none.jsonl.edits.json"))));
    }

    void roundTrip()
    {
        const std::string out = path("round.jsonl");
        SynthRecordEdits edits;
        edits.setFlagged("s1-r2-q0", true);
        edits.setFlagged("s0-r1-q3", true);
        edits.setDeleted("s5-r9-q1", true);
        edits.setDeleted("s6-r9-q1", true);
        edits.setDeleted("s6-r9-q1", false); // restored
        edits.setFlagged("s1-r2-q0", false); // unflagged
        edits.save(out);

        const SynthRecordEdits back = SynthRecordEdits::load(out);
        QCOMPARE(back.flagged(), (std::set<std::string>{"s0-r1-q3"}));
        QCOMPARE(back.deleted(), (std::set<std::string>{"s5-r9-q1"}));
        QVERIFY(back.isFlagged("s0-r1-q3"));
        QVERIFY(back.isDeleted("s5-r9-q1"));
        QVERIFY(!back.isDeleted("s6-r9-q1"));

        const nlohmann::json json = nlohmann::json::parse(readAll(QString::fromStdString(SynthRecordEdits::sidecarPath(out))).toStdString());
        QCOMPARE(json.at("format").get<std::string>(), std::string("crsw-synth-edits"));
        QCOMPARE(json.at("version").get<int>(), 1);
        // The atomic write leaves no temporary file behind, and OUT itself was never made.
        QCOMPARE(QDir(m_dir.path()).entryList(QStringList{QStringLiteral("round*")}, QDir::Files),
                 QStringList{QStringLiteral("round.jsonl.edits.json")});
    }

    void malformedSidecarNamesFileAndField_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not json") << QByteArray("{\"flagged\": [") << QStringLiteral("not JSON");
        QTest::newRow("format") << QByteArray("{\"format\": \"other\"}") << QStringLiteral(": format: ");
        QTest::newRow("not array") << QByteArray("{\"format\": \"crsw-synth-edits\", \"deleted\": 3}")
                                   << QStringLiteral(": deleted: must be an array");
        QTest::newRow("not string") << QByteArray("{\"format\": \"crsw-synth-edits\", \"flagged\": [\"a\", 7]}")
                                    << QStringLiteral(": flagged[1]: must be a string");
    }

    void malformedSidecarNamesFileAndField()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, expected);
        const std::string out = path("bad.jsonl");
        QFile file(QString::fromStdString(SynthRecordEdits::sidecarPath(out)));
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(text);
        file.close();
        try {
            SynthRecordEdits::load(out);
            QFAIL("a malformed sidecar was accepted");
        } catch (const Error &e) {
            const QString message = QString::fromUtf8(e.what());
            QVERIFY2(message.contains(QStringLiteral("bad.jsonl.edits.json")), qPrintable(message));
            QVERIFY2(message.contains(expected), qPrintable(message));
        }
    }

    void exportsLeaveDeletedRecordsOut()
    {
        const std::string out = path("data.jsonl");
        {
            SynthRecordWriter writer(out);
            writer.append(record("s0-r1-q0", "first query"));
            writer.append(record("s0-r1-q1", "second query"));
            writer.append(record("s1-r4-q0", "third query"));
        }
        const QByteArray before = readAll(QString::fromStdString(out));
        SynthRecordEdits edits;
        edits.setDeleted("s0-r1-q1", true);
        edits.setFlagged("s1-r4-q0", true); // flagged records are still exported
        edits.save(out);
        // OUT is append-only: the edits never rewrite it.
        QCOMPARE(readAll(QString::fromStdString(out)), before);
        QCOMPARE(readSynthRecords(out).records.size(), std::size_t(3));

        const std::vector<SynthRecord> kept = synthexports::exportedRecords(out);
        QCOMPARE(kept.size(), std::size_t(2));
        QCOMPARE(kept[0].key, std::string("s0-r1-q0"));
        QCOMPARE(kept[1].key, std::string("s1-r4-q0"));

        const QString chat = m_dir.filePath(QStringLiteral("chat.jsonl"));
        const QString csv = m_dir.filePath(QStringLiteral("data.csv"));
        const QString he = m_dir.filePath(QStringLiteral("test.jsonl"));
        synthexports::writeChatJsonl(kept, PromptTemplate("Recommend. {conversation}", {{"conversation"}, {"conversation"}}, "recommend.txt"),
                                     chat.toStdString());
        synthexports::writeCsv(kept, csv.toStdString());
        synthexports::writeHeJsonl(kept, he.toStdString(), m_dir.filePath(QStringLiteral("entity2id.json")).toStdString());
        QCOMPARE(lineCount(chat), 2);
        QCOMPARE(lineCount(csv), 3); // header + 2
        QCOMPARE(lineCount(he), 2);
        QVERIFY(!readAll(chat).contains("second query"));
        QVERIFY(!readAll(csv).contains("second query"));
        QVERIFY(readAll(csv).contains("third query"));

        // Restoring the record brings it back to the exports.
        edits.setDeleted("s0-r1-q1", false);
        edits.save(out);
        QCOMPARE(synthexports::exportedRecords(out).size(), std::size_t(3));
    }
};

QTEST_GUILESS_MAIN(TestSynthRecordEdits)
#include "test_synth_record_edits.moc"
