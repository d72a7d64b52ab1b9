#pragma once

#include "joboutcome.h"
#include "pipeline/workspace.h"

#include <QFutureWatcher>
#include <QObject>
#include <QPointer>
#include <QString>

#include <memory>

namespace crsw {

class Job;
class JobRunner;

/// The open workspace and the jobs that open, create or run it. Opening,
/// creating and the demo (generation of the synthetic movie world plus a first
/// pipeline run) all go through the JobRunner; the GUI thread only swaps the
/// finished Workspace in and tells the pages. Successful opens are added to
/// RecentWorkspaces.
class WorkspaceController : public QObject {
    Q_OBJECT
public:
    /// Runs its jobs through `runner`; no workspace is open at first.
    WorkspaceController(JobRunner *runner, QObject *parent = nullptr);

    /// The open workspace, or null before the first one is loaded. Shared with
    /// worker jobs that read it; never modified once published.
    std::shared_ptr<const Workspace> workspace() const { return m_workspace; }
    /// True while an open/create/pipeline job runs.
    bool isBusy() const { return m_opening || m_pipelineRunning; }

    /// Opens the workspace in `dir` on a worker thread.
    void openWorkspace(const QString &dir);
    /// Creates a workspace called `name` in `dir` (which must not hold one) and opens it.
    void createWorkspace(const QString &dir, const QString &name);
    /// Opens the demo workspace in `dir` (defaultDemoWorkspaceDir() when empty),
    /// generating it first if needed and running the pipeline once when its
    /// results are missing, so the Evaluation page has answers to score.
    void openDemoWorkspace(const QString &dir = QString());
    /// Points the open workspace's seed corpus at these files (saved to
    /// workspace.json on a worker thread), then re-opens it.
    void setSeedCorpus(const QString &reviews, const QString &metadata);
    /// Runs every pipeline stage that exists so far on the open workspace.
    void runPipeline();
    /// Cancels an open/create/pipeline job in progress.
    void cancel();

    /// The demo workspace's folder as the core defines it.
    static QString defaultDemoDir();

Q_SIGNALS:
    /// A workspace was opened; pages should show it.
    void workspaceChanged();
    /// Files inside the open workspace changed (a pipeline run wrote results).
    void workspaceFilesChanged();
    /// Opening, creating or running failed; `message` is the error text.
    void failed(const QString &title, const QString &message);
    /// A pipeline run finished; `summary` is the core's few-line report.
    void pipelineFinished(const QString &summary);
    /// isBusy() changed.
    void busyChanged(bool busy);

private:
    using WorkspaceWatcher = QFutureWatcher<JobOutcome<Workspace>>;
    using PipelineWatcher = QFutureWatcher<JobOutcome<QString>>;

    // Starts a job that ends with an opened workspace; `failure` titles its error.
    template <typename Work>
    void startOpen(const QString &title, const QString &failure, Work &&work);
    void onOpenFinished();
    void onPipelineFinished();

    JobRunner *m_runner;
    std::shared_ptr<const Workspace> m_workspace;
    WorkspaceWatcher m_openWatcher;
    PipelineWatcher m_pipelineWatcher;
    // The flags, not the Job pointers, say what runs: the runner may delete a
    // finished Job before the watcher here has reported its result.
    QPointer<Job> m_openJob;
    QPointer<Job> m_pipelineJob;
    bool m_opening = false;
    bool m_pipelineRunning = false;
    QString m_openFailure; // the error title of the running open job
};

} // namespace crsw
