#pragma once

#include "common/progress.h"
#include "job.h"
#include "joboutcome.h"

#include <QFuture>
#include <QList>
#include <QObject>
#include <QString>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <functional>
#include <memory>
#include <type_traits>
#include <utility>

namespace crsw {

/// Runs core jobs (plain synchronous functions taking a crsw::Progress&) on a
/// named QThreadPool through QtConcurrent, and keeps the GUI thread informed:
/// each job gets a Job object on the GUI thread whose progressChanged() is fed
/// from the worker through queued invocations, and cancel() reaches the core
/// through Progress's shared cancel flag. Results come back in a QFuture the
/// caller watches with its own QFutureWatcher. On destruction (or shutdown())
/// every running job is cancelled and joined, so no worker outlives the data
/// the GUI gave it. The pattern follows qt-creator's Utils::Async.
class JobRunner : public QObject {
    Q_OBJECT
public:
    /// A started job: its GUI-side Job (null if the runner is shut down) and
    /// the future of its outcome.
    template <typename T>
    struct Handle {
        Job *job = nullptr;
        QFuture<JobOutcome<T>> future;
    };

    /// A runner with its own thread pool named `poolName`; maxThreads <= 0
    /// means QThread::idealThreadCount().
    explicit JobRunner(QObject *parent = nullptr, const QString &poolName = QStringLiteral("crsw-jobs"),
                       int maxThreads = 0);
    /// Cancels and joins every running job.
    ~JobRunner() override;

    /// Starts `work` (callable as T(Progress&)) on the pool. Exceptions do not
    /// escape: crsw::Cancelled ends the job as cancelled, anything else as
    /// failed with the exception's text. After shutdown() the returned future
    /// is already finished and cancelled, and job is null.
    template <typename T, typename Work>
    Handle<T> start(const QString &title, Work &&work);

    /// The jobs still running, oldest first.
    const QList<Job *> &jobs() const { return m_jobs; }
    /// How many jobs are running.
    int runningCount() const { return int(m_jobs.size()); }
    /// Asks every running job to stop (does not wait).
    void cancelAll();
    /// Cancels every job and blocks until all have returned; start() refuses
    /// new work afterwards. Called by the destructor and on application exit.
    void shutdown();
    /// True after shutdown().
    bool isShutDown() const { return m_shutDown; }
    /// The pool the jobs run on.
    QThreadPool *threadPool() { return &m_pool; }

Q_SIGNALS:
    /// A job was started (GUI thread).
    void jobStarted(crsw::Job *job);
    /// A job's work returned; the Job is deleted later (GUI thread).
    void jobFinished(crsw::Job *job);
    /// The number of running jobs changed.
    void runningCountChanged(int count);

private:
    Job *createJob(const QString &title);
    void track(Job *job, const QFuture<void> &future);
    void finishJob(Job *job);
    static Progress progressOf(const Job *job) { return job->m_progress; }
    // Runs body, turning exceptions into the outcome's cancelled flag or error text.
    static void runGuarded(Progress &progress, const std::function<void()> &body, bool *cancelled, QString *error);

    QThreadPool m_pool;
    QList<Job *> m_jobs; // running jobs; GUI thread only
    bool m_shutDown = false;
};

template <typename T, typename Work>
JobRunner::Handle<T> JobRunner::start(const QString &title, Work &&work)
{
    static_assert(std::is_invocable_r_v<T, Work &, Progress &>, "work must be callable as T(crsw::Progress &)");
    Handle<T> handle;
    Job *job = createJob(title);
    if (!job) {
        JobOutcome<T> refused;
        refused.cancelled = true;
        handle.future = QtFuture::makeReadyFuture(std::move(refused));
        return handle;
    }
    handle.job = job;
    handle.future = QtConcurrent::run(&m_pool, [progress = progressOf(job),
                                                work = std::forward<Work>(work)]() mutable -> JobOutcome<T> {
        JobOutcome<T> outcome;
        runGuarded(
            progress, [&] { outcome.value = std::make_shared<T>(work(progress)); }, &outcome.cancelled,
            &outcome.error);
        return outcome;
    });
    track(job, QFuture<void>(handle.future));
    return handle;
}

} // namespace crsw
