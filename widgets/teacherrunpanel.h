#pragma once

#include "joboutcome.h"
#include "teacherestimate.h"

#include "pipeline/synth_stage.h"
#include "pipeline/workspace.h"
#include "teacher/teacher_stats.h"

#include <QGroupBox>

#include <memory>

class QCheckBox;
class QComboBox;
class QFrame;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace crsw {

class JobRunner;
class TeacherRunJob;
class TeacherSettingsForm;

/// The synthesis run: the selection (W/selections/*.json), the output
/// (W/synthetic/<name>.jsonl), seed, baseline mode and limit; Run (Resume
/// when the output exists); for a teacher run the estimate (requests,
/// tokens, cost, time) to confirm before anything is sent; live progress
/// with the teacher's figures; Cancel. The teacher comes from `settings`.
class TeacherRunPanel : public QGroupBox {
    Q_OBJECT
public:
    /// A panel whose runs go through `runner` with the teacher `settings` shows.
    TeacherRunPanel(JobRunner *runner, TeacherSettingsForm *settings, QWidget *parent = nullptr);

    /// Shows a workspace's selections (or none).
    void setWorkspace(std::shared_ptr<const Workspace> workspace);
    /// Lists W/selections again.
    void refreshSelections();

    /// The chosen selection file ("" when none).
    QString selectionPath() const;
    /// Chooses a selection by path; false if it is not listed.
    bool setSelectionPath(const QString &path);
    /// The output file: W/synthetic/<name>.jsonl ("" without a workspace or name).
    QString outputPath() const;
    /// Sets the output's name (without folder or .jsonl).
    void setOutputName(const QString &name);
    /// The run's seed (plan and offline synthesizer).
    void setSeed(quint64 seed);
    /// The "GPT-generated" baseline mode: templates only.
    void setBaseline(bool baseline);
    /// Only the first `limit` picks (0 = all).
    void setLimit(int limit);

    /// Starts the run (a teacher run first shows its estimate).
    void run();
    /// Answers the estimate shown: send, or end the run without sending.
    void confirmEstimate(bool send);
    /// Cancels the run.
    void cancel();
    bool isRunning() const;
    /// The run's job (tests, the page).
    TeacherRunJob *job() const { return m_job; }
    /// The estimate text as shown ("" when none).
    QString estimateText() const;
    /// The live figures line as shown.
    QString statsText() const;
    /// The last run's result line as shown.
    QString summaryText() const;

Q_SIGNALS:
    /// The output file changed (the browser follows it).
    void outputChanged(const QString &path);
    /// A run ended (records may have been written to `path`).
    void runFinished(const QString &path, bool succeeded);

private:
    void updateDefaultName();
    void updateActions();
    void onEstimate(const TeacherEstimate &estimate);
    void onStats(const TeacherStats &stats);
    void onFinished(const JobOutcome<SynthStageSummary> &outcome);

    TeacherSettingsForm *m_settings;
    TeacherRunJob *m_job;
    std::shared_ptr<const Workspace> m_workspace;
    QString m_runningOutput;
    std::shared_ptr<const Workspace> m_runningWorkspace; // the workspace the running run writes to
    bool m_nameEdited = false;

    QComboBox *m_selection;
    QPushButton *m_refresh;
    QLineEdit *m_outputName;
    QSpinBox *m_seed;
    QCheckBox *m_baseline;
    QSpinBox *m_limit;
    QPushButton *m_run;
    QPushButton *m_cancel;
    QFrame *m_estimateBox;
    QLabel *m_estimate;
    QPushButton *m_send;
    QPushButton *m_dontSend;
    QProgressBar *m_progress;
    QLabel *m_message;
    QLabel *m_stats;
    QLabel *m_summary;
};

} // namespace crsw
