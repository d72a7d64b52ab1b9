// `crsw train` and `crsw generate` as a user runs them, on the tiny Llama
// golden and tests/data/train/chat_small.jsonl: a LoRA run with metrics and a
// PEFT adapter; an interrupted run (the state a crash after a checkpoint
// leaves) resumed with --resume gives the same losses; generation with the
// adapter equals generation with the merged model; a scratch model trains and
// generates; usage errors exit 2.
#include "cli_run.h"
#include "test_paths.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <fstream>

namespace {

using Run = crsw::test::CliRun;
using crsw::test::runCrsw;

std::vector<nlohmann::json> metricLines(const QString &runDir)
{
    std::ifstream in((runDir + QStringLiteral("/metrics.jsonl")).toStdString());
    std::vector<nlohmann::json> lines;
    std::string line;
    while (std::getline(in, line))
        lines.push_back(nlohmann::json::parse(line));
    return lines;
}

QString llama()
{
    return QStringLiteral(CRSW_MODEL_GOLDEN_DIR "/decoders/llama");
}

QStringList trainArgs(const QString &run)
{
    return {QStringLiteral("train"), QStringLiteral("--data"), crsw::test::fixture(QStringLiteral("train/chat_small.jsonl")),
            QStringLiteral("--base"), llama(), QStringLiteral("--method"), QStringLiteral("lora"),
            QStringLiteral("--out"), run, QStringLiteral("--max-steps"), QStringLiteral("6"),
            QStringLiteral("--batch"), QStringLiteral("2"), QStringLiteral("--grad-accum"), QStringLiteral("2"),
            QStringLiteral("--lr"), QStringLiteral("1e-2"), QStringLiteral("--lora-rank"), QStringLiteral("4"),
            QStringLiteral("--lora-targets"), QStringLiteral("q_proj,v_proj,o_proj"), QStringLiteral("--seed"),
            QStringLiteral("3"), QStringLiteral("--threads"), QStringLiteral("1"), QStringLiteral("--save-every"),
            QStringLiteral("2")};
}

} // namespace

