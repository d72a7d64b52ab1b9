// `crsw answer` as a user runs it: a tiny Llama checkpoint (the decoder
// golden) answers a small He et al. test set, the file resumes after an
// interruption, `crsw eval` scores it, and bad input is refused.
#include "cli_run.h"
#include "test_paths.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <set>

namespace {

using Run = crsw::test::CliRun;
using crsw::test::runCrsw;
using crsw::test::fileLines;

const QString kModel = QStringLiteral(CRSW_MODEL_GOLDEN_DIR "/decoders/llama");
const QString kTest = crsw::test::fixture(QStringLiteral("benchmark/he_test_small.jsonl"));
const QString kEntities = crsw::test::fixture(QStringLiteral("benchmark/entity2id_small.json"));

} // namespace

class TestCliAnswer : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void answersResumesAndScores()
    {
        const QString out = m_dir.filePath(QStringLiteral("answers.jsonl"));
        const QStringList base{QStringLiteral("answer"), QStringLiteral("--model"), kModel, QStringLiteral("--test"), kTest,
                               QStringLiteral("--out"), out, QStringLiteral("--max-new-tokens"), QStringLiteral("8"),
                               QStringLiteral("--batch"), QStringLiteral("2")};
        // The first two turns, then an interrupted write (a torn last line), then the rest.
        const Run first = runCrsw(QStringList(base) << QStringLiteral("--limit") << QStringLiteral("2"));
        QVERIFY2(first.code == 0, qPrintable(first.out + first.err));
        QCOMPARE(fileLines(out).size(), 2);
        const QList<QByteArray> firstLines = fileLines(out);
        {
            QFile file(out);
            QVERIFY(file.open(QIODevice::Append));
            file.write("{\"index\": 2, \"te");
        }
        const Run rest = runCrsw(base);
        QVERIFY2(rest.code == 0, qPrintable(rest.out + rest.err));
        QVERIFY2(rest.out.contains(QStringLiteral("already in")), qPrintable(rest.out));
        // The torn line was cut off and turn 2 answered again: every line is a whole answer.
        const QList<QByteArray> all = fileLines(out);
        QCOMPARE(all.size(), 3);
        QCOMPARE(all.mid(0, 2), firstLines);
        std::set<std::size_t> indices;
        for (const QByteArray &line : all) {
            const nlohmann::json j = nlohmann::json::parse(line.toStdString());
            indices.insert(j.at("index").get<std::size_t>());
            QVERIFY(j.at("text").is_string());
        }
        QCOMPARE(indices, (std::set<std::size_t>{0, 1, 2}));
        // Greedy answers are reproducible: the same turns again give the same text.
        const QString again = m_dir.filePath(QStringLiteral("again.jsonl"));
        QStringList againArgs = base;
        againArgs[6] = again;
        QVERIFY(runCrsw(againArgs << QStringLiteral("--limit") << QStringLiteral("2")).code == 0);
        QCOMPARE(fileLines(again), firstLines);

        // crsw eval scores the file as it is.
        const Run eval = runCrsw({QStringLiteral("eval"), QStringLiteral("--test"), kTest, QStringLiteral("--entities"), kEntities,
                                  QStringLiteral("--responses"), out, QStringLiteral("--out"), m_dir.filePath(QStringLiteral("eval"))});
        QVERIFY2(eval.code == 0, qPrintable(eval.out + eval.err));
        QVERIFY(QFile::exists(m_dir.filePath(QStringLiteral("eval/evaluation.json"))));
    }

    void badInput()
    {
        const QString out = m_dir.filePath(QStringLiteral("bad.jsonl"));
        const Run noModel = runCrsw({QStringLiteral("answer"), QStringLiteral("--model"), m_dir.filePath(QStringLiteral("none")),
                                     QStringLiteral("--test"), kTest, QStringLiteral("--out"), out});
        QCOMPARE(noModel.code, 1);
        QVERIFY2(noModel.err.contains(QStringLiteral("none")), qPrintable(noModel.err));
        const Run usage = runCrsw({QStringLiteral("answer"), QStringLiteral("--model"), kModel, QStringLiteral("--test"), kTest,
                                   QStringLiteral("--out"), out, QStringLiteral("--batch"), QStringLiteral("0")});
        QCOMPARE(usage.code, 2);
        // An --out that is not an answers file is refused, not appended to.
        QFile other(m_dir.filePath(QStringLiteral("other.jsonl")));
        QVERIFY(other.open(QIODevice::WriteOnly));
        other.write("{\"messages\": []}\n{\"messages\": []}\n");
        other.close();
        const Run wrong = runCrsw({QStringLiteral("answer"), QStringLiteral("--model"), kModel, QStringLiteral("--test"), kTest,
                                   QStringLiteral("--out"), other.fileName()});
        QCOMPARE(wrong.code, 1);
        QVERIFY2(wrong.err.contains(QStringLiteral("other.jsonl:1")), qPrintable(wrong.err));
    }
};

QTEST_GUILESS_MAIN(TestCliAnswer)
#include "test_cli_answer.moc"
