// Crash safety of the teacher journal: a helper process running 1,000
// requests is SIGKILLed mid-way and run again; the final records must equal
// an uninterrupted run's, and the server must not have answered any request
// twice beyond those on the wire at the kill.
#include "teacher/response_cache.h"

#include "fake_chat_server.h"
#include "test_files.h"

#include <QtTest>

#include <QProcess>
#include <QTemporaryDir>
#include <QThread>

#include <nlohmann/json.hpp>

using namespace crsw;
using crsw::test::FakeChatServer;
using crsw::test::FakeChatServerOptions;

namespace {

constexpr int kRequests = 1000;
constexpr int kConcurrency = 16;

struct Record {
    bool ok = false;
    std::string content;
    bool fromCache = false;
};

std::map<std::string, Record> readRecords(const QString &path, std::size_t *lines = nullptr)
{
    std::map<std::string, Record> records;
    const QList<QByteArray> all = QByteArray::fromStdString(test::readBytes(path)).split('\n');
    std::size_t n = 0;
    for (const QByteArray &line : all) {
        if (line.isEmpty())
            continue;
        // A line cut by the kill is not a record.
        const nlohmann::json j = nlohmann::json::parse(line.toStdString(), nullptr, false);
        if (j.is_discarded())
            continue;
        ++n;
        records[j["id"].get<std::string>()] = {j["ok"].get<bool>(), j["content"].get<std::string>(),
                                               j["fromCache"].get<bool>()};
    }
    if (lines)
        *lines = n;
    return records;
}

bool runHelper(const FakeChatServer &server, const QString &cache, const QString &out)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::ForwardedChannels);
    p.start(QStringLiteral(CRSW_TEACHER_RUN_HELPER),
            {QString::fromStdString(server.baseUrl()), cache, out, QString::number(kRequests), QString::number(kConcurrency)});
    return p.waitForFinished(300000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

} // namespace

class TestTeacherKill : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void killAndResume();
};

void TestTeacherKill::killAndResume()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    FakeChatServerOptions options;
    options.latencyMs = 20; // a run takes ~1.3 s, time enough to kill it mid-way

    // The uninterrupted run.
    FakeChatServer reference(options);
    QVERIFY(reference.start());
    QVERIFY(runHelper(reference, dir.filePath(QStringLiteral("a.sqlite")), dir.filePath(QStringLiteral("a.jsonl"))));
    const auto expected = readRecords(dir.filePath(QStringLiteral("a.jsonl")));
    QCOMPARE(int(expected.size()), kRequests);

    // The run that is killed.
    FakeChatServer server(options);
    QVERIFY(server.start());
    const QString cache = dir.filePath(QStringLiteral("b.sqlite"));
    QProcess victim;
    victim.setProcessChannelMode(QProcess::ForwardedChannels);
    victim.start(QStringLiteral(CRSW_TEACHER_RUN_HELPER),
                 {QString::fromStdString(server.baseUrl()), cache, dir.filePath(QStringLiteral("b1.jsonl")),
                  QString::number(kRequests), QString::number(kConcurrency)});
    QVERIFY(victim.waitForStarted());
    QElapsedTimer waited;
    waited.start();
    while (server.answeredCount() < std::size_t(kRequests * 2 / 5) && waited.elapsed() < 120000)
        QThread::msleep(2);
    victim.kill(); // SIGKILL
    QVERIFY(victim.waitForFinished(10000));
    QCOMPARE(victim.exitStatus(), QProcess::CrashExit);
    QThread::msleep(100); // let the server finish writing what it was answering
    const auto answeredBeforeKill = server.answersPerKey();
    std::size_t seenBeforeKill = 0;
    const auto partial = readRecords(dir.filePath(QStringLiteral("b1.jsonl")), &seenBeforeKill);
    qInfo("killed after %zu server answers, %zu results delivered", answeredBeforeKill.size(), seenBeforeKill);
    QVERIFY(seenBeforeKill > 0 && seenBeforeKill < std::size_t(kRequests));

    // The re-run completes the work.
    QVERIFY(runHelper(server, cache, dir.filePath(QStringLiteral("b2.jsonl"))));
    std::size_t lines = 0;
    const auto final = readRecords(dir.filePath(QStringLiteral("b2.jsonl")), &lines);
    QCOMPARE(lines, std::size_t(kRequests)); // one result per request, no duplicate
    QCOMPARE(final.size(), expected.size());
    for (const auto &[id, record] : expected) {
        const Record &got = final.at(id);
        QCOMPARE(got.ok, record.ok);
        QCOMPARE(got.content, record.content);
    }
    // Everything the sink saw before the kill was committed first.
    for (const auto &[id, record] : partial)
        QVERIFY2(final.at(id).fromCache, id.c_str());
    QCOMPARE(ResponseCache(cache.toStdString()).size(), std::size_t(kRequests));

    // Answered twice: only requests on the wire at the kill.
    int twice = 0;
    for (const auto &[key, n] : server.answersPerKey()) {
        QVERIFY2(n <= 2, key.c_str());
        if (n == 2) {
            QVERIFY(answeredBeforeKill.count(key));
            ++twice;
        }
    }
    qInfo("answered twice by the server: %d (concurrency %d)", twice, kConcurrency);
    QVERIFY(twice <= kConcurrency);
}

QTEST_GUILESS_MAIN(TestTeacherKill)
#include "test_teacher_kill.moc"
