#include "trainingbasepanel.h"

#include "jobrunner.h"

#include "train/scratch_model.h"
#include "trainingfolderfield.h"

#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace crsw {

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
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_memory->setObjectName(QStringLiteral("baseMemory"));
    m_memory->setTextFormat(Qt::RichText);
    m_scratch->setObjectName(QStringLiteral("scratchModelButton"));
    m_scratch->setToolTip(tr("Scratch (small Llama-architecture model, byte-level tokenizer): written once into "
                             "the workspace's models/ folder, then used as the base"));
    m_scratch->hide();
    connect(m_scratch, &QPushButton::clicked, this, [this] {
        const QString folder = m_scratchFolder;
        if (QFileInfo::exists(folder + QStringLiteral("/config.json"))) {
            setFolder(folder); // written before: reuse it
            return;
        }
        m_summary->setText(tr("Writing a scratch model to %1…").arg(QDir::toNativeSeparators(folder)));
        auto handle = m_runner->start<std::int64_t>(tr("Writing a scratch model"), [folder](Progress &) {
            return writeScratchModel(folder.toStdString());
        });
        auto *watcher = new QFutureWatcher<JobOutcome<std::int64_t>>(this);
        connect(watcher, &QFutureWatcher<JobOutcome<std::int64_t>>::finished, this, [this, watcher, folder] {
            const JobOutcome<std::int64_t> outcome = watcher->result();
            watcher->deleteLater();
            if (outcome.succeeded())
                setFolder(folder);
            else
                m_summary->setText(tr("Cannot write the scratch model: %1").arg(outcome.error));
        });
        watcher->setFuture(handle.future);
    });
    auto *row = new QHBoxLayout;
    row->addWidget(m_folder, 1);
    row->addWidget(m_scratch);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addWidget(m_summary);
    layout->addWidget(m_memory);
    connect(m_folder, &TrainingFolderField::edited, this, &TrainingBasePanel::setFolder);
    connect(&m_watcher, &QFutureWatcher<JobOutcome<TrainingBaseInfo>>::finished, this, &TrainingBasePanel::onChecked);
    setState(State::Empty);
    showInfo();
}

void TrainingBasePanel::setFolder(const QString &folder)
{
    m_folder->setPath(folder);
    if (m_job)
        m_job->cancel();
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
    auto handle = m_runner->start<TrainingBaseInfo>(tr("Checking the base model"), [folder, rank, targets](Progress &p) {
        return TrainingBaseCheck::inspect(folder, rank, targets, p);
    });
    m_job = handle.job;
    const quint64 generation = m_generation;
    // The watcher serves one check at a time: a newer check replaces the future, and the
    // generation tag drops a result that still arrives for an older one.
    m_watcher.setProperty("generation", generation);
    m_watcher.setFuture(handle.future);
}

void TrainingBasePanel::setScratchFolder(const QString &folder)
{
    m_scratchFolder = folder;
    m_scratch->setVisible(!folder.isEmpty());
}

QString TrainingBasePanel::folder() const
{
    return m_folder->path();
}

void TrainingBasePanel::onChecked()
{
    if (m_watcher.property("generation").toULongLong() != m_generation)
        return;
    const JobOutcome<TrainingBaseInfo> outcome = m_watcher.result();
    if (outcome.succeeded()) {
        m_info = outcome.value;
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
                           .arg(i.weightFiles > 1 ? tr(", %1 weight shards").arg(i.weightFiles) : QString()));
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

void TrainingBasePanel::setState(State state)
{
    m_state = state;
    Q_EMIT stateChanged(state);
}

} // namespace crsw
