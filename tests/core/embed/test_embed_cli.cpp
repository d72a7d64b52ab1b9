// `crsw embed` as a user runs it: usage errors exit 2, bad input exits 1
// naming the file, a run writes W/embeddings/ and prints a summary.
#include "data/demo/demo_world.h"
#include "pipeline/workspace.h"

#include "test_paths.h"

#include <QtTest>

using namespace crsw;

namespace {

struct Run {
    int code = -1;
    QString out;
    QString err;
};

Run runCrsw(const QStringList &args)
{
    QProcess process;
    process.start(test::crswExecutable(), args);
    if (!process.waitForFinished(300000))
        process.kill();
    return Run{process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
               QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

} // namespace

class TestEmbedCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void usageErrors_data();
    void usageErrors();
    void notAWorkspace();
    void embedsTheWorkspace();

private:
    QString workspaceDir() const { return m_dir.filePath(QStringLiteral("ws")); }
    QTemporaryDir m_dir;
};

void TestEmbedCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const std::string root = workspaceDir().toStdString();
    Workspace ws = Workspace::create(root, "cli");
    DemoWorldOptions world;
    world.items = 25;
    world.users = 60;
    world.reviews = 400;
    world.testTurns = 10;
    Progress quiet;
    generateDemoWorld(DemoWorldPaths::inFolder(root + "/data", root + "/benchmarks/demo"), world, quiet);
    ws.setSeedCorpus({"data/reviews.jsonl.gz", "data/meta.jsonl.gz"});
    ws.save();
}

void TestEmbedCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    const QString ws = workspaceDir();
    QTest::newRow("no workspace") << QStringList{QStringLiteral("embed")} << QStringLiteral("--workspace");
    QTest::newRow("dimension 0") << QStringList{QStringLiteral("embed"), QStringLiteral("--workspace"), ws, QStringLiteral("--dim"), QStringLiteral("0")}
                                 << QStringLiteral("--dim must be at least 1");
    QTest::newRow("unknown embedder") << QStringList{QStringLiteral("embed"), QStringLiteral("--workspace"), ws, QStringLiteral("--embedder"), QStringLiteral("bert")}
                                      << QStringLiteral("unknown --embedder 'bert'");
    QTest::newRow("bad user value") << QStringList{QStringLiteral("embed"), QStringLiteral("--workspace"), ws, QStringLiteral("--user-value"), QStringLiteral("stars")}
                                    << QStringLiteral("--user-value must be rating or presence");
    QTest::newRow("max-df above 1") << QStringList{QStringLiteral("embed"), QStringLiteral("--workspace"), ws, QStringLiteral("--max-df"), QStringLiteral("1.5")}
                                    << QStringLiteral("--max-df must be in (0, 1]");
}

void TestEmbedCli::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const Run run = runCrsw(args);
    QCOMPARE(run.code, 2);
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
}

void TestEmbedCli::notAWorkspace()
{
    const Run run = runCrsw({QStringLiteral("embed"), QStringLiteral("--workspace"), m_dir.filePath(QStringLiteral("nothing"))});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(m_dir.filePath(QStringLiteral("nothing"))), qPrintable(run.err));
}

void TestEmbedCli::embedsTheWorkspace()
{
    const Run help = runCrsw({QStringLiteral("embed"), QStringLiteral("--help")});
    QCOMPARE(help.code, 0);
    QVERIFY(help.out.contains(QStringLiteral("--user-rank")));
    const Run run = runCrsw({QStringLiteral("embed"), QStringLiteral("--workspace"), workspaceDir(), QStringLiteral("--dim"),
                             QStringLiteral("16"), QStringLiteral("--item-dim"), QStringLiteral("8"), QStringLiteral("--user-rank"),
                             QStringLiteral("4"), QStringLiteral("--seed"), QStringLiteral("3"), QStringLiteral("--min-df"),
                             QStringLiteral("1"), QStringLiteral("--user-value"), QStringLiteral("presence")});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QVERIFY2(run.out.contains(QStringLiteral("Embedded 400 reviews, 25 items and 60 users")), qPrintable(run.out));
    QVERIFY(run.out.contains(QStringLiteral("reviews: 400 x 16")));
    QVERIFY(run.out.contains(QStringLiteral("users:   60 x 4 (presence)")));
    for (const char *file : {"reviews.npy", "items.npy", "users.npy", "review_items.npy", "review_users.npy", "manifest.json"})
        QVERIFY2(QFileInfo::exists(workspaceDir() + QStringLiteral("/embeddings/") + QLatin1String(file)), file);
    QFile manifest(workspaceDir() + QStringLiteral("/embeddings/manifest.json"));
    QVERIFY(manifest.open(QIODevice::ReadOnly));
    const QByteArray text = manifest.readAll();
    QVERIFY(text.contains("\"seed\": 3"));
    QVERIFY(text.contains("\"min_df\": 1"));
}

QTEST_APPLESS_MAIN(TestEmbedCli)
#include "test_embed_cli.moc"
