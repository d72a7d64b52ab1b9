#include "finetuningpage.h"

#include "jobrunner.h"
#include "messagebanner.h"
#include "plotexporter.h"
#include "trainingbasepanel.h"
#include "trainingchatbox.h"
#include "trainingcheckpointmodel.h"
#include "trainingmetricsfeed.h"
#include "trainingplot.h"
#include "trainingrunfolder.h"
#include "trainingrunjob.h"
#include "trainingsettingsform.h"

#include "model/compute_device.h"
#include "train/merged_export.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <stdexcept>

namespace crsw {

FinetuningPage::FinetuningPage(JobRunner *runner, QWidget *parent)
    : QWidget(parent)
    , m_runner(runner)
    , m_feed(std::make_shared<TrainingMetricsFeed>())
    , m_pause(std::make_shared<std::atomic_bool>(false))
    , m_drainPending(std::make_shared<std::atomic_bool>(false))
    , m_banner(new MessageBanner(this))
    , m_base(new TrainingBasePanel(runner, this))
    , m_form(new TrainingSettingsForm(this))
    , m_start(new QPushButton(tr("&Start"), this))
    , m_pauseButton(new QPushButton(tr("&Pause"), this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_resumeRun(new QPushButton(tr("Resume &Run"), this))
    , m_progress(new QProgressBar(this))
    , m_status(new QLabel(this))
    , m_plot(new TrainingPlot(this))
    , m_exportPlot(new QPushButton(tr("Export Plot…"), this))
    , m_checkpoints(new TrainingCheckpointModel(this))
    , m_checkpointView(new QTableView(this))
    , m_exportAdapter(new QPushButton(tr("Adapter…"), this))
    , m_exportModel(new QPushButton(tr("Model…"), this))
    , m_exportMerged(new QPushButton(tr("Merged Model…"), this))
    , m_chat(new TrainingChatBox(runner, this))
{
    setObjectName(QStringLiteral("finetuningPage"));
    buildLayout();
    m_drainTimer.setSingleShot(true);
    m_drainTimer.setInterval(40);
    m_checkpointTimer.setInterval(1500);
    connect(&m_drainTimer, &QTimer::timeout, this, &FinetuningPage::drainFeed);
    connect(&m_checkpointTimer, &QTimer::timeout, this, &FinetuningPage::refreshCheckpoints);
    connect(&m_watcher, &QFutureWatcher<JobOutcome<SftResult>>::finished, this, &FinetuningPage::onTrainingFinished);
    connect(m_start, &QPushButton::clicked, this, &FinetuningPage::startTraining);
    connect(m_resumeRun, &QPushButton::clicked, this, &FinetuningPage::resumeTraining);
    connect(m_pauseButton, &QPushButton::clicked, this, [this] { setPaused(!isPaused()); });
    connect(m_cancel, &QPushButton::clicked, this, &FinetuningPage::cancelTraining);
    connect(m_exportPlot, &QPushButton::clicked, this, &FinetuningPage::chooseAndExportPlot);
    connect(m_exportAdapter, &QPushButton::clicked, this, [this] { chooseAndExport(true); });
    connect(m_exportModel, &QPushButton::clicked, this, [this] { chooseAndExport(false); });
    connect(m_exportMerged, &QPushButton::clicked, this, &FinetuningPage::chooseAndExportMerged);
    connect(m_base, &TrainingBasePanel::stateChanged, this, [this](TrainingBasePanel::State state) {
        m_form->setBaseName(QFileInfo(m_base->folder()).fileName());
        // Not while checking: a scratch base that follows new data stays scratch throughout.
        if (state != TrainingBasePanel::State::Checking)
            m_form->setScratchBase(state == TrainingBasePanel::State::Valid && m_base->isScratch());
        updateActions();
        updateChatModel();
        if (state != TrainingBasePanel::State::Checking && std::exchange(m_startWhenChecked, false))
            startTraining(); // refusals (an invalid base included) go to the banner
    });
    connect(m_form, &TrainingSettingsForm::changed, this, &FinetuningPage::updateActions);
    connect(m_form, &TrainingSettingsForm::dataChanged, m_base, &TrainingBasePanel::setTrainingData);
    connect(m_form, &TrainingSettingsForm::runDirChanged, this, &FinetuningPage::refreshCheckpoints);
    connect(m_form, &TrainingSettingsForm::loraChanged, this,
            [this] { m_base->setLora(m_form->loraRank(), m_form->loraTargets()); });
    connect(m_form, &TrainingSettingsForm::deviceChanged, this, &FinetuningPage::updateDevice);
    connect(m_checkpointView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        updateActions();
        updateChatModel();
    });
    m_base->setLora(m_form->loraRank(), m_form->loraTargets());
    updateDevice();
    updateActions();
}

FinetuningPage::~FinetuningPage()
{
    // The runner (owned by the window) joins the job; it checkpoints before it stops.
    if (m_job)
        m_job->cancel();
}

void FinetuningPage::buildLayout()
{
    auto *settings = new QWidget(this);
    auto *settingsLayout = new QVBoxLayout(settings);
    settingsLayout->setContentsMargins(0, 0, 4, 0);
    settingsLayout->addWidget(m_base);
    settingsLayout->addWidget(m_form);
    settingsLayout->addStretch(1);
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(settings);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(settings->sizeHint().width() + 16);

    m_start->setObjectName(QStringLiteral("startTrainingButton"));
    m_start->setDefault(true);
    m_pauseButton->setObjectName(QStringLiteral("pauseTrainingButton"));
    m_cancel->setObjectName(QStringLiteral("cancelTrainingButton"));
    m_resumeRun->setObjectName(QStringLiteral("resumeRunButton"));
    m_resumeRun->setToolTip(tr("Continue the run folder's latest checkpoint with the same settings"));
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    m_status->setObjectName(QStringLiteral("trainingStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setText(tr("Choose a base model and chat data, then Start."));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_pauseButton);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_resumeRun);
    buttons->addWidget(m_progress, 1);

    auto *plotRow = new QHBoxLayout;
    auto *hint = new QLabel(tr("Loss per optimiser step (raw and EMA-smoothed), learning rate, and the "
                               "evaluation when a test set is chosen."),
                            this);
    hint->setEnabled(false);
    hint->setWordWrap(true);
    plotRow->addWidget(hint, 1);
    plotRow->addWidget(m_exportPlot);

    m_checkpointView->setObjectName(QStringLiteral("checkpointTable"));
    m_checkpointView->setModel(m_checkpoints);
    m_checkpointView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_checkpointView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_checkpointView->setAlternatingRowColors(true);
    m_checkpointView->verticalHeader()->hide();
    m_checkpointView->verticalHeader()->setDefaultSectionSize(m_checkpointView->fontMetrics().height() + 6);
    m_checkpointView->horizontalHeader()->setStretchLastSection(true);
    m_checkpointView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_checkpointView->setWordWrap(false);
    m_exportAdapter->setObjectName(QStringLiteral("exportAdapterButton"));
    m_exportAdapter->setToolTip(tr("Copy the selected LoRA adapter (PEFT layout: adapter_config.json, "
                                   "adapter_model.safetensors)"));
    m_exportModel->setObjectName(QStringLiteral("exportModelButton"));
    m_exportModel->setToolTip(tr("Copy the selected model folder (Hugging Face safetensors, config and tokenizer). "
                                 "LoRA runs write one at the end with \"Also write the merged model\"."));
    m_exportMerged->setObjectName(QStringLiteral("exportMergedButton"));
    m_exportMerged->setToolTip(tr("Fold the selected LoRA adapter (any checkpoint of a LoRA run, or the final "
                                  "adapter) into its base model and write a Hugging Face model folder"));
    auto *checkpointBox = new QWidget(this);
    auto *checkpointLayout = new QVBoxLayout(checkpointBox);
    checkpointLayout->setContentsMargins(0, 0, 0, 0);
    auto *title = new QLabel(tr("<b>Checkpoints and outputs</b> (select one to try it)"), this);
    checkpointLayout->addWidget(title);
    checkpointLayout->addWidget(m_checkpointView, 1);
    // Short labels after one "Export:": three "Export …" buttons would widen the page past 1280 px.
    auto *exportRow = new QHBoxLayout;
    exportRow->addStretch(1);
    exportRow->addWidget(new QLabel(tr("Export:"), this));
    exportRow->addWidget(m_exportAdapter);
    exportRow->addWidget(m_exportModel);
    exportRow->addWidget(m_exportMerged);
    checkpointLayout->addLayout(exportRow);

    auto *bottom = new QSplitter(Qt::Horizontal, this);
    bottom->addWidget(checkpointBox);
    bottom->addWidget(m_chat);
    bottom->setStretchFactor(0, 3);
    bottom->setStretchFactor(1, 2);
    bottom->setChildrenCollapsible(false);

    auto *plotBox = new QWidget(this);
    auto *plotLayout = new QVBoxLayout(plotBox);
    plotLayout->setContentsMargins(0, 0, 0, 0);
    plotLayout->addLayout(buttons);
    plotLayout->addWidget(m_status);
    plotLayout->addWidget(m_plot, 1);
    plotLayout->addLayout(plotRow);
    auto *right = new QSplitter(Qt::Vertical, this);
    right->addWidget(plotBox);
    right->addWidget(bottom);
    right->setStretchFactor(0, 3);
    right->setStretchFactor(1, 2);
    right->setChildrenCollapsible(false);

    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(scroll);
    split->addWidget(right);
    split->setStretchFactor(0, 0);
    split->setStretchFactor(1, 1);
    split->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addWidget(split, 1);
}

void FinetuningPage::updateDevice()
{
    // "Try it" loads where training runs, and the memory table names that memory.
    m_chat->setDevice(m_form->device());
    QString resolved;
    try {
        resolved = QString::fromStdString(resolveComputeDevice(m_form->device().toStdString()));
    } catch (const std::exception &) {
        // Not listed by the combo, so only a GPU that went away; Start says so in the banner.
    }
    m_base->setDevice(resolved);
}

void FinetuningPage::setWorkspace(std::shared_ptr<const Workspace> workspace)
{
    cancelTraining();
    m_workspace = std::move(workspace);
    m_form->setWorkspace(m_workspace);
    // Scratch writes WORKSPACE/models/scratch-bpe4096-<chat file>, its tokenizer learnt from the form's data.
    m_base->setModelsFolder(m_workspace ? QString::fromStdString(m_workspace->root()) + QStringLiteral("/models")
                                        : QString());
    m_base->setTrainingData(m_form->dataPath());
    m_banner->clear();
    refreshCheckpoints();
    updateActions();
}

bool FinetuningPage::startTraining()
{
    return launch(false);
}

bool FinetuningPage::resumeTraining()
{
    return launch(true);
}

bool FinetuningPage::launch(bool resume)
{
    if (m_running)
        return false;
    const QString runDir = m_form->runDir();
    QString refusal;
    if (m_base->state() != TrainingBasePanel::State::Valid)
        refusal = tr("Choose a base model folder that passes the check first.");
    else if (m_form->dataPath().isEmpty() || !QFileInfo(m_form->dataPath()).isFile())
        refusal = tr("Choose the training data: a chat JSONL file (synthetic/*.chat.jsonl).");
    else if (runDir.isEmpty())
        refusal = tr("Choose a run folder.");
    else if (!resume && TrainingRunFolder::latestCheckpointStep(runDir) >= 0)
        refusal = tr("%1 already holds a run's checkpoints: Resume Run continues it, or choose another run folder.")
                      .arg(QDir::toNativeSeparators(runDir));
    else if (resume && TrainingRunFolder::latestCheckpointStep(runDir) < 0)
        refusal = tr("%1 holds no checkpoint to resume.").arg(QDir::toNativeSeparators(runDir));
    QString device;
    if (refusal.isEmpty()) {
        try {
            device = QString::fromStdString(resolveComputeDevice(m_form->device().toStdString()));
        } catch (const std::exception &e) {
            refusal = tr("Cannot train on the chosen device: %1").arg(QString::fromUtf8(e.what()));
        }
    }
    if (!refusal.isEmpty()) {
        m_banner->showMessage(MessageBanner::Kind::Warning, refusal);
        return false;
    }
    m_banner->clear();

    TrainingRunRequest request;
    request.options = m_form->options();
    request.options.baseFolder = m_base->folder().toStdString();
    request.options.resume = resume;
    request.eval = m_form->evalSettings();
    m_pause->store(false);
    request.pause = m_pause;
    m_feed = std::make_shared<TrainingMetricsFeed>();
    request.feed = m_feed;
    m_drainPending->store(false);
    // The worker's hint: one queued call at a time, however fast steps come.
    QPointer<FinetuningPage> self(this);
    request.notify = [self, pending = m_drainPending] {
        if (!pending->exchange(true))
            QMetaObject::invokeMethod(
                qApp,
                [self] {
                    if (self && !self->m_drainTimer.isActive())
                        self->m_drainTimer.start();
                },
                Qt::QueuedConnection);
    };
    m_plot->clearCurves();
    m_lastStep = m_totalSteps = 0;
    m_result.reset();
    m_runDevice = device;

    auto handle = m_runner->start<SftResult>(
        resume ? tr("Resuming fine-tuning on %1").arg(device)
               : tr("Fine-tuning %1 on %2").arg(QFileInfo(m_base->folder()).fileName(), device),
        [request](Progress &progress) { return runTrainingJob(request, progress); });
    m_job = handle.job;
    if (m_job)
        connect(m_job, &Job::progressChanged, this, &FinetuningPage::onProgress);
    m_watcher.setFuture(handle.future);
    m_running = true;
    m_statusIsPrompt = false;
    m_progress->setValue(0);
    m_status->setText(resume ? tr("Resuming from step %1 on %2…")
                                   .arg(TrainingRunFolder::latestCheckpointStep(runDir))
                                   .arg(device)
                             : tr("Loading the data and the model (training on %1)…").arg(device));
    m_form->setRunning(true);
    m_base->setEnabled(false);
    // The GPU's memory is the run's: a second copy of the model for "Try it" could
    // make it run out mid-run, so Try it answers on the CPU until the run ends.
    if (device.startsWith(QLatin1String("cuda")))
        m_chat->setDevice(QStringLiteral("cpu"));
    m_checkpointTimer.start();
    updateActions();
    return true;
}

void FinetuningPage::trainWhenReady(const QString &baseFolder)
{
    m_form->setMaxSteps(40);
    m_form->setSaveEvery(20);
    if (m_workspace && !m_workspace->benchmarks().empty()) {
        const BenchmarkEntry benchmark = m_workspace->benchmarks().front(); // benchmarks() returns a copy
        m_form->setEvaluation(QString::fromStdString(m_workspace->resolve(benchmark.testSet)),
                              QString::fromStdString(m_workspace->resolve(benchmark.entities)), 8, 10, 64);
    }
    m_startWhenChecked = true;
    m_base->setFolder(QFileInfo(baseFolder).absoluteFilePath());
}

void FinetuningPage::setPaused(bool paused)
{
    if (!m_running)
        return;
    m_pause->store(paused);
    if (paused)
        m_status->setText(tr("Pausing after the current step (a checkpoint is written)…"));
    updateActions();
}

bool FinetuningPage::isPaused() const
{
    return m_running && m_pause->load();
}

void FinetuningPage::cancelTraining()
{
    if (m_job)
        m_job->cancel();
    if (m_running)
        m_status->setText(tr("Cancelling after the current micro-batch (the last finished step is checkpointed)…"));
}

void FinetuningPage::onProgress(double fraction, const QString &message)
{
    if (fraction >= 0.0)
        m_progress->setValue(int(fraction * 1000.0));
    if (message.startsWith(QLatin1String("paused"))) {
        m_status->setText(tr("Paused at step %1; the checkpoint is written. Resume continues.")
                              .arg(message.section(QLatin1Char(' '), -1)));
        refreshCheckpoints();
    } else if (message.startsWith(QLatin1String("evaluating"))) {
        m_status->setText(tr("Evaluating on the test sample (%1)…").arg(message));
    } else if (m_lastStep == 0 && !message.isEmpty()) {
        m_status->setText(message); // loading, resuming: before the first step
    }
}

void FinetuningPage::drainFeed()
{
    m_drainPending->store(false);
    std::vector<TrainingStepPoint> steps;
    std::vector<TrainingEvalPoint> evals;
    m_feed->takeNew(&steps, &evals);
    if (!steps.empty()) {
        m_plot->appendSteps(steps);
        const TrainingStepPoint &last = steps.back();
        m_lastStep = last.step;
        m_totalSteps = std::max(m_totalSteps, last.totalSteps);
        m_lastLoss = last.loss;
        if (last.tokensPerSecond > 0)
            m_tokensPerSecond = last.tokensPerSecond;
        if (!isPaused())
            m_status->setText(tr("Step %1 of %2 on %6 — loss %3, learning rate %4, %5 tokens/s")
                                  .arg(last.step)
                                  .arg(m_totalSteps > 0 ? QString::number(m_totalSteps) : QStringLiteral("?"))
                                  .arg(last.loss, 0, 'f', 4)
                                  .arg(last.learningRate, 0, 'g', 3)
                                  .arg(QLocale().toString(m_tokensPerSecond, 'f', 0), m_runDevice));
    }
    if (!evals.empty())
        m_plot->appendEvals(evals);
}

void FinetuningPage::onTrainingFinished()
{
    const JobOutcome<SftResult> outcome = m_watcher.result();
    m_job.clear();
    m_running = false;
    m_pause->store(false);
    m_checkpointTimer.stop();
    drainFeed(); // the last steps, whatever the timer had pending
    m_form->setRunning(false);
    m_base->setEnabled(true);
    updateDevice(); // Try it goes back to the chosen device
    if (outcome.succeeded()) {
        m_result = outcome.value;
        const SftResult &r = *m_result;
        m_progress->setValue(1000);
        m_status->setText(tr("Finished: %1 steps (%2 conversations%3) on %7, final loss %4, %5 tokens/s. Output: %6")
                              .arg(r.steps)
                              .arg(r.examples)
                              .arg(r.skipped > 0 ? tr(", %1 skipped").arg(r.skipped) : QString())
                              .arg(r.lastLoss, 0, 'f', 4)
                              .arg(QLocale().toString(r.tokensPerSecond, 'f', 0))
                              .arg(QDir::toNativeSeparators(QString::fromStdString(r.outputDir)), m_runDevice));
    } else if (outcome.cancelled) {
        const std::int64_t step = TrainingRunFolder::latestCheckpointStep(m_form->runDir());
        m_status->setText(step > 0 ? tr("Cancelled; checkpoint at step %1 — Resume Run continues from it.").arg(step)
                                   : tr("Cancelled before the first step."));
    } else {
        m_status->setText(tr("Training failed."));
        m_banner->showMessage(MessageBanner::Kind::Error, tr("Fine-tuning failed: %1").arg(outcome.error));
    }
    refreshCheckpoints();
    updateActions();
    Q_EMIT trainingFinished(outcome.succeeded(), outcome.cancelled);
}

void FinetuningPage::refreshCheckpoints()
{
    // Keep the selection by path across the re-listing.
    const QModelIndex current = m_checkpointView->currentIndex();
    const QString selected = current.isValid() ? m_checkpoints->entry(current.row()).path : QString();
    const QList<TrainingRunEntry> entries = TrainingRunFolder::entries(m_form->runDir());
    bool same = entries.size() == m_checkpoints->entries().size();
    for (int i = 0; same && i < entries.size(); ++i)
        same = entries[i].path == m_checkpoints->entries()[i].path && entries[i].bytes == m_checkpoints->entries()[i].bytes
            && entries[i].isLatest == m_checkpoints->entries()[i].isLatest;
    if (same)
        return;
    m_checkpoints->setEntries(entries);
    for (int row = 0; row < entries.size(); ++row)
        if (entries[row].path == selected)
            m_checkpointView->setCurrentIndex(m_checkpoints->index(row, 0));
    updateActions();
    updateChatModel();
}

void FinetuningPage::updateActions()
{
    const bool baseOk = m_base->state() == TrainingBasePanel::State::Valid;
    const bool hasCheckpoint = TrainingRunFolder::latestCheckpointStep(m_form->runDir()) >= 0;
    m_start->setEnabled(!m_running && baseOk);
    if (m_statusIsPrompt && !m_running)
        m_status->setText(baseOk ? tr("Ready: Start trains the chosen base on the chosen data.")
                                 : tr("Choose a base model and chat data, then Start."));
    m_resumeRun->setEnabled(!m_running && baseOk && hasCheckpoint);
    m_pauseButton->setEnabled(m_running);
    m_pauseButton->setText(isPaused() ? tr("Res&ume") : tr("&Pause"));
    m_cancel->setEnabled(m_running);
    m_progress->setEnabled(m_running);
    const QModelIndex current = m_checkpointView->currentIndex();
    const TrainingRunEntry *entry = current.isValid() ? &m_checkpoints->entry(current.row()) : nullptr;
    m_exportAdapter->setEnabled(entry && entry->hasAdapter);
    m_exportModel->setEnabled(entry && entry->kind == TrainingRunEntry::Kind::Model);
    m_exportMerged->setEnabled(entry && entry->hasAdapter);
    Q_EMIT runStateChanged();
}

void FinetuningPage::updateChatModel()
{
    const QString base = m_base->state() == TrainingBasePanel::State::Valid ? m_base->folder() : QString();
    const QModelIndex current = m_checkpointView->currentIndex();
    if (!current.isValid()) {
        m_chat->setModel(base, QString(), tr("Model: the base %1 (select a checkpoint to try the trained one).")
                                              .arg(QFileInfo(base).fileName()));
        return;
    }
    const TrainingRunEntry &entry = m_checkpoints->entry(current.row());
    if (entry.kind == TrainingRunEntry::Kind::Model)
        m_chat->setModel(entry.path, QString(), tr("Model: %1").arg(QDir::toNativeSeparators(entry.path)));
    else if (entry.hasAdapter)
        m_chat->setModel(base, entry.path, tr("Model: %1 + adapter %2").arg(QFileInfo(base).fileName(), entry.name));
    else
        m_chat->setModel(QString(), QString(), QString()); // a full checkpoint holds trainer state, not a model folder
}

void FinetuningPage::exportAdapter(int row, const QString &target)
{
    exportEntry(row, target, true);
}

void FinetuningPage::exportModel(int row, const QString &target)
{
    exportEntry(row, target, false);
}

void FinetuningPage::exportEntry(int row, const QString &target, bool adapter)
{
    if (row < 0 || row >= m_checkpoints->rowCount())
        return;
    const QString source = m_checkpoints->entry(row).path;
    runExport(adapter ? tr("Exporting the adapter") : tr("Exporting the model"), target,
              [source, target, adapter](Progress &) {
                  const QString error = adapter ? TrainingRunFolder::exportAdapter(source, target)
                                                : TrainingRunFolder::exportModel(source, target);
                  if (!error.isEmpty())
                      throw std::runtime_error(error.toStdString());
                  return tr("Exported to %1.").arg(QDir::toNativeSeparators(target));
              });
}

void FinetuningPage::runExport(const QString &title, const QString &target,
                               std::function<QString(Progress &)> work, const QString &errorPrefix)
{
    auto handle = m_runner->start<QString>(title, std::move(work));
    m_banner->showMessage(MessageBanner::Kind::Info, title + QStringLiteral("…"));
    if (handle.job)
        connect(handle.job, &Job::progressChanged, this, [this, title](double, const QString &message) {
            if (!message.isEmpty())
                m_banner->showMessage(MessageBanner::Kind::Info, tr("%1: %2…").arg(title, message));
        });
    auto *watcher = new QFutureWatcher<JobOutcome<QString>>(this);
    connect(watcher, &QFutureWatcher<JobOutcome<QString>>::finished, this, [this, watcher, target, errorPrefix] {
        const JobOutcome<QString> outcome = watcher->result();
        watcher->deleteLater();
        QString error;
        if (outcome.succeeded()) {
            m_banner->showMessage(MessageBanner::Kind::Info, *outcome.value);
        } else {
            error = outcome.cancelled ? tr("Cancelled; nothing was written.") : errorPrefix + outcome.error;
            m_banner->showMessage(MessageBanner::Kind::Error, error);
        }
        Q_EMIT exported(target, error);
    });
    watcher->setFuture(handle.future);
}

void FinetuningPage::chooseAndExport(bool adapter)
{
    const QModelIndex current = m_checkpointView->currentIndex();
    if (!current.isValid())
        return;
    // A copy: the dialog runs an event loop in which the checkpoint refresh may replace the list.
    const TrainingRunEntry entry = m_checkpoints->entry(current.row());
    const QString start = m_workspace ? QString::fromStdString(m_workspace->root()) : QDir::homePath();
    const QString parent = QFileDialog::getExistingDirectory(
        this, adapter ? tr("Export Adapter Into") : tr("Export Model Into"), start);
    if (parent.isEmpty())
        return;
    const QString name = QFileInfo(m_form->runDir()).fileName() + QLatin1Char('-') + entry.name;
    if (const int row = rowOfEntry(entry.path); row >= 0)
        exportEntry(row, QDir(parent).filePath(name), adapter);
}

void FinetuningPage::exportMerged(int row, const QString &target)
{
    if (row < 0 || row >= m_checkpoints->rowCount())
        return;
    const TrainingRunEntry entry = m_checkpoints->entry(row);
    if (!entry.hasAdapter) {
        const QString error = tr("%1 holds no LoRA adapter to merge.").arg(QDir::toNativeSeparators(entry.path));
        m_banner->showMessage(MessageBanner::Kind::Error, error);
        Q_EMIT exported(target, error);
        return;
    }
    const std::string adapter = entry.path.toStdString(), out = target.toStdString();
    const QString name = entry.name;
    runExport(
        tr("Merging %1 into its base model").arg(name), target,
        [adapter, out, target, name](Progress &progress) {
            // The base is the one the adapter was trained on.
            const MergedExport merged = exportMergedModel({}, adapter, out, progress);
            return tr("Exported the merged model to %1 (%2 folded into %3).")
                .arg(QDir::toNativeSeparators(target), name,
                     QDir::toNativeSeparators(QString::fromStdString(merged.baseFolder)));
        },
        tr("Cannot export the merged model: "));
}

void FinetuningPage::chooseAndExportMerged()
{
    const QModelIndex current = m_checkpointView->currentIndex();
    if (!current.isValid())
        return;
    const TrainingRunEntry entry = m_checkpoints->entry(current.row()); // a copy, as in chooseAndExport
    const QString start = m_workspace ? QString::fromStdString(m_workspace->root()) : QDir::homePath();
    const QString parent = QFileDialog::getExistingDirectory(this, tr("Export Merged Model Into"), start);
    if (parent.isEmpty())
        return;
    // A new folder beside the others: exportMergedModel never writes into one that holds files.
    const QString name = QFileInfo(m_form->runDir()).fileName() + QLatin1Char('-') + entry.name + QStringLiteral("-merged");
    if (const int row = rowOfEntry(entry.path); row >= 0)
        exportMerged(row, QDir(parent).filePath(name));
}

int FinetuningPage::rowOfEntry(const QString &path)
{
    for (int row = 0; row < m_checkpoints->rowCount(); ++row)
        if (m_checkpoints->entry(row).path == path)
            return row;
    // Deleted meanwhile (only the newest checkpoints are kept).
    m_banner->showMessage(MessageBanner::Kind::Error,
                          tr("%1 is gone (only the newest checkpoints are kept); choose another.")
                              .arg(QDir::toNativeSeparators(path)));
    return -1;
}

QString FinetuningPage::exportPlot(const QString &path)
{
    return PlotExporter::save(m_plot, path);
}

void FinetuningPage::chooseAndExportPlot()
{
    const QString start = m_workspace ? QString::fromStdString(m_workspace->reportsDir()) + QStringLiteral("/training.png")
                                      : QString();
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Plot"), start, PlotExporter::fileDialogFilter());
    if (path.isEmpty())
        return;
    const QString error = exportPlot(path);
    if (error.isEmpty())
        m_banner->showMessage(MessageBanner::Kind::Info, tr("Saved %1.").arg(QDir::toNativeSeparators(path)));
    else
        m_banner->showMessage(MessageBanner::Kind::Error, error);
}

QString FinetuningPage::statusText() const
{
    return m_status->text();
}

} // namespace crsw