class TestCliTrain : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void loraRunResumeAndGenerate()
    {
        const QString run = m_dir.filePath(QStringLiteral("lora"));
        Run train = runCrsw(trainArgs(run) << QStringLiteral("--merge"));
        QVERIFY2(train.code == 0, qPrintable(train.err));
        QVERIFY2(train.out.contains(QStringLiteral("Trained 6 steps")), qPrintable(train.out));
        const auto straight = metricLines(run);
        QCOMPARE(straight.size(), std::size_t(6));
        QVERIFY(straight.back()["loss"].get<double>() < straight.front()["loss"].get<double>());
        QVERIFY(QFileInfo::exists(run + QStringLiteral("/adapter/adapter_config.json")));
        QVERIFY(QFileInfo::exists(run + QStringLiteral("/adapter/adapter_model.safetensors")));

        // A crash after the step-4 checkpoint leaves step-4 as the newest; --resume redoes 5 and 6.
        QVERIFY(QDir(run + QStringLiteral("/checkpoints/step-00000006")).removeRecursively());
        QVERIFY(QFile::remove(run + QStringLiteral("/checkpoints/latest")));
        const Run refused = runCrsw(trainArgs(run));
        QCOMPARE(refused.code, 1);
        QVERIFY2(refused.err.contains(QStringLiteral("resume")), qPrintable(refused.err));
        const Run resumed = runCrsw(trainArgs(run) << QStringLiteral("--resume"));
        QVERIFY2(resumed.code == 0, qPrintable(resumed.err));
        QVERIFY2(resumed.out.contains(QStringLiteral("resumed at step 4")), qPrintable(resumed.out));
        const auto again = metricLines(run);
        QCOMPARE(again.size(), std::size_t(6));
        for (std::size_t i = 0; i < again.size(); ++i)
            QCOMPARE(again[i]["loss"].get<double>(), straight[i]["loss"].get<double>());

        // The adapter on the base replies as the merged model does (greedy), and unlike the base.
        const QStringList prompt{QStringLiteral("--prompt"), QStringLiteral("Give me a space adventure."),
                                 QStringLiteral("--max-new-tokens"), QStringLiteral("12"),
                                 QStringLiteral("--threads"), QStringLiteral("1")};
        const Run adapted = runCrsw(QStringList{QStringLiteral("generate"), QStringLiteral("--model"), llama(),
                                                QStringLiteral("--adapter"), run + QStringLiteral("/adapter")}
                                    + prompt);
        QVERIFY2(adapted.code == 0, qPrintable(adapted.err));
        const Run merged = runCrsw(QStringList{QStringLiteral("generate"), QStringLiteral("--model"),
                                               run + QStringLiteral("/merged")}
                                   + prompt);
        QVERIFY2(merged.code == 0, qPrintable(merged.err));
        QCOMPARE(merged.out, adapted.out);
        const Run base = runCrsw(QStringList{QStringLiteral("generate"), QStringLiteral("--model"), llama()} + prompt);
        QVERIFY2(base.code == 0, qPrintable(base.err));
        QVERIFY2(base.out != adapted.out, "the adapter should change this reply"); // else the check above is vacuous
    }

    void scratchModelTrainsAndGenerates()
    {
        const QString run = m_dir.filePath(QStringLiteral("scratch"));
        const Run train = runCrsw({QStringLiteral("train"), QStringLiteral("--data"),
                                   crsw::test::fixture(QStringLiteral("train/chat_small.jsonl")), QStringLiteral("--scratch"),
                                   QStringLiteral("--scratch-size"), QStringLiteral("tiny"), QStringLiteral("--method"),
                                   QStringLiteral("full"), QStringLiteral("--out"), run, QStringLiteral("--max-steps"),
                                   QStringLiteral("4"), QStringLiteral("--threads"), QStringLiteral("1"),
                                   QStringLiteral("--eval-test"),
                                   crsw::test::fixture(QStringLiteral("benchmark/he_test_small.jsonl")),
                                   QStringLiteral("--eval-entities"),
                                   crsw::test::fixture(QStringLiteral("benchmark/entity2id_small.json")),
                                   QStringLiteral("--eval-every"), QStringLiteral("2"),
                                   QStringLiteral("--eval-max-new-tokens"), QStringLiteral("24")});
        QVERIFY2(train.code == 0, qPrintable(train.err));
        const auto lines = metricLines(run);
        // 4 steps and an evaluation after steps 2 and 4 (He et al.'s metrics on the 3 test turns).
        QCOMPARE(lines.size(), std::size_t(6));
        // The default scratch tokenizer is byte-level BPE learnt from --data.
        QVERIFY(QString::fromStdString(lines[0]["model"].get<std::string>()).startsWith(QStringLiteral("scratch-bpe")));
        QVERIFY(lines[2].contains("eval"));
        QCOMPARE(lines[2]["step"].get<int>(), 2);
        QCOMPARE(lines[2]["eval"]["turns"].get<double>(), 3.0);
        for (const char *metric : {"recall@1", "recall@20", "ndcg@10", "mrr@5"})
            QVERIFY2(lines[5]["eval"].contains(metric), metric);
        std::ifstream in((run + QStringLiteral("/model/config.json")).toStdString());
        const nlohmann::json config = nlohmann::json::parse(in);
        QCOMPARE(config.at("crsw_scratch").get<bool>(), true);
        QVERIFY(QString::fromStdString(config.value("crsw_tokenizer_data", "")).endsWith(QStringLiteral("chat_small.jsonl")));
        std::ifstream tokenizer((run + QStringLiteral("/model/tokenizer.json")).toStdString());
        QVERIFY(!nlohmann::json::parse(tokenizer).at("model").at("merges").empty());
        const Run generate = runCrsw({QStringLiteral("generate"), QStringLiteral("--model"), run + QStringLiteral("/model"),
                                      QStringLiteral("--prompt"), QStringLiteral("hi"), QStringLiteral("--max-new-tokens"),
                                      QStringLiteral("8")});
        QVERIFY2(generate.code == 0, qPrintable(generate.err));
    }

    void usageErrors()
    {
        const QString data = crsw::test::fixture(QStringLiteral("train/chat_small.jsonl"));
        const QString out = m_dir.filePath(QStringLiteral("bad"));
        Run r = runCrsw({QStringLiteral("train"), QStringLiteral("--data"), data, QStringLiteral("--scratch"),
                         QStringLiteral("--method"), QStringLiteral("lora"), QStringLiteral("--out"), out});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("--method full")), qPrintable(r.err));
        r = runCrsw({QStringLiteral("train"), QStringLiteral("--data"), data, QStringLiteral("--scratch"),
                     QStringLiteral("--method"), QStringLiteral("full"), QStringLiteral("--out"), out,
                     QStringLiteral("--scratch-tokenizer"), QStringLiteral("words")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("--scratch-tokenizer")), qPrintable(r.err));
        r = runCrsw({QStringLiteral("train"), QStringLiteral("--data"), data, QStringLiteral("--scratch"),
                     QStringLiteral("--method"), QStringLiteral("full"), QStringLiteral("--out"), out,
                     QStringLiteral("--device"), QStringLiteral("tpu")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("--device")), qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(out));
        r = runCrsw({QStringLiteral("train"), QStringLiteral("--data"), data, QStringLiteral("--base"), llama(),
                     QStringLiteral("--method"), QStringLiteral("lora"), QStringLiteral("--out"), out,
                     QStringLiteral("--lora-targets"), QStringLiteral("qkv")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("qkv")), qPrintable(r.err));
        r = runCrsw({QStringLiteral("generate"), QStringLiteral("--model"), llama(), QStringLiteral("--adapter"),
                     m_dir.filePath(QStringLiteral("missing")), QStringLiteral("--prompt"), QStringLiteral("x")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("adapter_config.json")), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestCliTrain)
#include "test_cli_train.moc"
