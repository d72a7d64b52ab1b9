#pragma once

#include "joboutcome.h"
#include "pipeline/workspace.h"
#include "train/sft_trainer.h"

#include <QFutureWatcher>
#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <atomic>
#include <functional>
#include <memory>

class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;

namespace crsw {

class Job;
class JobRunner;
class MessageBanner;
class TrainingBasePanel;
class TrainingChatBox;
class TrainingCheckpointModel;
class TrainingMetricsFeed;
class TrainingPlot;
class TrainingSettingsForm;

/// The Fine-tuning page (METHOD.md §5): choose a base model (checked on a
/// worker thread, with its size and memory needs) or Scratch, a small model
/// whose tokenizer is learnt from the chat JSONL (the form then switches to
/// its defaults for random weights), the chat JSONL and the run settings,
/// then Start; Pause/Resume and Cancel act between steps (both write a
/// checkpoint) and Resume Run continues an interrupted run.
/// Training runs core/train's trainSft through the JobRunner; its steps (and
/// the periodic He et al. evaluation, when a test set is chosen) reach the
/// live plots through a locked feed that the GUI drains at most every 40 ms.
/// Runs go to the form's device choice (CPU, a CUDA device or Automatic),
/// which the status line names, and which "Try it" and the memory estimate
/// follow. Below: the run's checkpoints and outputs with adapter (PEFT) and
/// model (HF safetensors) export, a merged model from any LoRA adapter
/// (exportMergedModel on a worker thread), and "Try it" to chat with the
/// chosen one.
class FinetuningPage : public QWidget {
    Q_OBJECT
public:
    explicit FinetuningPage(JobRunner *runner, QWidget *parent = nullptr);
    /// Asks a running training job to stop (the runner joins it).
    ~FinetuningPage() override;

    /// Shows a workspace: default data, run folder and test set. A run in
    /// progress is cancelled (it writes its checkpoint first).
    void setWorkspace(std::shared_ptr<const Workspace> workspace);

    /// Starts a new run with the form's settings (no-op while one runs; a
    /// refusal is shown in the banner and returns false).
    bool startTraining();
    /// Continues the run folder's latest checkpoint.
    bool resumeTraining();
    /// --train: checks `baseFolder` and, once it passes, starts a short look
    /// at training with the form's defaults: 40 LoRA steps, evaluating every
    /// 10 steps on 8 turns of the workspace's first benchmark when it has one.
    void trainWhenReady(const QString &baseFolder);
    /// Pauses (true) or resumes (false) the running job between steps.
    void setPaused(bool paused);
    /// Cancels the running job (it checkpoints the last finished step).
    void cancelTraining();
    bool isRunning() const { return m_running; }
    bool isPaused() const;

    /// Copies the adapter of the checkpoint table's `row` into `target` on a worker thread.
    void exportAdapter(int row, const QString &target);
    /// Copies the model folder of `row` (RUN/model or RUN/merged) into `target` on a worker thread.
    void exportModel(int row, const QString &target);
    /// Folds the LoRA adapter of `row` (a LoRA checkpoint or RUN/adapter) into
    /// the base its adapter_config.json names and writes the Hugging Face
    /// folder `target` (new or empty) on a worker thread; exported() reports.
    void exportMerged(int row, const QString &target);
    /// Saves the plots (PNG, PDF or SVG by suffix); returns the error or empty.
    QString exportPlot(const QString &path);
    /// Re-reads the run folder's checkpoints and outputs.
    void refreshCheckpoints();

    /// Parts of the page (the main window, --train and tests reach them here).
    TrainingBasePanel *basePanel() const { return m_base; }
    TrainingSettingsForm *form() const { return m_form; }
    TrainingPlot *plot() const { return m_plot; }
    TrainingCheckpointModel *checkpointModel() const { return m_checkpoints; }
    QTableView *checkpointView() const { return m_checkpointView; }
    TrainingChatBox *chatBox() const { return m_chat; }
    MessageBanner *banner() const { return m_banner; }
    /// The status line under the buttons.
    QString statusText() const;
    /// The device the current or last run trains on ("cpu", "cuda:0"; empty before a run).
    QString runDevice() const { return m_runDevice; }
    /// The last finished run's result (null before one finishes).
    std::shared_ptr<const SftResult> lastResult() const { return m_result; }

Q_SIGNALS:
    /// A training job ended: finished, cancelled (a checkpoint was written), or failed.
    void trainingFinished(bool succeeded, bool cancelled);
    /// The state of the buttons changed (running, paused).
    void runStateChanged();
    /// An export wrote `path` (empty error) or failed.
    void exported(const QString &path, const QString &error);

private:
    void buildLayout();
    bool launch(bool resume);
    void onTrainingFinished();
    void onProgress(double fraction, const QString &message);
    void drainFeed();
    void updateActions();
    void updateChatModel();
    void exportEntry(int row, const QString &target, bool adapter);
    /// Runs an export on a worker: the banner follows its progress and shows the
    /// message `work` returns, or `errorPrefix` + the error; exported() follows.
    void runExport(const QString &title, const QString &target, std::function<QString(Progress &)> work,
                   const QString &errorPrefix = {});
    void chooseAndExport(bool adapter);
    void chooseAndExportMerged();
    /// The checkpoints table's row of `path` now, or -1 (and a banner) when it is gone.
    int rowOfEntry(const QString &path);
    void chooseAndExportPlot();
    void updateDevice();

    JobRunner *m_runner;
    std::shared_ptr<const Workspace> m_workspace;
    std::shared_ptr<TrainingMetricsFeed> m_feed;
    std::shared_ptr<std::atomic_bool> m_pause;
    std::shared_ptr<std::atomic_bool> m_drainPending; // set by the worker's hint, cleared by the drain
    std::shared_ptr<const SftResult> m_result;
    QFutureWatcher<JobOutcome<SftResult>> m_watcher;
    QPointer<Job> m_job;
    bool m_running = false;
    bool m_startWhenChecked = false; // trainWhenReady() waits for the base check
    std::int64_t m_lastStep = 0;
    std::int64_t m_totalSteps = 0;
    double m_lastLoss = 0.0;
    double m_tokensPerSecond = 0.0;
    QString m_runDevice; // resolved at launch: what the status line names
    QTimer m_drainTimer;      // 40 ms, single shot: at most 25 replots a second
    QTimer m_checkpointTimer; // re-lists the run folder while a run goes on

    MessageBanner *m_banner;
    TrainingBasePanel *m_base;
    TrainingSettingsForm *m_form;
    QPushButton *m_start;
    QPushButton *m_pauseButton;
    QPushButton *m_cancel;
    QPushButton *m_resumeRun;
    QProgressBar *m_progress;
    QLabel *m_status;
    /// The status line still shows the idle prompt (no run started yet), so it
    /// follows whether Start is possible.
    bool m_statusIsPrompt = true;
    TrainingPlot *m_plot;
    QPushButton *m_exportPlot;
    TrainingCheckpointModel *m_checkpoints;
    QTableView *m_checkpointView;
    QPushButton *m_exportAdapter;
    QPushButton *m_exportModel;
    QPushButton *m_exportMerged;
    TrainingChatBox *m_chat;
};

} // namespace crsw
