#pragma once

#include "joboutcome.h"
#include "trainingbasecheck.h"

#include <QFutureWatcher>
#include <QGroupBox>
#include <QPointer>

#include <memory>

class QLabel;
class QPushButton;

namespace crsw {

class Job;
class JobRunner;
class TrainingFolderField;

/// The base model of a fine-tuning run: a Hugging Face folder chooser whose
/// choice is checked on a worker thread (TrainingBaseCheck), then the
/// architecture, sizes, parameter count and the memory a run needs (full and
/// LoRA, fp32 and bf16 autocast), or the reason the folder cannot be used.
class TrainingBasePanel : public QGroupBox {
    Q_OBJECT
public:
    enum class State { Empty, Checking, Valid, Invalid };

    TrainingBasePanel(JobRunner *runner, QWidget *parent = nullptr);

    /// Shows `folder` and checks it (a check still running is cancelled and ignored).
    void setFolder(const QString &folder);
    QString folder() const;
    /// Where "Scratch" writes (or reuses) a small Llama-architecture model
    /// with a byte-level tokenizer (core/train's writeScratchModel); empty hides the button.
    void setScratchFolder(const QString &folder);
    /// Recomputes the LoRA estimate for another rank or targets.
    void setLora(std::int64_t rank, const std::vector<std::string> &targets);
    /// The device a run would use ("cpu", "cuda:0"; resolveComputeDevice's
    /// answer): the memory table says whose memory it is. Empty: unknown.
    void setDevice(const QString &device);

    State state() const { return m_state; }
    /// The checked folder's facts (null unless Valid).
    std::shared_ptr<const TrainingBaseInfo> info() const { return m_info; }
    /// The text shown under the chooser (the facts, or the error).
    QString message() const;

Q_SIGNALS:
    /// The state changed (a check started or ended).
    void stateChanged(crsw::TrainingBasePanel::State state);

private:
    void onChecked();
    void showInfo();
    void setState(State state);

    JobRunner *m_runner;
    TrainingFolderField *m_folder;
    QLabel *m_summary;
    QLabel *m_memory;
    QPushButton *m_scratch;
    QString m_scratchFolder;
    QFutureWatcher<JobOutcome<TrainingBaseInfo>> m_watcher;
    std::shared_ptr<TrainingBaseInfo> m_info;
    QPointer<Job> m_job; // the running check, cancelled when another folder is chosen
    State m_state = State::Empty;
    quint64 m_generation = 0; // bumped per check; an outdated result is ignored
    std::int64_t m_rank = 8;
    std::vector<std::string> m_targets{"q_proj", "v_proj"};
    QString m_device;
};

} // namespace crsw
