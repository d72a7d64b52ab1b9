#include "jobrunner.h"

#include "common/error.h"

#include <QFutureWatcher>
#include <QMetaObject>
#include <QThread>

#include <exception>
#include <new>

namespace crsw {

JobRunner::JobRunner(QObject *parent, const QString &poolName, int maxThreads)
    : QObject(parent)
{
    m_pool.setObjectName(poolName);
    m_pool.setMaxThreadCount(maxThreads > 0 ? maxThreads : QThread::idealThreadCount());
}

JobRunner::~JobRunner()
{
    shutdown();
}

Job *JobRunner::createJob(const QString &title)
{
    if (m_shutDown)
        return nullptr;
    auto *job = new Job(title, this);
    // The callback runs on the worker thread. It never touches the Job there:
    // it queues the update to the GUI thread, where the Job lives. The Job
    // outlives the work (it is deleted only after the future has finished),
    // and updates still queued when it is deleted are dropped with it.
    job->m_progress = Progress([job](double fraction, const std::string &message) {
        QMetaObject::invokeMethod(
            job, [job, fraction, text = QString::fromStdString(message)] { job->setProgress(fraction, text); },
            Qt::QueuedConnection);
    });
    return job;
}

void JobRunner::track(Job *job, const QFuture<void> &future)
{
    auto *watcher = new QFutureWatcher<void>(job);
    // Connect before setFuture() so that a job that has already finished is not missed.
    connect(watcher, &QFutureWatcher<void>::finished, this, [this, job] { finishJob(job); });
    watcher->setFuture(future);
    m_jobs.append(job);
    Q_EMIT jobStarted(job);
    Q_EMIT runningCountChanged(runningCount());
}

void JobRunner::finishJob(Job *job)
{
    if (!m_jobs.removeOne(job))
        return;
    job->markFinished();
    Q_EMIT jobFinished(job);
    Q_EMIT runningCountChanged(runningCount());
    job->deleteLater();
}

void JobRunner::cancelAll()
{
    for (Job *job : std::as_const(m_jobs))
        job->cancel();
}

void JobRunner::shutdown()
{
    m_shutDown = true;
    cancelAll();
    // Jobs still queued in the pool start, see the cancel flag and return at
    // their first check, so waiting for all of them is bounded.
    m_pool.waitForDone();
    const QList<Job *> jobs = std::exchange(m_jobs, {});
    for (Job *job : jobs) {
        job->markFinished();
        Q_EMIT jobFinished(job);
        job->deleteLater();
    }
    if (!jobs.isEmpty())
        Q_EMIT runningCountChanged(0);
}

void JobRunner::runGuarded(Progress &progress, const std::function<void()> &body, bool *cancelled, QString *error)
{
    try {
        // A job cancelled while it waited in the queue does no work at all.
        progress.throwIfCancelled();
        body();
    } catch (const Cancelled &) {
        *cancelled = true;
    } catch (const Error &e) {
        *error = QString::fromStdString(e.what());
    } catch (const std::bad_alloc &) {
        *error = tr("Out of memory.");
    } catch (const std::exception &e) {
        *error = QString::fromStdString(e.what());
    } catch (...) {
        *error = tr("Unknown error.");
    }
}

} // namespace crsw
