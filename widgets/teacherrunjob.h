#pragma once

#include "joboutcome.h"
#include "teacherestimate.h"
#include "teachersettings.h"

#include "pipeline/synth_stage.h"
#include "pipeline/workspace.h"
#include "teacher/teacher_stats.h"

#include <QFutureWatcher>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>

namespace crsw {

class Job;
class JobRunner;
class TeacherRunBackend;

/// One synthesis run (synthesizeWorkspace, METHOD.md §4) on a worker thread
/// through the JobRunner, with the offline synthesizer or the HTTP teacher.
/// A teacher run stops before sending anything and hands the estimate to the
/// GUI (estimateReady); the worker waits until confirm() says whether to
/// send. While it runs, the teacher's figures are polled on the GUI thread
/// every 250 ms (statsChanged). Cancel stops it; the records written stay, and
/// running it again with the same output resumes.
class TeacherRunJob : public QObject {
    Q_OBJECT
public:
    /// What to run.
    struct Request {
        std::shared_ptr<const Workspace> workspace;
        SynthStageOptions options;      ///< selection, output, seed, baseline, limit (backend, chat set here)
        TeacherSettings settings;       ///< offline or the endpoint
        QString sessionKey;             ///< the key typed for the session ("" = looked up)
        qint64 measuredLatencyMs = -1;  ///< for the time estimate
    };

    /// A job that runs through `runner`.
    explicit TeacherRunJob(JobRunner *runner, QObject *parent = nullptr);
    /// Cancels a running run (the runner joins it).
    ~TeacherRunJob() override;

    /// Starts a run (ignored while one runs).
    void start(const Request &request);
    /// Answers the estimate: send the requests, or end the run without sending.
    void confirm(bool send);
    /// Stops the run (also a run waiting for confirm()).
    void cancel();
    /// True while a run is under way.
    bool isRunning() const { return m_running; }
    /// True while the worker waits for confirm().
    bool isWaitingForConfirmation() const { return m_waiting; }
    /// The teacher's figures of the current (or last) run; zero for offline runs.
    TeacherStats stats() const;

Q_SIGNALS:
    /// A teacher run's estimate, before anything is sent; answer with confirm().
    void estimateReady(const crsw::TeacherEstimate &estimate);
    /// The run's progress (GUI thread).
    void progressChanged(double fraction, const QString &message);
    /// The teacher's live figures.
    void statsChanged(const crsw::TeacherStats &stats);
    /// The run ended.
    void finished(const crsw::JobOutcome<crsw::SynthStageSummary> &outcome);

private:
    struct Gate;
    void onEstimate(const TeacherEstimate &estimate);
    void onFinished();

    JobRunner *m_runner;
    QFutureWatcher<JobOutcome<SynthStageSummary>> m_watcher;
    QPointer<Job> m_job;
    std::shared_ptr<Gate> m_gate;
    std::shared_ptr<TeacherRunBackend> m_backend;
    QTimer m_poll;
    bool m_running = false;
    bool m_waiting = false;
};

} // namespace crsw
