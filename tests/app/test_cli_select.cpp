// `crsw select` as a user runs it: a strategy sweep on a workspace, a bare
// .npy with given centres, usage errors (exit 2) and input errors (exit 1)
// that say what is wrong.
#include "cli_run.h"
#include "test_paths.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <cstring>

namespace {

using Run = crsw::test::CliRun;
using crsw::test::runCrsw;

nlohmann::json readJson(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return nlohmann::json::parse(file.readAll().toStdString());
}

// A float32 C-order .npy of rows x cols, values from f(i, j).
void writeNpy(const QString &path, int rows, int cols, float (*f)(int, int))
{
    QByteArray header = QByteArrayLiteral("{'descr': '<f4', 'fortran_order': False, 'shape': (")
                        + QByteArray::number(rows) + ", " + QByteArray::number(cols) + "), }";
    header += QByteArray((64 - (10 + header.size() + 1) % 64) % 64, ' ') + '\n';
    QByteArray bytes("\x93NUMPY\x01\x00", 8);
    bytes += char(header.size() & 0xff);
    bytes += char(header.size() >> 8);
    bytes += header;
    for (int i = 0; i < rows; ++i)
        for (int j = 0; j < cols; ++j) {
            const float v = f(i, j);
            bytes.append(reinterpret_cast<const char *>(&v), sizeof v);
        }
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(bytes);
}

} // namespace

class TestCliSelect : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_ws;

