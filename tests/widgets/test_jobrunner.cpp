// JobRunner: work runs on the pool, progress reaches the GUI thread through
// queued calls, cancel stops a job (running or still queued), exceptions
// become outcomes, and destruction cancels and joins every job.
#include "jobrunner.h"

#include "common/error.h"

#include <QFutureWatcher>
#include <QThread>
#include <QtTest>

#include <atomic>
#include <chrono>
#include <thread>

using namespace crsw;

class TestJobRunner : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void poolIsNamed();
    void progressArrivesOnGuiThread();
    void returnsValuesAndErrors();
    void cancelStopsRunningJob();
    void cancelledQueuedJobNeverRuns();
    void runningCountFollowsJobs();
    void destructionCancelsAndJoins();
    void refusesWorkAfterShutdown();
};

namespace {
// Loops until cancelled (the shape of every core job's inner loop).
int spinUntilCancelled(Progress &progress, std::atomic<bool> *started = nullptr)
{
    if (started)
        *started = true;
    for (;;) {
        progress.throwIfCancelled();
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        progress.report(-1.0, "spinning");
    }
}
} // namespace

void TestJobRunner::poolIsNamed()
{
    JobRunner runner(nullptr, QStringLiteral("test-pool"), 3);
    QCOMPARE(runner.threadPool()->objectName(), QStringLiteral("test-pool"));
    QCOMPARE(runner.threadPool()->maxThreadCount(), 3);
}

