// `crsw merge` as a user runs it, on a copy of the tiny Llama golden and a
// short `crsw train` LoRA run: a checkpoint's adapter merged into the base
// that its adapter_config.json names replies as base + adapter does; the
// final adapter merged equals what `crsw train --merge` wrote; once the base
// is gone the error names it and writes nothing, and --base still works;
// usage errors exit 2.
#include "cli_run.h"
#include "test_paths.h"

#include <QtTest>

namespace {

using Run = crsw::test::CliRun;
using crsw::test::runCrsw;

const QString kLlama = QStringLiteral(CRSW_MODEL_GOLDEN_DIR "/decoders/llama");

QByteArray fileBytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QString reply(const QStringList &model)
{
    const Run run = runCrsw(QStringList{QStringLiteral("generate")} + model
                            + QStringList{QStringLiteral("--prompt"), QStringLiteral("Give me a space adventure."),
                                          QStringLiteral("--max-new-tokens"), QStringLiteral("12"),
                                          QStringLiteral("--threads"), QStringLiteral("1")});
    return run.code == 0 ? run.out : QStringLiteral("failed: ") + run.err;
}

} // namespace

class TestCliMerge : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_base; // a copy of the tiny Llama, deleted by baseGoneIsNamed
    QString m_run;

private Q_SLOTS:
    void initTestCase()
    {
        m_base = m_dir.filePath(QStringLiteral("base"));
        QVERIFY(QDir().mkpath(m_base));
        for (const QString &file : QDir(kLlama).entryList(QDir::Files))
            QVERIFY(QFile::copy(QDir(kLlama).filePath(file), QDir(m_base).filePath(file)));
        m_run = m_dir.filePath(QStringLiteral("run"));
        const Run train = runCrsw(
            {QStringLiteral("train"), QStringLiteral("--data"), crsw::test::fixture(QStringLiteral("train/chat_small.jsonl")),
             QStringLiteral("--base"), m_base, QStringLiteral("--method"), QStringLiteral("lora"), QStringLiteral("--out"),
             m_run, QStringLiteral("--max-steps"), QStringLiteral("4"), QStringLiteral("--batch"), QStringLiteral("2"),
             QStringLiteral("--lr"), QStringLiteral("1e-2"), QStringLiteral("--lora-rank"), QStringLiteral("4"),
             QStringLiteral("--lora-targets"), QStringLiteral("q_proj,v_proj,o_proj"), QStringLiteral("--seed"),
             QStringLiteral("3"), QStringLiteral("--threads"), QStringLiteral("1"), QStringLiteral("--save-every"),
             QStringLiteral("2"), QStringLiteral("--merge")});
        QVERIFY2(train.code == 0, qPrintable(train.err));
        QVERIFY(QFileInfo::exists(m_run + QStringLiteral("/checkpoints/step-00000002/adapter_model.safetensors")));
    }

    void checkpointMergesIntoItsBase()
    {
        const QString checkpoint = m_run + QStringLiteral("/checkpoints/step-00000002");
        const QString out = m_dir.filePath(QStringLiteral("exports/step-2-merged"));
        const Run merge = runCrsw({QStringLiteral("merge"), QStringLiteral("--adapter"), checkpoint,
                                   QStringLiteral("--out"), out, QStringLiteral("--threads"), QStringLiteral("1")});
        QVERIFY2(merge.code == 0, qPrintable(merge.err));
        QVERIFY2(merge.out.contains(QStringLiteral("Merged the adapter (6 modules) into ") + m_base), qPrintable(merge.out));
        for (const char *file : {"model.safetensors", "config.json", "tokenizer.json"})
            QVERIFY2(QFileInfo::exists(out + QLatin1Char('/') + QLatin1String(file)), file);
        QVERIFY(!QFileInfo::exists(out + QStringLiteral(".partial")));
        QCOMPARE(reply({QStringLiteral("--model"), out}),
                 reply({QStringLiteral("--model"), m_base, QStringLiteral("--adapter"), checkpoint}));
    }

    void finalAdapterMergesAsTrainMergeDoes()
    {
        const QString out = m_dir.filePath(QStringLiteral("final-merged"));
        const Run merge = runCrsw({QStringLiteral("merge"), QStringLiteral("--adapter"), m_run + QStringLiteral("/adapter"),
                                   QStringLiteral("--base"), m_base, QStringLiteral("--out"), out,
                                   QStringLiteral("--threads"), QStringLiteral("1")});
        QVERIFY2(merge.code == 0, qPrintable(merge.err));
        const QByteArray ours = fileBytes(out + QStringLiteral("/model.safetensors"));
        QVERIFY(ours.size() > 1000);
        QVERIFY(ours == fileBytes(m_run + QStringLiteral("/merged/model.safetensors")));
    }

    void baseGoneIsNamed()
    {
        QVERIFY(QDir(m_base).removeRecursively());
        const QString out = m_dir.filePath(QStringLiteral("orphan-merged"));
        const Run gone = runCrsw({QStringLiteral("merge"), QStringLiteral("--adapter"), m_run + QStringLiteral("/adapter"),
                                  QStringLiteral("--out"), out});
        QCOMPARE(gone.code, 1);
        QVERIFY2(gone.err.contains(m_base), qPrintable(gone.err));
        QVERIFY2(gone.err.contains(QStringLiteral("base_model_name_or_path")), qPrintable(gone.err));
        QVERIFY2(gone.err.contains(QStringLiteral("--base")), qPrintable(gone.err));
        QVERIFY(!QFileInfo::exists(out));
        QVERIFY(!QFileInfo::exists(out + QStringLiteral(".partial")));
        // The same base elsewhere, given explicitly.
        const Run given = runCrsw({QStringLiteral("merge"), QStringLiteral("--adapter"), m_run + QStringLiteral("/adapter"),
                                   QStringLiteral("--base"), kLlama, QStringLiteral("--out"), out,
                                   QStringLiteral("--threads"), QStringLiteral("1")});
        QVERIFY2(given.code == 0, qPrintable(given.err));
        QVERIFY(QFileInfo::exists(out + QStringLiteral("/model.safetensors")));
        // A second merge never writes into the folder the first one made.
        const Run again = runCrsw({QStringLiteral("merge"), QStringLiteral("--adapter"), m_run + QStringLiteral("/adapter"),
                                   QStringLiteral("--base"), kLlama, QStringLiteral("--out"), out});
        QCOMPARE(again.code, 1);
        QVERIFY2(again.err.contains(QStringLiteral("not empty")), qPrintable(again.err));
    }

    void usageErrors()
    {
        Run r = runCrsw({QStringLiteral("merge"), QStringLiteral("--adapter"), m_run + QStringLiteral("/adapter")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("--out")), qPrintable(r.err));
        r = runCrsw({QStringLiteral("merge"), QStringLiteral("--adapter"), m_run + QStringLiteral("/adapter"),
                     QStringLiteral("--out"), m_dir.filePath(QStringLiteral("x")), QStringLiteral("--dtype"),
                     QStringLiteral("float16")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("--dtype")), qPrintable(r.err));
        r = runCrsw({QStringLiteral("merge"), QStringLiteral("--adapter"), m_dir.filePath(QStringLiteral("missing")),
                     QStringLiteral("--out"), m_dir.filePath(QStringLiteral("x"))});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("adapter_config.json")), qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("x"))));
        r = runCrsw({QStringLiteral("--help")});
        QVERIFY(r.out.contains(QStringLiteral("merge")));
    }
};

QTEST_GUILESS_MAIN(TestCliMerge)
#include "test_cli_merge.moc"
