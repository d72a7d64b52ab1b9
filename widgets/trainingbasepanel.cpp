#include "trainingbasepanel.h"

#include "jobrunner.h"

#include "common/error.h"

#include "train/scratch_model.h"
#include "trainingfolderfield.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace crsw {

namespace {

// How writeScratchModel records "crsw_tokenizer_data": absolute and clean, so paths compare as text.
QString normalPath(const QString &path)
{
    return path.isEmpty() ? QString() : QDir::cleanPath(QFileInfo(path).absoluteFilePath());
}

// The scratch markers of a model folder's config.json (worker thread: file I/O).
void readScratchMarkers(const QString &folder, bool *scratch, QString *tokenizerData)
{
    QFile file(QDir(folder).filePath(QStringLiteral("config.json")));
    const QJsonObject config =
        file.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(file.readAll()).object() : QJsonObject();
    *scratch = config.value(QStringLiteral("crsw_scratch")).toBool();
    *tokenizerData = config.value(QStringLiteral("crsw_tokenizer_data")).toString();
}

// True when `folder` holds a scratch model written for `data` (empty: byte-level) that is
// still current: a chat file rewritten since (a new synthesis) needs a new tokenizer.
bool scratchModelFits(const QString &folder, const QString &data)
{
    const QFileInfo weights(QDir(folder).filePath(QStringLiteral("model.safetensors")));
    if (!weights.isFile())
        return false;
    bool scratch = false;
    QString learntFrom;
    readScratchMarkers(folder, &scratch, &learntFrom);
    if (!scratch || learntFrom != normalPath(data))
        return false;
    return data.isEmpty() || QFileInfo(data).lastModified() <= weights.lastModified();
}

} // namespace