void TestJobRunner::progressArrivesOnGuiThread()
{
    JobRunner runner;
    std::atomic<QThread *> workThread{nullptr};
    auto handle = runner.start<int>(QStringLiteral("counting"), [&workThread](Progress &progress) {
        workThread = QThread::currentThread();
        for (int i = 1; i <= 5; ++i) {
            progress.reportNow(i / 5.0, "step " + std::to_string(i));
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        return 42;
    });
    QVERIFY(handle.job);
    QList<QThread *> deliveredOn;
    QList<double> fractions;
    QString lastMessage;
    connect(handle.job, &Job::progressChanged, this, [&](double fraction, const QString &message) {
        deliveredOn << QThread::currentThread();
        fractions << fraction;
        lastMessage = message;
    });
    QFutureWatcher<JobOutcome<int>> watcher;
    watcher.setFuture(handle.future);
    QTRY_VERIFY_WITH_TIMEOUT(watcher.isFinished(), 10000);
    QTRY_VERIFY(!fractions.isEmpty() && fractions.constLast() == 1.0);

    QVERIFY(workThread.load() != nullptr);
    QVERIFY(workThread.load() != QThread::currentThread()); // the work ran on the pool
    for (QThread *thread : std::as_const(deliveredOn))
        QCOMPARE(thread, QThread::currentThread()); // progress arrived on the GUI thread
    QCOMPARE(lastMessage, QStringLiteral("step 5"));
    const JobOutcome<int> outcome = watcher.result();
    QVERIFY(outcome.succeeded());
    QCOMPARE(*outcome.value, 42);
}

void TestJobRunner::returnsValuesAndErrors()
{
    JobRunner runner;
    auto located = runner.start<int>(QStringLiteral("bad input"), [](Progress &) -> int {
        throw Error({"reviews.jsonl", 12, "rating"}, "expected a number");
    });
    auto plain = runner.start<int>(QStringLiteral("std exception"), [](Progress &) -> int {
        throw std::runtime_error("disk on fire");
    });
    auto fine = runner.start<QString>(QStringLiteral("fine"), [](Progress &) { return QStringLiteral("done"); });
    located.future.waitForFinished();
    plain.future.waitForFinished();
    fine.future.waitForFinished();

    const JobOutcome<int> error = located.future.result();
    QVERIFY(!error.succeeded());
    QVERIFY(!error.cancelled);
    QCOMPARE(error.error, QStringLiteral("reviews.jsonl:12: rating: expected a number"));
    QCOMPARE(plain.future.result().error, QStringLiteral("disk on fire"));
    QCOMPARE(*fine.future.result().value, QStringLiteral("done"));
}

void TestJobRunner::cancelStopsRunningJob()
{
    JobRunner runner;
    std::atomic<bool> started{false};
    auto handle = runner.start<int>(QStringLiteral("spin"), [&started](Progress &progress) {
        return spinUntilCancelled(progress, &started);
    });
    QTRY_VERIFY(started.load());
    QVERIFY(!handle.future.isFinished());
    QVERIFY(!handle.job->isCancelRequested());
    handle.job->cancel();
    QVERIFY(handle.job->isCancelRequested());
    QTRY_VERIFY_WITH_TIMEOUT(handle.future.isFinished(), 5000);
    const JobOutcome<int> outcome = handle.future.result();
    QVERIFY(outcome.cancelled);
    QVERIFY(!outcome.succeeded());
    QVERIFY(outcome.error.isEmpty());
}

void TestJobRunner::cancelledQueuedJobNeverRuns()
{
    JobRunner runner(nullptr, QStringLiteral("one-thread"), 1);
    std::atomic<bool> release{false};
    std::atomic<bool> secondRan{false};
    auto first = runner.start<int>(QStringLiteral("blocker"), [&release](Progress &) {
        while (!release)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        return 1;
    });
    auto second = runner.start<int>(QStringLiteral("queued"), [&secondRan](Progress &) {
        secondRan = true;
        return 2;
    });
    second.job->cancel(); // still waiting for the only thread
    release = true;
    first.future.waitForFinished();
    second.future.waitForFinished();
    QCOMPARE(*first.future.result().value, 1);
    QVERIFY(second.future.result().cancelled);
    QVERIFY(!secondRan.load());
}

void TestJobRunner::runningCountFollowsJobs()
{
    JobRunner runner;
    QSignalSpy counts(&runner, &JobRunner::runningCountChanged);
    QSignalSpy finished(&runner, &JobRunner::jobFinished);
    std::atomic<bool> release{false};
    auto handle = runner.start<int>(QStringLiteral("wait"), [&release](Progress &) {
        while (!release)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        return 0;
    });
    QCOMPARE(runner.runningCount(), 1);
    QCOMPARE(runner.jobs().constFirst()->title(), QStringLiteral("wait"));
    QPointer<Job> job = handle.job;
    release = true;
    QTRY_COMPARE(runner.runningCount(), 0);
    QCOMPARE(finished.count(), 1);
    QCOMPARE(counts.count(), 2); // 1 then 0
    QCOMPARE(counts.at(1).at(0).toInt(), 0);
    QTRY_VERIFY(job.isNull()); // the runner deletes finished jobs
}

void TestJobRunner::destructionCancelsAndJoins()
{
    std::atomic<bool> started{false};
    std::atomic<bool> returned{false};
    auto *runner = new JobRunner;
    auto handle = runner->start<int>(QStringLiteral("endless"), [&started, &returned](Progress &progress) {
        // Set on the way out, whether by return or by exception.
        struct Flag {
            std::atomic<bool> &flag;
            ~Flag() { flag = true; }
        } onExit{returned};
        return spinUntilCancelled(progress, &started);
    });
    QTRY_VERIFY(started.load());
    QVERIFY(!returned.load());
    delete runner; // must cancel and wait
    QVERIFY(returned.load());
    QVERIFY(handle.future.isFinished());
    QVERIFY(handle.future.result().cancelled);
}

void TestJobRunner::refusesWorkAfterShutdown()
{
    JobRunner runner;
    runner.shutdown();
    QVERIFY(runner.isShutDown());
    bool ran = false;
    auto handle = runner.start<int>(QStringLiteral("late"), [&ran](Progress &) {
        ran = true;
        return 1;
    });
    QVERIFY(handle.job == nullptr);
    QVERIFY(handle.future.isFinished());
    QVERIFY(handle.future.result().cancelled);
    QVERIFY(!ran);
}

QTEST_GUILESS_MAIN(TestJobRunner)
#include "test_jobrunner.moc"
