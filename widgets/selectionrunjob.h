#pragma once

#include "joboutcome.h"

#include "pipeline/select_stage.h"
#include "pipeline/workspace.h"

#include <QFutureWatcher>
#include <QObject>
#include <QTimer>

#include <cstdint>
#include <memory>
#include <vector>

namespace crsw {

class Job;
class JobRunner;
class LiveSelectionTrace;

/// Runs one selection on a worker, exactly as `crsw select --workspace`
/// does (selectWorkspace: the record is written to W/selections/), and
/// streams its picks to the GUI thread: the core's PickObserver appends each
/// pick to a LiveSelectionTrace under its lock, and a 40 ms timer hands what
/// is new to picksArrived() (ARCHITECTURE.md: the GUI redraws at most every
/// 40 ms). One selection at a time.
class SelectionRunJob : public QObject {
    Q_OBJECT
public:
    /// Runs its selections through `runner`.
    explicit SelectionRunJob(JobRunner *runner, QObject *parent = nullptr);
    ~SelectionRunJob() override;

    /// Starts a selection titled `title`; returns its Job for progress and
    /// cancel (null when the runner is shut down: finished() follows, cancelled).
    Job *start(std::shared_ptr<const Workspace> workspace, const SelectStageOptions &options, const QString &title);
    /// True from start() until finished().
    bool isRunning() const { return m_running; }
    /// Forgets the running selection (its workspace is gone): no more signals for it.
    void abandon();

Q_SIGNALS:
    /// New picks, in pick order, continuing the earlier ones.
    void picksArrived(const std::vector<std::uint32_t> &rows, const std::vector<double> &scores);
    /// The selection ended; every pick was handed out by picksArrived() first.
    void finished(const crsw::JobOutcome<crsw::SelectStageSummary> &outcome);

private:
    void poll();
    void onFinished();

    JobRunner *m_runner;
    QFutureWatcher<JobOutcome<SelectStageSummary>> m_watcher;
    std::shared_ptr<LiveSelectionTrace> m_live;
    std::size_t m_taken = 0;
    QTimer m_timer;
    bool m_running = false;
};

} // namespace crsw
