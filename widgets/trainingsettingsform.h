#pragma once

#include "trainingevaluator.h"

#include "pipeline/workspace.h"
#include "train/sft_options.h"

#include <QWidget>

#include <memory>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QSpinBox;

namespace crsw {

class PathField;
class TrainingDeviceCombo;
class TrainingFolderField;

/// The settings of a fine-tuning run: training data (chat JSONL), run
/// folder, the device (saved across sessions), LoRA or full fine-tuning with LoRA's rank, alpha, dropout and
/// target modules, the optimiser and schedule (learning rate, epochs or a
/// step limit, batch, gradient accumulation, warm-up, decay, bf16 autocast,
/// checkpoint interval), and the optional periodic evaluation on a He et al.
/// test set. It only collects values; the page starts the run. A base
/// initialised from scratch gets its own defaults (setScratchBase).
class TrainingSettingsForm : public QWidget {
    Q_OBJECT
public:
    explicit TrainingSettingsForm(QWidget *parent = nullptr);

    /// Fills the defaults of a workspace: the newest W/synthetic/*.chat.jsonl,
    /// W/runs/sft-<base>-<method> and the first benchmark as the test set.
    void setWorkspace(std::shared_ptr<const Workspace> workspace);
    /// The base folder's name for the default run folder (kept once the user picks one).
    void setBaseName(const QString &name);
    /// Whether the base is a model initialised from scratch (config.json
    /// "crsw_scratch"): random weights want full fine-tuning at 1e-3, bf16
    /// autocast where it is fast (a CUDA device, a CPU with AVX-512 BF16 or
    /// AMX) and the evaluation every 125 steps when there is a test set.
    /// Only defaults change, and a real checkpoint gets today's back; what the
    /// user set stays.
    void setScratchBase(bool scratch);
    bool scratchBase() const { return m_scratchBase; }

    /// The run's options (baseFolder left empty: the page's base panel has it).
    SftOptions options() const;
    /// The periodic evaluation (disabled when its box is unchecked).
    TrainingEvalSettings evalSettings() const;
    /// Fields for tests and for --train.
    QString dataPath() const;
    void setDataPath(const QString &path);
    QString runDir() const;
    void setRunDir(const QString &path);
    void setMethod(TrainMethod method);
    void setMaxSteps(int steps);
    void setSaveEvery(int steps);
    void setLoraRank(int rank);
    void setEvaluation(const QString &testSet, const QString &entities, int sampleTurns, int every, int maxNewTokens);
    /// The chosen device: "auto", "cpu" or "cuda:N" (SftOptions::device).
    QString device() const;
    /// Selects a listed device (saved for the next session); false when it is not listed.
    bool setDevice(const QString &device);
    TrainingDeviceCombo *deviceCombo() const { return m_device; }
    /// LoRA's rank and targets (the base panel's memory estimate follows them).
    std::int64_t loraRank() const;
    std::vector<std::string> loraTargets() const;

    /// Locks the fields while a run goes on.
    void setRunning(bool running);

Q_SIGNALS:
    /// Any value changed.
    void changed();
    /// The training data path changed (typed, browsed or set).
    void dataChanged(const QString &path);
    /// The run folder changed (the page lists its checkpoints).
    void runDirChanged(const QString &path);
    /// The LoRA rank or targets changed.
    void loraChanged();
    /// The device choice changed ("auto", "cpu", "cuda:N").
    void deviceChanged(const QString &device);

private:
    QGroupBox *buildDataBox();
    QGroupBox *buildMethodBox();
    QGroupBox *buildOptimiserBox();
    QGroupBox *buildEvalBox();
    void updateDefaultRunDir();
    void updateMethod();
    void updateScratchBf16();

    std::shared_ptr<const Workspace> m_workspace;
    QString m_baseName;
    bool m_runDirEdited = false;
    bool m_scratchBase = false;
    // What setScratchBase changed itself, so that a real checkpoint gets the default back.
    bool m_methodAuto = false;
    bool m_bf16Auto = false;
    bool m_bf16User = false; // the user ticked or cleared bf16: never changed for them
    bool m_evalAuto = false;
    int m_evalEveryBefore = 0;

    PathField *m_data;
    TrainingFolderField *m_runDir;
    TrainingDeviceCombo *m_device;
    QLabel *m_deviceNote;
    QComboBox *m_method;
    QLabel *m_methodNote;
    QGroupBox *m_loraBox;
    QSpinBox *m_rank;
    QDoubleSpinBox *m_alpha;
    QDoubleSpinBox *m_dropout;
    QList<QCheckBox *> m_targets;
    QCheckBox *m_saveMerged;
    QDoubleSpinBox *m_learningRate;
    QSpinBox *m_epochs;
    QSpinBox *m_maxSteps;
    QSpinBox *m_batch;
    QSpinBox *m_gradAccum;
    QDoubleSpinBox *m_warmup;
    QComboBox *m_decay;
    QDoubleSpinBox *m_weightDecay;
    QCheckBox *m_bf16;
    QSpinBox *m_maxTokens;
    QSpinBox *m_saveEvery;
    QSpinBox *m_seed;
    QGroupBox *m_evalBox;
    PathField *m_testSet;
    PathField *m_entities;
    QSpinBox *m_sampleTurns;
    QSpinBox *m_evalEvery;
    QSpinBox *m_evalTokens;
    QList<QWidget *> m_lockable;
};

} // namespace crsw