private Q_SLOTS:
    void initTestCase()
    {
        m_ws = m_dir.filePath(QStringLiteral("ws"));
        QCOMPARE(runCrsw({QStringLiteral("demo"), QStringLiteral("--workspace"), m_ws}).code, 0);
        const Run embed = runCrsw({QStringLiteral("embed"), QStringLiteral("--workspace"), m_ws, QStringLiteral("--dim"),
                                   QStringLiteral("32"), QStringLiteral("--item-dim"), QStringLiteral("16")});
        QVERIFY2(embed.code == 0, qPrintable(embed.err));
    }

    void sweepOnAWorkspace()
    {
        for (const char *strategy : {"RANDOM_UNIFORM", "JS", "FISHER", "METADATA_JS", "METADATA_FISHER", "USER_JS",
                                     "USER_FISHER"}) {
            // One option set for the whole sweep: options a strategy does not use are noted.
            const Run run = runCrsw({QStringLiteral("select"), QStringLiteral("--workspace"), m_ws, QStringLiteral("--strategy"),
                                     QLatin1String(strategy), QStringLiteral("--budget"), QStringLiteral("30"),
                                     QStringLiteral("--clusters"), QStringLiteral("6"), QStringLiteral("--lambda"),
                                     QStringLiteral("0.5"), QStringLiteral("--seed"), QStringLiteral("2")});
            QVERIFY2(run.code == 0, qPrintable(run.err));
            const QString file = m_ws + QStringLiteral("/selections/") + QLatin1String(strategy) + QStringLiteral("_B30_seed2.json");
            QVERIFY2(run.out.contains(QStringLiteral("Wrote ")), qPrintable(run.out));
            const nlohmann::json sel = readJson(file);
            QCOMPARE(QString::fromStdString(sel.at("strategy").get<std::string>()), QLatin1String(strategy));
            QCOMPARE(sel.at("picks").size(), std::size_t(30));
            QCOMPARE(sel.at("scores").size(), std::size_t(30));
            const bool js = std::strstr(strategy, "JS") != nullptr, fisher = std::strstr(strategy, "FISHER") != nullptr;
            QCOMPARE(sel.at("params").contains("clusters"), js);
            if (fisher)
                QCOMPARE(sel.at("params").at("lambda").get<double>(), 0.5);
            else
                QVERIFY2(run.err.contains(QStringLiteral("--lambda does not apply")), qPrintable(run.err));
        }
        // Same seed, same picks.
        const nlohmann::json first = readJson(m_ws + QStringLiteral("/selections/JS_B30_seed2.json"));
        const QString again = m_dir.filePath(QStringLiteral("again.json"));
        const QString csv = m_dir.filePath(QStringLiteral("again.csv"));
        QCOMPARE(runCrsw({QStringLiteral("select"), QStringLiteral("--workspace"), m_ws, QStringLiteral("--strategy"),
                          QStringLiteral("js"), QStringLiteral("--budget"), QStringLiteral("30"), QStringLiteral("--clusters"),
                          QStringLiteral("6"), QStringLiteral("--seed"), QStringLiteral("2"), QStringLiteral("--out"), again,
                          QStringLiteral("--csv"), csv})
                     .code,
                 0);
        QCOMPARE(readJson(again).at("picks"), first.at("picks"));
        QFile csvFile(csv);
        QVERIFY(csvFile.open(QIODevice::ReadOnly));
        QVERIFY(csvFile.readLine().startsWith("step,row,score,cluster,item,user"));
    }

    void bareNpyWithCentres()
    {
        const QString x = m_dir.filePath(QStringLiteral("x.npy")), c = m_dir.filePath(QStringLiteral("c.npy"));
        writeNpy(x, 40, 3, [](int i, int j) { return float((i * 5 + j * 7) % 13) + 1.0f; });
        writeNpy(c, 4, 3, [](int i, int j) { return float(i + j) + 1.0f; });
        const QString out = m_dir.filePath(QStringLiteral("sel.json"));
        const Run run = runCrsw({QStringLiteral("select"), QStringLiteral("--embeddings"), x, QStringLiteral("--strategy"),
                                 QStringLiteral("JS"), QStringLiteral("--budget"), QStringLiteral("10"),
                                 QStringLiteral("--centers"), c, QStringLiteral("--tau"), QStringLiteral("0.5"),
                                 QStringLiteral("--out"), out});
        QVERIFY2(run.code == 0, qPrintable(run.err));
        const nlohmann::json sel = readJson(out);
        QCOMPARE(sel.at("params").at("clusters").get<int>(), 4);
        QCOMPARE(sel.at("params").at("tau").get<double>(), 0.5);
        QVERIFY(sel.at("clusters").at("centers_given").get<bool>());
        QVERIFY(run.out.contains(QStringLiteral("given 4 centres")));
    }

    void errors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        const QString x = QStringLiteral("X.npy");
        QTest::newRow("no source") << QStringList{QStringLiteral("--strategy"), QStringLiteral("JS"), QStringLiteral("--budget"), QStringLiteral("3")}
                                   << 2 << QStringLiteral("give either --workspace or --embeddings");
        QTest::newRow("unknown strategy") << QStringList{QStringLiteral("--embeddings"), x, QStringLiteral("--strategy"), QStringLiteral("KCENTER"),
                                                         QStringLiteral("--budget"), QStringLiteral("3"), QStringLiteral("--out"), QStringLiteral("o.json")}
                                          << 2 << QStringLiteral("valid: RANDOM_UNIFORM, JS, FISHER");
        QTest::newRow("variant on a bare file") << QStringList{QStringLiteral("--embeddings"), x, QStringLiteral("--strategy"), QStringLiteral("USER_JS"),
                                                               QStringLiteral("--budget"), QStringLiteral("3"), QStringLiteral("--out"), QStringLiteral("o.json")}
                                                << 2 << QStringLiteral("only RANDOM_UNIFORM, JS and FISHER apply");
        QTest::newRow("no --out") << QStringList{QStringLiteral("--embeddings"), x, QStringLiteral("--strategy"), QStringLiteral("JS"),
                                                 QStringLiteral("--budget"), QStringLiteral("3")}
                                  << 2 << QStringLiteral("--out SEL.json is required");
        QTest::newRow("budget 0") << QStringList{QStringLiteral("--embeddings"), x, QStringLiteral("--strategy"), QStringLiteral("JS"),
                                                 QStringLiteral("--budget"), QStringLiteral("0"), QStringLiteral("--out"), QStringLiteral("o.json")}
                                  << 2 << QStringLiteral("--budget must be at least 1");
        QTest::newRow("budget > n") << QStringList{QStringLiteral("--embeddings"), x, QStringLiteral("--strategy"), QStringLiteral("FISHER"),
                                                   QStringLiteral("--budget"), QStringLiteral("41"), QStringLiteral("--out"), QStringLiteral("o.json")}
                                    << 1 << QStringLiteral("budget: the budget 41 exceeds the 40 samples");
        QTest::newRow("K > n") << QStringList{QStringLiteral("--embeddings"), x, QStringLiteral("--strategy"), QStringLiteral("JS"),
                                              QStringLiteral("--budget"), QStringLiteral("4"), QStringLiteral("--clusters"), QStringLiteral("41"),
                                              QStringLiteral("--out"), QStringLiteral("o.json")}
                               << 1 << QStringLiteral("clusters: K must be between 1 and the 40 samples");
        QTest::newRow("centres of another width") << QStringList{QStringLiteral("--embeddings"), x, QStringLiteral("--strategy"), QStringLiteral("JS"),
                                                                 QStringLiteral("--budget"), QStringLiteral("4"), QStringLiteral("--centers"), QStringLiteral("C5.npy"),
                                                                 QStringLiteral("--out"), QStringLiteral("o.json")}
                                                  << 1 << QStringLiteral("centers: the centres have 5 dimensions but the features have 3");
        QTest::newRow("zero row") << QStringList{QStringLiteral("--embeddings"), QStringLiteral("Z.npy"), QStringLiteral("--strategy"), QStringLiteral("RANDOM_UNIFORM"),
                                                 QStringLiteral("--budget"), QStringLiteral("4"), QStringLiteral("--out"), QStringLiteral("o.json")}
                                  << 1 << QStringLiteral("Z.npy: row 6: the vector is all zero");
        QTest::newRow("missing file") << QStringList{QStringLiteral("--embeddings"), QStringLiteral("nothing.npy"), QStringLiteral("--strategy"), QStringLiteral("JS"),
                                                     QStringLiteral("--budget"), QStringLiteral("4"), QStringLiteral("--out"), QStringLiteral("o.json")}
                                      << 1 << QStringLiteral("nothing.npy");
    }

    void errors()
    {
        QFETCH(QStringList, args);
        QFETCH(int, code);
        QFETCH(QString, message);
        writeNpy(m_dir.filePath(QStringLiteral("X.npy")), 40, 3, [](int i, int j) { return float(i + j) + 1.0f; });
        writeNpy(m_dir.filePath(QStringLiteral("C5.npy")), 2, 5, [](int i, int j) { return float(i * j) + 1.0f; });
        writeNpy(m_dir.filePath(QStringLiteral("Z.npy")), 10, 3, [](int i, int) { return i == 6 ? 0.0f : 1.0f; });
        QStringList full{QStringLiteral("select")};
        for (const QString &arg : args)
            full << (arg.endsWith(QStringLiteral(".npy")) || arg.endsWith(QStringLiteral(".json")) ? m_dir.filePath(arg) : arg);
        const Run run = runCrsw(full);
        QCOMPARE(run.code, code);
        QVERIFY2(run.err.contains(message), qPrintable(run.err));
    }
};

QTEST_APPLESS_MAIN(TestCliSelect)
#include "test_cli_select.moc"
