#pragma once

#include "joboutcome.h"
#include "trainingbasecheck.h"

#include <QFutureWatcher>
#include <QGroupBox>
#include <QPointer>
#include <QTimer>

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
/// "Scratch" writes (or reuses) a small Llama-architecture model whose
/// byte-level BPE tokenizer is learnt from the training data, and follows
/// that data when it changes.
class TrainingBasePanel : public QGroupBox {
    Q_OBJECT
public:
    enum class State { Empty, Checking, Valid, Invalid };

    TrainingBasePanel(JobRunner *runner, QWidget *parent = nullptr);

    /// Shows `folder` and checks it (a check still running is cancelled and ignored).
    void setFolder(const QString &folder);
    QString folder() const;
    /// The folder "Scratch" writes its models into (WORKSPACE/models); empty hides the button.
    void setModelsFolder(const QString &folder);
    /// The run's training data (chat JSONL): what a scratch model's tokenizer
    /// is learnt from. When the base is a scratch model learnt on other data,
    /// the base follows (after a short pause, once the path names a file).
    void setTrainingData(const QString &chatJsonl);
    /// The folder "Scratch" uses for the current training data (empty without a models folder).
    QString scratchFolder() const { return scratchFolderFor(m_modelsFolder, m_trainingData); }
    /// MODELS/scratch-bpe4096-<stem of the chat file> ("x.chat.jsonl" -> "x.chat"), or
    /// MODELS/scratch-byte-llama without data (one token per byte).
    static QString scratchFolderFor(const QString &modelsFolder, const QString &chatJsonl);
    /// Writes a scratch model for the current training data into scratchFolder()
    /// on a worker thread, or reuses the one there when it was written for the
    /// same data (and the data has not changed since), then checks it as the base.
    /// Meanwhile the summary shows the tokenizer's progress and the Scratch
    /// button reads "Cancel"; cancelled, nothing is left in the models folder.
    void useScratchModel();
    /// A scratch model is being written (its tokenizer learnt).
    bool isWritingScratchModel() const { return m_writing; }
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
    /// The checked base is a model initialised from scratch (config.json "crsw_scratch": true).
    bool isScratch() const { return m_info && m_scratchBase; }
    /// A data change is pending: a scratch base follows it when the timer fires.
    bool isFollowingData() const { return m_followTimer.isActive(); }
    /// The data a scratch base's tokenizer was learnt from (config.json
    /// "crsw_tokenizer_data"; empty: byte-level, or not a scratch base).
    QString tokenizerData() const { return isScratch() ? m_tokenizerData : QString(); }

Q_SIGNALS:
    /// The state changed (a check started or ended).
    void stateChanged(crsw::TrainingBasePanel::State state);

private:
    /// What the worker reads of a folder: the check, and its scratch markers.
    struct Checked {
        TrainingBaseInfo info;
        bool scratch = false;
        QString tokenizerData;
    };

    void onChecked();
    void showInfo();
    static QString scratchToolTip();
    /// The summary's sentence on a scratch base: where its tokenizer came from.
    QString scratchNote() const;
    void setState(State state);

    JobRunner *m_runner;
    TrainingFolderField *m_folder;
    QLabel *m_summary;
    QLabel *m_memory;
    QPushButton *m_scratch;
    QString m_modelsFolder;
    QString m_trainingData;
    QTimer m_followTimer;        // single shot: the data path settles before a scratch base follows it
    bool m_writing = false;      // a scratch model is being written
    bool m_writeAgain = false;   // the data changed while it was: follow it afterwards
    QFutureWatcher<JobOutcome<Checked>> m_watcher;
    std::shared_ptr<TrainingBaseInfo> m_info;
    bool m_scratchBase = false;  // of m_info
    QString m_tokenizerData;     // of m_info
    QPointer<Job> m_job; // the running check, cancelled when another folder is chosen
    QPointer<Job> m_scratchJob; // the scratch model being written: "Cancel" and another folder stop it
    State m_state = State::Empty;
    quint64 m_generation = 0; // bumped per check; an outdated result is ignored
    std::int64_t m_rank = 8;
    std::vector<std::string> m_targets{"q_proj", "v_proj"};
    QString m_device;
};

} // namespace crsw
