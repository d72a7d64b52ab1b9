#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>

#include <cstdint>

namespace crsw {

/// One thing a fine-tuning run folder holds that can be exported.
struct TrainingRunEntry {
    enum class Kind {
        Checkpoint, ///< RUN/checkpoints/step-N (resumable; LoRA ones hold a PEFT adapter)
        Adapter,    ///< RUN/adapter: the final LoRA adapter (PEFT layout)
        Model,      ///< RUN/model (full fine-tuning) or RUN/merged (LoRA folded in): HF safetensors
    };
    Kind kind = Kind::Checkpoint;
    QString path;
    QString name;            ///< "step-00000050", "adapter", "model", "merged"
    std::int64_t step = -1;  ///< checkpoints only
    QDateTime modified;
    qint64 bytes = 0;
    bool hasAdapter = false; ///< adapter_config.json + adapter_model.safetensors are there
    bool isLatest = false;   ///< the checkpoint RUN/checkpoints/latest names
};

/// Reads a fine-tuning run folder (as core/train's trainSft writes it:
/// checkpoints/step-NNNNNNNN/, checkpoints/latest, adapter/, model/,
/// merged/) and copies its outputs elsewhere. Plain file work, torch-free;
/// run the copies on a worker thread.
class TrainingRunFolder {
    Q_DECLARE_TR_FUNCTIONS(crsw::TrainingRunFolder)
public:
    /// Checkpoints (newest first), then the final outputs.
    static QList<TrainingRunEntry> entries(const QString &runDir);
    /// The step of the checkpoint a resumed run continues from, or -1 when there is none.
    static std::int64_t latestCheckpointStep(const QString &runDir);

    /// Copies a PEFT adapter (adapter_config.json, adapter_model.safetensors)
    /// from `source` (RUN/adapter or a LoRA checkpoint) into `target`
    /// (created). Returns an empty string, or what went wrong.
    static QString exportAdapter(const QString &source, const QString &target);
    /// Copies a Hugging Face model folder (config.json, *.safetensors, the
    /// tokenizer files) into `target`. Returns an empty string, or the error.
    static QString exportModel(const QString &source, const QString &target);
};

} // namespace crsw