TrainingBasePanel::TrainingBasePanel(JobRunner *runner, QWidget *parent)
    : QGroupBox(tr("Base model"), parent)
    , m_runner(runner)
    , m_folder(new TrainingFolderField(tr("Base Model Folder"), this))
    , m_summary(new QLabel(this))
    , m_memory(new QLabel(this))
    , m_scratch(new QPushButton(tr("Scratch"), this))
{
    setObjectName(QStringLiteral("trainingBasePanel"));
    m_folder->setObjectName(QStringLiteral("baseFolderField"));
    m_folder->lineEdit()->setPlaceholderText(tr("Hugging Face folder: config.json, tokenizer.json, *.safetensors"));
    m_summary->setObjectName(QStringLiteral("baseSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_memory->setObjectName(QStringLiteral("baseMemory"));
    m_memory->setTextFormat(Qt::RichText);
    m_scratch->setObjectName(QStringLiteral("scratchModelButton"));
    m_scratch->setToolTip(scratchToolTip());
    m_scratch->hide();
    connect(m_scratch, &QPushButton::clicked, this, [this] {
        if (!m_writing)
            useScratchModel();
        else if (m_scratchJob)
            m_scratchJob->cancel(); // the button reads "Cancel" meanwhile
    });
    m_followTimer.setSingleShot(true);
    m_followTimer.setInterval(400);
    connect(&m_followTimer, &QTimer::timeout, this, [this] {
        if (m_writing) {
            m_writeAgain = true; // look again once the write in flight is checked
            return;
        }
        if (m_state == State::Checking || !isEnabled()) {
            m_followTimer.start(); // decide once the check (or the run) is over
            return;
        }
        // Only a scratch base follows, only to a file, and only when its tokenizer came from other data.
        if (isScratch() && QFileInfo(m_trainingData).isFile() && m_tokenizerData != normalPath(m_trainingData))
            useScratchModel();
    });
    auto *row = new QHBoxLayout;
    row->addWidget(m_folder, 1);
    row->addWidget(m_scratch);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addWidget(m_summary);
    layout->addWidget(m_memory);
    connect(m_folder, &TrainingFolderField::edited, this, &TrainingBasePanel::setFolder);
    connect(&m_watcher, &QFutureWatcher<JobOutcome<Checked>>::finished, this, &TrainingBasePanel::onChecked);
    setState(State::Empty);
    showInfo();
}

QString TrainingBasePanel::scratchFolderFor(const QString &modelsFolder, const QString &chatJsonl)
{
    if (modelsFolder.isEmpty())
        return QString();
    if (chatJsonl.isEmpty())
        return QDir(modelsFolder).filePath(QStringLiteral("scratch-byte-llama"));
    // The file name less ".jsonl" only: synthesis writes X.jsonl (records) beside X.chat.jsonl.
    // Another data file of the same name gets FOLDER-2 (useScratchModel never overwrites).
    QString stem = QFileInfo(chatJsonl).fileName();
    if (stem.endsWith(QLatin1String(".jsonl"), Qt::CaseInsensitive) && stem.size() > 6)
        stem.chop(6);
    const ScratchModelOptions defaults;
    return QDir(modelsFolder).filePath(QStringLiteral("scratch-bpe%1-%2").arg(defaults.tokenizerVocab).arg(stem));
}

void TrainingBasePanel::useScratchModel()
{
    const QString folder = scratchFolder();
    if (folder.isEmpty())
        return;
    if (m_writing)
        return; // the button reads Cancel meanwhile; the follow timer waits for the write
    m_followTimer.stop();
    const QString data = normalPath(m_trainingData);
    // Like setFolder: the folder shows at once, and Start waits while it is written and checked.
    m_folder->setPath(folder);
    if (m_job)
        m_job->cancel();
    const quint64 generation = ++m_generation;
    m_info.reset();
    setState(State::Checking);
    m_memory->clear();
    const QString preparing =
        data.isEmpty() ? tr("No training data chosen: preparing a scratch model with a byte-level tokenizer (one "
                            "token per byte) in %1…")
                             .arg(QDir::toNativeSeparators(folder))
                       : tr("Preparing a scratch model in %1, its tokenizer learnt from %2…")
                             .arg(QDir::toNativeSeparators(folder), QFileInfo(data).fileName());
    m_summary->setText(preparing);
    m_writing = true;
    m_scratch->setText(tr("Cancel"));
    m_scratch->setToolTip(tr("Stop writing the scratch model; nothing is kept."));
    auto handle = m_runner->start<QString>(tr("Writing a scratch model"), [folder, data](Progress &progress) {
        // Never rewritten in place: runs, adapters and checkpoints of a model point at its
        // folder and need its tokenizer. A folder written for other data (a same-named file
        // elsewhere, or this file rewritten since) is kept, and the model goes to FOLDER-2, ...
        for (int n = 1;; ++n) {
            const QString candidate = n == 1 ? folder : folder + QLatin1Char('-') + QString::number(n);
            if (scratchModelFits(candidate, data))
                return candidate; // written before for this data: reuse it
            if (QFileInfo::exists(candidate))
                continue;
            // Written aside and renamed, so an interrupted write never leaves a half model here.
            const QString partial = candidate + QStringLiteral(".partial");
            QDir(partial).removeRecursively();
            ScratchModelOptions options;
            options.tokenizerData = data.toStdString();
            writeScratchModel(partial.toStdString(), options, progress);
            // Cancelled after the last check inside (while the weights were written): nothing is kept.
            if (progress.cancelled()) {
                QDir(partial).removeRecursively();
                throw Cancelled();
            }
            if (!QDir().rename(partial, candidate))
                throw Error({candidate.toStdString(), 0, {}}, "cannot move the written model into place");
            return candidate;
        }
    });
    m_scratchJob = handle.job;
    if (handle.job)
        connect(handle.job, &Job::progressChanged, this,
                [this, generation, preparing](double fraction, const QString &message) {
                    if (generation == m_generation && !message.isEmpty())
                        m_summary->setText(
                            fraction >= 0
                                ? tr("%1 %2 (%3%)").arg(preparing, message, QString::number(qRound(fraction * 100.0)))
                                : tr("%1 %2").arg(preparing, message));
                });
    auto *watcher = new QFutureWatcher<JobOutcome<QString>>(this);
    connect(watcher, &QFutureWatcher<JobOutcome<QString>>::finished, this, [this, watcher, generation] {
        const JobOutcome<QString> outcome = watcher->result();
        watcher->deleteLater();
        m_writing = false;
        m_scratchJob.clear();
        m_scratch->setText(tr("Scratch"));
        m_scratch->setToolTip(scratchToolTip());
        if (std::exchange(m_writeAgain, false))
            m_followTimer.start(); // the data changed meanwhile: follow it once this model is checked
        if (generation != m_generation)
            return; // another folder was chosen meanwhile
        if (outcome.succeeded()) {
            setFolder(*outcome.value);
            return;
        }
        m_summary->setText(outcome.cancelled ? tr("Writing the scratch model was cancelled.")
                                             : tr("Cannot write the scratch model: %1").arg(outcome.error));
        setState(State::Invalid);
    });
    watcher->setFuture(handle.future);
}

QString TrainingBasePanel::scratchToolTip()
{
    return tr("Scratch: a small Llama-architecture model (random weights) with a byte-level BPE tokenizer learnt "
              "from the training data, written once into the workspace's models/ folder (scratch-bpe4096-<data>) "
              "and used as the base; train it with full fine-tuning. Without training data, one token per byte "
              "(scratch-byte-llama).");
}

void TrainingBasePanel::setFolder(const QString &folder)
{
    m_folder->setPath(folder);
    if (m_job)
        m_job->cancel();
    if (m_scratchJob)
        m_scratchJob->cancel(); // another base was chosen: the scratch model is not wanted now
    ++m_generation;
    m_info.reset();
    if (folder.isEmpty()) {
        setState(State::Empty);
        showInfo();
        return;
    }
    setState(State::Checking);
    m_summary->setText(tr("Checking %1…").arg(QDir::toNativeSeparators(folder)));
    m_memory->clear();
    const std::int64_t rank = m_rank;
    const std::vector<std::string> targets = m_targets;
    auto handle = m_runner->start<Checked>(tr("Checking the base model"), [folder, rank, targets](Progress &p) {
        Checked checked;
        checked.info = TrainingBaseCheck::inspect(folder, rank, targets, p);
        readScratchMarkers(folder, &checked.scratch, &checked.tokenizerData);
        return checked;
    });
    m_job = handle.job;
    const quint64 generation = m_generation;
    // The watcher serves one check at a time: a newer check replaces the future, and the
    // generation tag drops a result that still arrives for an older one.
    m_watcher.setProperty("generation", generation);
    m_watcher.setFuture(handle.future);
}

void TrainingBasePanel::setModelsFolder(const QString &folder)
{
    // Another workspace: a scratch model still being written belongs to the old one.
    if (folder != m_modelsFolder && m_scratchJob)
        m_scratchJob->cancel();
    m_modelsFolder = folder;
    m_scratch->setVisible(!folder.isEmpty());
}

void TrainingBasePanel::setTrainingData(const QString &chatJsonl)
{
    if (chatJsonl == m_trainingData)
        return;
    m_trainingData = chatJsonl;
    // Typing emits per key: decide once the path has settled.
    if (isScratch() || m_writing || m_state == State::Checking)
        m_followTimer.start();
    showInfo(); // the summary says when the tokenizer came from other data
}

QString TrainingBasePanel::folder() const
{
    return m_folder->path();
}

void TrainingBasePanel::onChecked()
{
    if (m_watcher.property("generation").toULongLong() != m_generation)
        return;
    const JobOutcome<Checked> outcome = m_watcher.result();
    if (outcome.succeeded()) {
        m_info = std::make_shared<TrainingBaseInfo>(outcome.value->info);
        m_scratchBase = outcome.value->scratch;
        m_tokenizerData = normalPath(outcome.value->tokenizerData);
        setState(State::Valid);
        showInfo();
        return;
    }
    m_summary->setText(outcome.cancelled ? tr("The check was cancelled.")
                                         : tr("Cannot fine-tune this folder: %1").arg(outcome.error));
    m_memory->clear();
    setState(State::Invalid);
}

void TrainingBasePanel::setLora(std::int64_t rank, const std::vector<std::string> &targets)
{
    m_rank = rank;
    m_targets = targets;
    if (m_info) {
        TrainingBaseCheck::updateLora(m_info.get(), rank, targets);
        showInfo();
    }
}

void TrainingBasePanel::setDevice(const QString &device)
{
    if (device == m_device)
        return;
    m_device = device;
    showInfo();
}

QString TrainingBasePanel::message() const
{
    return m_summary->text();
}

void TrainingBasePanel::showInfo()
{
    if (!m_info) {
        if (m_state == State::Empty) {
            m_summary->setText(tr("Choose the folder of a Llama, Qwen2 or Gemma 2 model in Hugging Face format."));
            m_memory->clear();
        }
        return;
    }
    const TrainingBaseInfo &i = *m_info;
    const ModelConfig &c = i.config;
    m_summary->setText(tr("%1: %2 parameters — %3 layers, hidden %4, %5 heads (%6 key/value), vocabulary %7%8.")
                           .arg(i.architecture, TrainingBaseCheck::countText(i.parameters))
                           .arg(c.numHiddenLayers)
                           .arg(c.hiddenSize)
                           .arg(c.numAttentionHeads)
                           .arg(c.numKeyValueHeads)
                           .arg(i.vocabulary)
                           .arg(i.weightFiles > 1 ? tr(", %1 weight shards").arg(i.weightFiles) : QString())
                       + scratchNote());
    const auto cell = [](const TrainingBaseInfo::Memory &m) {
        return QStringLiteral("<td align=right title='weights %2, gradients %3, AdamW %4'>%1</td>")
            .arg(TrainingBaseCheck::bytesText(m.total()), TrainingBaseCheck::bytesText(m.weights),
                 TrainingBaseCheck::bytesText(m.gradients), TrainingBaseCheck::bytesText(m.optimizer));
    };
    const QString title = m_device.isEmpty() ? tr("Memory (no activations)")
                          : m_device == QLatin1String("cpu")
                              ? tr("RAM on the CPU (no activations)")
                              : tr("GPU memory on %1 (no activations)").arg(m_device);
    m_memory->setText(
        QStringLiteral("<table cellspacing=0 cellpadding=2>"
                       "<tr><th align=left>%1</th><th align=right>&nbsp;fp32</th><th align=right>&nbsp;bf16 autocast</th></tr>"
                       "<tr><td>%2</td>%3%4</tr><tr><td>%5</td>%6%7</tr></table>"
                       "<small>%8</small>")
            .arg(title, tr("Full fine-tuning"), cell(i.fullFp32), cell(i.fullBf16),
                 tr("LoRA (%1 trainable)").arg(TrainingBaseCheck::countText(i.loraParameters)), cell(i.loraFp32),
                 cell(i.loraBf16),
                 tr("fp32 master weights + fp32 gradients + AdamW's two moments of what is trained.")));
}

QString TrainingBasePanel::scratchNote() const
{
    if (!isScratch())
        return QString();
    if (m_tokenizerData.isEmpty())
        return tr(" Initialised from scratch (random weights) with a byte-level tokenizer, one token per byte: no "
                  "training data was chosen when it was written.");
    QString note = tr(" Initialised from scratch (random weights); its byte-level BPE tokenizer was learnt from %1.")
                       .arg(QDir::toNativeSeparators(m_tokenizerData));
    if (!m_trainingData.isEmpty() && normalPath(m_trainingData) != m_tokenizerData)
        note += tr(" Not the training data chosen (%1): Scratch learns a tokenizer from that.")
                    .arg(QFileInfo(m_trainingData).fileName());
    return note;
}

void TrainingBasePanel::setState(State state)
{
    m_state = state;
    Q_EMIT stateChanged(state);
}

} // namespace crsw
