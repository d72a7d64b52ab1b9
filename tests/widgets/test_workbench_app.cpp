// The crsw-workbench executable itself (main.cpp): --help and --version need
// no display, usage errors exit with 2, and --demo --page --evaluate
// --screenshot creates the demo workspace, scores it and saves a grab, with
// settings and data kept in a temporary home.
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

class TestWorkbenchApp : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void helpAndVersionNeedNoDisplay();
    void usageErrorsExitWithTwo();
    void screenshotOfEvaluatedDemo();

private:
    struct Result {
        int exitCode = -1;
        QString output;
    };
    Result run(const QStringList &arguments, bool display, int timeoutMs = 600000);

    QTemporaryDir m_home;
};

void TestWorkbenchApp::initTestCase()
{
    QVERIFY(m_home.isValid());
    QVERIFY(QFileInfo(QStringLiteral(CRSW_WORKBENCH_EXECUTABLE)).isExecutable());
}

TestWorkbenchApp::Result TestWorkbenchApp::run(const QStringList &arguments, bool display, int timeoutMs)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), m_home.path());
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    // Without a display QApplication would abort: only the offscreen platform, when asked for.
    if (display)
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    else
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral(CRSW_WORKBENCH_EXECUTABLE), arguments);
    Result result;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        result.output = QStringLiteral("timed out");
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.output = QString::fromLocal8Bit(process.readAll());
    return result;
}

void TestWorkbenchApp::helpAndVersionNeedNoDisplay()
{
    const Result help = run({QStringLiteral("--help")}, false);
    QCOMPARE(help.exitCode, 0);
    QVERIFY2(help.output.startsWith(QStringLiteral("Usage: crsw-workbench")), qPrintable(help.output));
    QVERIFY(help.output.contains(QStringLiteral("--screenshot <file>")));
    const Result version = run({QStringLiteral("--version")}, false);
    QCOMPARE(version.exitCode, 0);
    QVERIFY(version.output.startsWith(QStringLiteral("crsw-workbench ")));
}

void TestWorkbenchApp::usageErrorsExitWithTwo()
{
    const Result unknown = run({QStringLiteral("--frobnicate")}, false);
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY(unknown.output.contains(QStringLiteral("frobnicate")));
    const Result page = run({QStringLiteral("--page"), QStringLiteral("nowhere")}, false);
    QCOMPARE(page.exitCode, 2);
    QVERIFY(page.output.contains(QStringLiteral("Unknown page")));
    // Qt's own options are allowed; the error is still found after QApplication took them.
    const Result withQtOption =
        run({QStringLiteral("-platform"), QStringLiteral("offscreen"), QStringLiteral("--frobnicate")}, true);
    QCOMPARE(withQtOption.exitCode, 2);
}

void TestWorkbenchApp::screenshotOfEvaluatedDemo()
{
    const QString shot = m_home.filePath(QStringLiteral("shots/evaluation.png"));
    const Result result = run({QStringLiteral("--demo"), QStringLiteral("--page"), QStringLiteral("Evaluation"),
                               QStringLiteral("--evaluate"), QStringLiteral("--screenshot"), shot},
                              true);
    QVERIFY2(result.exitCode == 0, qPrintable(result.output));
    QVERIFY(result.output.contains(QStringLiteral("Saved a 1280×800 screenshot")));
    QCOMPARE(QImage(shot).size(), QSize(1280, 800));
    QVERIFY(QFileInfo::exists(m_home.filePath(QStringLiteral("data/crsw-workbench/demo-workspace/workspace.json"))));
    // The demo was remembered as the recent workspace.
    QFile settings(m_home.filePath(QStringLiteral("config/crsw/crsw-workbench.conf")));
    QVERIFY(settings.open(QIODevice::ReadOnly));
    QVERIFY(settings.readAll().contains("demo-workspace"));
}

QTEST_GUILESS_MAIN(TestWorkbenchApp)
#include "test_workbench_app.moc"
