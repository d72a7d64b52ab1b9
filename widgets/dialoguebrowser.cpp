#include "dialoguebrowser.h"

#include "dialoguedetailview.h"
#include "dialogueeditssaver.h"
#include "dialoguefiltermodel.h"
#include "dialoguerecordmodel.h"
#include "job.h"
#include "jobrunner.h"

#include "common/atomic_file.h"
#include "pipeline/synth_stage.h"
#include "synth/synth_exports.h"
#include "synth/synth_templates.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <atomic>
#include <limits>
#include <utility>

namespace crsw {

namespace {
enum ExportKind { ChatExport, HeExport, CsvExport };
} // namespace

DialogueBrowser::DialogueBrowser(JobRunner *runner, QWidget *parent)
    : QWidget(parent)
    , m_runner(runner)
    , m_dataset(new QComboBox(this))
    , m_reload(new QPushButton(tr("Reload"), this))
    , m_status(new QLabel(this))
    , m_search(new QLineEdit(this))
    , m_kind(new QComboBox(this))
    , m_strategy(new QComboBox(this))
    , m_step(new QSpinBox(this))
    , m_table(new QTableView(this))
    , m_details(new DialogueDetailView(this))
    , m_flag(new QPushButton(tr("Flag"), this))
    , m_delete(new QPushButton(tr("Delete"), this))
    , m_export(new QPushButton(tr("Export"), this))
    , m_model(new DialogueRecordModel(this))
    , m_filter(new DialogueFilterModel(this))
    , m_saver(new DialogueEditsSaver(this))
{
    setObjectName(QStringLiteral("dialogueBrowser"));
    m_dataset->setObjectName(QStringLiteral("datasetFile"));
    m_dataset->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_dataset->setMinimumContentsLength(20);
    m_status->setObjectName(QStringLiteral("browserStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_search->setObjectName(QStringLiteral("dialogueSearch"));
    m_search->setPlaceholderText(tr("Search queries and titles"));
    m_search->setClearButtonEnabled(true);
    m_kind->setObjectName(QStringLiteral("dialogueKind"));
    m_kind->addItem(tr("All records"), int(DialogueFilterModel::Kind::All));
    m_kind->addItem(tr("Not deleted"), int(DialogueFilterModel::Kind::Kept));
    m_kind->addItem(tr("Matched only"), int(DialogueFilterModel::Kind::MatchedOnly));
    m_kind->addItem(tr("Hallucinated"), int(DialogueFilterModel::Kind::Hallucinated));
    m_kind->addItem(tr("Flagged"), int(DialogueFilterModel::Kind::Flagged));
    m_kind->addItem(tr("Deleted"), int(DialogueFilterModel::Kind::Deleted));
    m_kind->setToolTip(tr("Matched only: every ground-truth title matches a catalog item; hallucinated: at least "
                          "one matches nothing"));
    m_strategy->setObjectName(QStringLiteral("dialogueStrategy"));
    m_step->setObjectName(QStringLiteral("dialogueStep"));
    m_step->setRange(-1, std::numeric_limits<int>::max());
    m_step->setValue(-1);
    m_step->setSpecialValueText(tr("any step"));
    m_step->setToolTip(tr("Only the queries of one pick of the selection"));
    m_flag->setObjectName(QStringLiteral("flagRecord"));
    m_delete->setObjectName(QStringLiteral("deleteRecord"));
    m_export->setObjectName(QStringLiteral("exportDialogues"));
    m_flag->setToolTip(tr("Flag the selected records for review (kept in <dataset>.edits.json)"));
    m_delete->setToolTip(tr("Leave the selected records out of every export; the dataset file itself is never "
                            "rewritten, and a resumed run does not write them again"));
    auto *exportMenu = new QMenu(this);
    exportMenu->addAction(tr("Chat JSONL for fine-tuning…"), this, [this] { chooseExport(ChatExport); });
    exportMenu->addAction(tr("He et al. test.jsonl + entity2id.json…"), this, [this] { chooseExport(HeExport); });
    exportMenu->addAction(tr("CSV…"), this, [this] { chooseExport(CsvExport); });
    m_export->setMenu(exportMenu);
    m_export->setToolTip(tr("Writes the records that are not deleted"));

    m_filter->setSourceModel(m_model);
    m_table->setObjectName(QStringLiteral("dialogueTable"));
    m_table->setModel(m_filter);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(DialogueRecordModel::StepColumn, Qt::AscendingOrder);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setSectionResizeMode(DialogueRecordModel::QueryColumn, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(DialogueRecordModel::StepColumn, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(DialogueRecordModel::MatchedColumn, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(DialogueRecordModel::MarksColumn, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(DialogueRecordModel::StrategyColumn, QHeaderView::ResizeToContents);

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Dataset:"), this));
    top->addWidget(m_dataset, 1);
    top->addWidget(m_reload);
    auto *filters = new QHBoxLayout;
    filters->addWidget(m_search, 2);
    filters->addWidget(m_kind);
    filters->addWidget(m_strategy);
    filters->addWidget(m_step);
    auto *actions = new QHBoxLayout;
    actions->addWidget(m_status, 1);
    actions->addWidget(m_flag);
    actions->addWidget(m_delete);
    actions->addWidget(m_export);

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addLayout(filters);
    leftLayout->addWidget(m_table, 1);
    leftLayout->addLayout(actions);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(left);
    split->addWidget(m_details);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(split, 1);

    connect(m_dataset, &QComboBox::activated, this, [this] { setDatasetPath(m_dataset->currentData().toString()); });
    connect(m_reload, &QPushButton::clicked, this, &DialogueBrowser::reload);
    connect(m_search, &QLineEdit::textChanged, m_filter, &DialogueFilterModel::setSearchText);
    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        m_filter->setKind(DialogueFilterModel::Kind(m_kind->currentData().toInt()));
    });
    connect(m_strategy, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setStrategy(m_strategy->currentData().toString()); });
    connect(m_step, &QSpinBox::valueChanged, this, [this](int step) { m_filter->setStep(step); });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &DialogueBrowser::showCurrent);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &DialogueBrowser::updateActions);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &DialogueBrowser::showCurrent);
    // A filter change is one layout change (DialogueFilterModel::refilter()), after which
    // the current row may be gone without currentRowChanged: show what is current now.
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, [this] {
        const QModelIndex current = m_table->selectionModel()->currentIndex();
        if (!current.isValid() && m_filter->rowCount() > 0) {
            // As when a row view loses its current row: another one becomes current
            // (not selected), and currentRowChanged shows it.
            m_table->selectionModel()->setCurrentIndex(m_filter->index(0, 0), QItemSelectionModel::NoUpdate);
            return;
        }
        if (!current.isValid() || current.data(DialogueRecordModel::KeyRole).toString() != m_details->shownKey())
            showCurrent();
        else
            updateActions();
    });
    connect(m_flag, &QPushButton::clicked, this, [this] {
        const QString error = flagSelected(m_flag->property("flags").toBool());
        if (!error.isEmpty())
            Q_EMIT failed(error);
    });
    connect(m_delete, &QPushButton::clicked, this, [this] {
        const QString error = deleteSelected(m_delete->property("deletes").toBool());
        if (!error.isEmpty())
            Q_EMIT failed(error);
    });
    connect(m_model, &DialogueRecordModel::editsChanged, this, [this] {
        saveEdits();
        updateStatus();
        showCurrent();
        updateActions();
    });
    connect(m_saver, &DialogueEditsSaver::failed, this, [this](const QString &sidecar, const QString &error) {
        // The edits stay shown (they are kept here and the next edit writes them all
        // again), and the status line says they are not on disk until a write succeeds.
        m_unsavedSidecar = sidecar;
        if (!m_loading)
            updateStatus();
        // crsw::Error names the file; say which one in any case, it is what the user must fix.
        const QString native = QDir::toNativeSeparators(sidecar);
        Q_EMIT failed(error.contains(sidecar) || error.contains(native)
                          ? tr("Edits not saved: %1").arg(error)
                          : tr("Edits not saved to %1: %2").arg(native, error));
    });
    connect(m_saver, &DialogueEditsSaver::saved, this, [this](const QString &sidecar) {
        if (sidecar != m_unsavedSidecar)
            return;
        m_unsavedSidecar.clear();
        if (!m_loading)
            updateStatus();
    });
    connect(&m_exportWatcher, &QFutureWatcherBase::finished, this, &DialogueBrowser::onExported);
    setWorkspace(nullptr);
}

DialogueBrowser::~DialogueBrowser()
{
    // The queued edits are written before the browser goes. Its parent may be
    // half destroyed by now, so a failure goes to the log (the saver's
    // qWarning), not through failed().
    m_saver->disconnect(this);
    m_saver->flush();
}

void DialogueBrowser::setWorkspace(std::shared_ptr<const Workspace> workspace)
{
    // The edits of the workspace shown reach its files before it goes.
    flushEdits();
    dropUnsavedEdits();
    ++m_generation; // outcomes of the previous workspace's jobs are ignored
    ++m_loadSeq;
    cancelStaleLoad(); // its corpus is of no use any more
    m_loading = m_startWhenCorpusRead = m_loadWhenShown = false;
    m_workspace = std::move(workspace);
    m_corpus.reset();
    m_path.clear();
    m_statusExtra.clear();
    m_model->setDataset(QString(), nullptr, nullptr, SynthRecordEdits());
    updateStrategies();
    setStatus(m_workspace ? tr("Run the synthesizer or choose a dataset.") : tr("No workspace is open."));
    refreshDatasets();
    updateActions();
}

void DialogueBrowser::refreshDatasets()
{
    m_dataset->clear();
    if (m_workspace) {
        QDir dir(QString::fromStdString(m_workspace->syntheticDir()));
        const QFileInfoList files = dir.entryInfoList({QStringLiteral("*.jsonl")}, QDir::Files, QDir::Name);
        for (const QFileInfo &file : files) {
            // Chat exports (the pipeline writes <name>.chat.jsonl beside <name>.jsonl) are no datasets.
            if (file.fileName().endsWith(QLatin1String(".chat.jsonl")))
                continue;
            m_dataset->addItem(file.completeBaseName(), file.absoluteFilePath());
        }
    }
    if (!m_path.isEmpty() && m_dataset->findData(m_path) < 0)
        m_dataset->addItem(tr("%1 (not written yet)").arg(QFileInfo(m_path).completeBaseName()), m_path);
    m_dataset->setCurrentIndex(m_dataset->findData(m_path));
    m_dataset->setPlaceholderText(tr("no synthetic datasets"));
}

void DialogueBrowser::setDatasetPath(const QString &path)
{
    const QString absolute = path.isEmpty() ? QString() : QFileInfo(path).absoluteFilePath();
    // Shown already, or being read: asking again changes nothing.
    if (absolute == m_path && !m_path.isEmpty() && (m_model->outPath() == m_path || m_loading))
        return;
    m_path = absolute;
    refreshDatasets();
    load(m_path);
}

QString DialogueBrowser::datasetPath() const
{
    return m_path;
}

void DialogueBrowser::reload()
{
    refreshDatasets();
    load(m_path);
}

void DialogueBrowser::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_loadWhenShown)
        load(m_path);
}

void DialogueBrowser::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    // Another page (or the pipeline) may read the sidecar next. Nothing is
    // pending but in the instant after a click, and one small write is quick.
    flushEdits();
}

bool DialogueBrowser::isBusy() const
{
    return m_loading || m_exporting;
}

void DialogueBrowser::flushEdits()
{
    m_saver->flush();
}

void DialogueBrowser::saveEdits()
{
    if (m_model->outPath().isEmpty())
        return;
    m_editsPath = m_model->outPath();
    m_editsTicket = m_saver->save(m_editsPath, m_model->edits());
}

QString DialogueBrowser::statusText() const
{
    return m_status->text();
}

void DialogueBrowser::setStatus(const QString &text)
{
    if (text == m_status->text())
        return;
    m_status->setText(text);
    Q_EMIT statusChanged(text);
}

void DialogueBrowser::load(const QString &path)
{
    dropUnsavedEdits();
    ++m_loadSeq; // from here on, what an earlier load reads is stale
    m_loading = m_startWhenCorpusRead = false;
    if (!m_workspace || path.isEmpty() || !QFileInfo::exists(path)) {
        cancelStaleLoad();
        m_loadWhenShown = false;
        m_statusExtra.clear();
        m_model->setDataset(path, nullptr, nullptr, SynthRecordEdits());
        updateStrategies();
        setStatus(path.isEmpty() ? tr("No dataset chosen.")
                                 : tr("%1 is not written yet: Run writes it.").arg(QFileInfo(path).fileName()));
        m_details->clearRecord(QString());
        updateActions();
        return;
    }
    if (!isVisible()) {
        cancelStaleLoad();
        m_loadWhenShown = true;
        setStatus(tr("%1 is read when the page is shown.").arg(QFileInfo(path).fileName()));
        updateActions();
        return;
    }
    m_loadWhenShown = false;
    m_loading = true;
    if (readingCorpus()) {
        // The slow part of the running load is this workspace's seed corpus:
        // let it finish, drop its records, and start this one with its corpus.
        m_startWhenCorpusRead = true;
        cancelStaleLoad(); // only tells it to skip its records
        setStatus(tr("Loading the seed corpus and %1…").arg(QFileInfo(path).fileName()));
        updateActions();
        return;
    }
    cancelStaleLoad();
    startLoad(path);
}

bool DialogueBrowser::readingCorpus() const
{
    return m_runningSeq != 0 && m_runningReadsCorpus && m_runningGeneration == m_generation;
}

void DialogueBrowser::cancelStaleLoad()
{
    if (m_runningSeq == 0)
        return;
    *m_runningSuperseded = true; // a load reading the corpus skips the records after it
    if (readingCorpus())
        return; // the corpus is worth finishing: the next load of this workspace reuses it
    if (m_runningJob)
        m_runningJob->cancel(); // it stops at its next check; onLoaded() drops what it returns
    m_runningSeq = 0;
    m_runningJob = nullptr;
}

void DialogueBrowser::startLoad(const QString &path)
{
    const quint64 seq = m_loadSeq;
    const quint64 generation = m_generation;
    setStatus(m_corpus ? tr("Reading %1…").arg(QFileInfo(path).fileName())
                       : tr("Loading the seed corpus and %1…").arg(QFileInfo(path).fileName()));
    // Edits queued before this load reach the sidecar before the load reads it.
    const quint64 editsTicket = m_saver->lastTicket();
    const std::function<void()> editsWritten = m_saver->waiterFor(editsTicket);
    // Set on the GUI thread once the load is superseded, read by the worker after the corpus.
    auto superseded = std::make_shared<std::atomic_bool>(false);
    std::shared_ptr<const Workspace> workspace = m_workspace;
    std::shared_ptr<const SeedCorpus> corpus = m_corpus;
    auto handle = m_runner->start<DialogueData>(
        tr("Reading synthetic dialogues"), [workspace, path, corpus, editsWritten, superseded](Progress &progress) {
            editsWritten();
            return DialogueData::load(*workspace, path, corpus, progress, [superseded] { return !*superseded; });
        });
    m_runningSeq = seq;
    m_runningGeneration = generation;
    m_runningReadsCorpus = !corpus;
    m_runningJob = handle.job;
    m_runningSuperseded = superseded;
    if (handle.job) {
        connect(handle.job, &Job::progressChanged, this, [this, seq](double, const QString &message) {
            if (seq == m_loadSeq && !message.isEmpty())
                setStatus(message); // else superseded: the status says what the newest load waits for
        });
    }
    auto *watcher = new QFutureWatcher<JobOutcome<DialogueData>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this,
            [this, watcher, seq, generation, editsTicket] {
                watcher->deleteLater();
                onLoaded(seq, generation, editsTicket, watcher->result());
            });
    watcher->setFuture(handle.future);
    updateActions();
}

void DialogueBrowser::onLoaded(quint64 seq, quint64 generation, quint64 editsTicket,
                               JobOutcome<DialogueData> outcome)
{
    const bool awaited = seq == m_runningSeq;
    if (awaited) {
        m_runningSeq = 0;
        m_runningJob = nullptr;
    }
    if (generation == m_generation && !m_corpus && outcome.value && outcome.value->corpus)
        m_corpus = outcome.value->corpus; // same workspace: kept for the next read, even from a stale load
    if (seq != m_loadSeq) {
        // Superseded: its records are dropped (off this thread). The newest load may have waited for its corpus.
        if (outcome.value)
            DialogueIndex::releaseOnWorker(std::move(outcome.value->records), std::move(outcome.value->index));
        if (awaited && std::exchange(m_startWhenCorpusRead, false))
            startLoad(m_path);
        return;
    }
    m_loading = false;
    if (!outcome.succeeded() || !outcome.value->records) {
        setStatus(outcome.cancelled ? tr("Reading cancelled.") : outcome.error);
        updateActions();
        Q_EMIT loaded(false);
        return;
    }
    const DialogueData &data = *outcome.value;
    if (data.corpus)
        m_corpus = data.corpus;
    SynthRecordEdits edits = data.edits;
    // Edits made while this load ran are newer than the sidecar it read.
    if (m_model->outPath() == data.path && m_editsPath == data.path && m_editsTicket > editsTicket)
        edits = m_model->edits();
    const QString keepKey = m_details->shownKey();
    m_model->setDataset(data.path, data.records, data.index, std::move(edits));
    updateStrategies();
    const QLocale locale;
    QString extra = tr(" · hallucination rate %1%").arg(locale.toString(data.index->hallucinationPercent(), 'f', 1));
    if (data.problemCount)
        extra += tr(" · %1 malformed lines (first: %2)").arg(data.problemCount).arg(data.problems.value(0));
    if (!data.corpusError.isEmpty())
        extra += tr(" · no seed reviews: %1").arg(data.corpusError);
    if (!data.editsError.isEmpty())
        extra += tr(" · edits not read: %1").arg(data.editsError);
    m_statusExtra = extra;
    updateStatus();
    if (keepKey.isEmpty() || !selectKey(keepKey)) {
        if (m_filter->rowCount() > 0)
            m_table->selectRow(0);
        else
            m_details->clearRecord(tr("No record matches."));
    }
    updateActions();
    Q_EMIT loaded(true);
}

void DialogueBrowser::updateStrategies()
{
    const QString current = m_strategy->currentData().toString();
    m_strategy->blockSignals(true);
    m_strategy->clear();
    m_strategy->addItem(tr("Any strategy"), QString());
    const QStringList strategies = m_model->strategies();
    for (const QString &s : strategies)
        m_strategy->addItem(s, s);
    m_strategy->setCurrentIndex(std::max(0, m_strategy->findData(current)));
    m_strategy->blockSignals(false);
    m_filter->setStrategy(m_strategy->currentData().toString());
}

void DialogueBrowser::showCurrent()
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    const SynthRecord *r = current.isValid() ? m_model->record(m_filter->mapToSource(current).row()) : nullptr;
    if (r)
        m_details->showRecord(*r, m_model->edits(), m_corpus.get());
    else
        m_details->clearRecord(m_model->rowCount() ? tr("Choose a record to see it in full.") : QString());
    updateActions();
}

QList<int> DialogueBrowser::selectedRows() const
{
    QList<int> rows;
    const QModelIndexList selected = m_table->selectionModel()->selectedRows();
    for (const QModelIndex &index : selected)
        rows << m_filter->mapToSource(index).row();
    return rows;
}

void DialogueBrowser::updateActions()
{
    const QList<int> rows = selectedRows();
    bool anyUnflagged = false, anyKept = false;
    for (const int row : rows) {
        if (const SynthRecord *r = m_model->record(row)) {
            anyUnflagged |= !m_model->edits().isFlagged(r->key);
            anyKept |= !m_model->edits().isDeleted(r->key);
        }
    }
    // Each button does what most of the selection needs: flag unless all are flagged.
    m_flag->setProperty("flags", rows.isEmpty() || anyUnflagged);
    m_flag->setText(rows.isEmpty() || anyUnflagged ? tr("Flag") : tr("Unflag"));
    m_delete->setProperty("deletes", rows.isEmpty() || anyKept);
    m_delete->setText(rows.isEmpty() || anyKept ? tr("Delete") : tr("Restore"));
    m_flag->setEnabled(!rows.isEmpty());
    m_delete->setEnabled(!rows.isEmpty());
    m_export->setEnabled(!m_exporting && m_model->rowCount() > 0);
    m_reload->setEnabled(!m_loading && m_workspace != nullptr);
}

bool DialogueBrowser::selectKey(const QString &key)
{
    for (int pass = 0; pass < 2; ++pass) {
        for (int row = 0; row < m_filter->rowCount(); ++row) {
            const QModelIndex index = m_filter->index(row, 0);
            if (index.data(DialogueRecordModel::KeyRole).toString() == key) {
                m_table->selectionModel()->setCurrentIndex(
                    index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
                m_table->scrollTo(index);
                return true;
            }
        }
        if (pass == 0) {
            // Hidden by a filter: show everything and look again.
            bool any = false;
            for (int row = 0; row < m_model->rowCount() && !any; ++row)
                any = m_model->index(row, 0).data(DialogueRecordModel::KeyRole).toString() == key;
            if (!any)
                return false;
            m_search->clear();
            m_kind->setCurrentIndex(0);
            m_strategy->setCurrentIndex(0);
            m_step->setValue(-1);
        }
    }
    return false;
}

QString DialogueBrowser::flagSelected(bool flagged)
{
    return m_model->setFlagged(selectedRows(), flagged);
}

QString DialogueBrowser::deleteSelected(bool deleted)
{
    return m_model->setDeleted(selectedRows(), deleted);
}

bool DialogueBrowser::shownEditsUnsaved() const
{
    return !m_unsavedSidecar.isEmpty() && !m_model->outPath().isEmpty()
           && m_unsavedSidecar == QString::fromStdString(SynthRecordEdits::sidecarPath(m_model->outPath().toStdString()));
}

void DialogueBrowser::dropUnsavedEdits()
{
    // The model is about to hold another dataset (or this one read again from disk).
    if (shownEditsUnsaved())
        Q_EMIT failed(tr("The edits that could not be saved to %1 are dropped: the dataset shown now is read from disk.")
                          .arg(QDir::toNativeSeparators(m_unsavedSidecar)));
    m_unsavedSidecar.clear();
}

void DialogueBrowser::updateStatus()
{
    if (!m_model->outPath().isEmpty() && m_model->rowCount() == 0 && m_statusExtra.isEmpty())
        return; // "not written yet" and the like stay
    const QLocale locale;
    QString unsaved;
    if (shownEditsUnsaved())
        unsaved = tr(" · edits NOT saved to %1 (kept here; the next edit writes them again)")
                      .arg(QFileInfo(m_unsavedSidecar).fileName());
    setStatus(tr("%1 records · %2 flagged · %3 deleted")
                          .arg(locale.toString(m_model->rowCount()),
                               locale.toString(qulonglong(m_model->edits().flagged().size())),
                               locale.toString(qulonglong(m_model->edits().deleted().size())))
                      + unsaved + m_statusExtra);
}

void DialogueBrowser::chooseExport(int which)
{
    if (!m_workspace || m_path.isEmpty())
        return;
    const QString reports = QString::fromStdString(m_workspace->reportsDir());
    const QString base = reports + QLatin1Char('/') + QFileInfo(m_path).completeBaseName();
    QString target;
    switch (which) {
    case ChatExport:
        target = QFileDialog::getSaveFileName(this, tr("Export Chat JSONL"), base + QStringLiteral("-chat.jsonl"),
                                              tr("JSON Lines (*.jsonl)"));
        if (!target.isEmpty())
            exportChat(target);
        break;
    case HeExport:
        target = QFileDialog::getExistingDirectory(this, tr("Export He et al. Format into Folder"), reports);
        if (!target.isEmpty())
            exportHe(target);
        break;
    case CsvExport:
        target = QFileDialog::getSaveFileName(this, tr("Export CSV"), base + QStringLiteral(".csv"), tr("CSV (*.csv)"));
        if (!target.isEmpty())
            exportCsv(target);
        break;
    }
}

void DialogueBrowser::startExport(const QString &title, const QString &target,
                                  std::function<void(const std::vector<SynthRecord> &)> write)
{
    if (m_exporting || m_path.isEmpty())
        return;
    m_exporting = true;
    const std::string out = m_path.toStdString();
    // The export reads the sidecar: the edits made before it must be there.
    const std::function<void()> editsWritten = m_saver->waiterFor(m_saver->lastTicket());
    auto handle = m_runner->start<QString>(title, [out, target, write, editsWritten](Progress &) {
        editsWritten();
        // From the files, as `crsw synth --export-*` does: OUT less the records deleted in its sidecar.
        write(synthexports::exportedRecords(out));
        return target;
    });
    m_exportWatcher.setFuture(handle.future);
    updateActions();
}

void DialogueBrowser::exportChat(const QString &path)
{
    if (!m_workspace)
        return;
    const std::string templatesDir = synthTemplatesDir(*m_workspace);
    const std::string target = path.toStdString();
    startExport(tr("Exporting chat JSONL"), path, [templatesDir, target](const std::vector<SynthRecord> &records) {
        const SynthTemplates templates = SynthTemplates::loadOrCreate(templatesDir);
        synthexports::writeChatJsonl(records, templates.recommend, target);
    });
}

void DialogueBrowser::exportHe(const QString &dir)
{
    const std::string target = dir.toStdString();
    startExport(tr("Exporting He et al. format"), dir, [target](const std::vector<SynthRecord> &records) {
        makeDirectories(target);
        synthexports::writeHeJsonl(records, target + "/test.jsonl", target + "/entity2id.json");
    });
}

void DialogueBrowser::exportCsv(const QString &path)
{
    const std::string target = path.toStdString();
    startExport(tr("Exporting CSV"), path,
                [target](const std::vector<SynthRecord> &records) { synthexports::writeCsv(records, target); });
}

void DialogueBrowser::onExported()
{
    m_exporting = false;
    const JobOutcome<QString> outcome = m_exportWatcher.result();
    updateActions();
    if (outcome.succeeded())
        Q_EMIT exported(*outcome.value);
    else
        Q_EMIT failed(outcome.cancelled ? tr("Export cancelled.") : outcome.error);
}

} // namespace crsw

// This header's moc output is compiled here, not in the shared mocs_compilation.cpp,
// where core/teacher's crsw::ChatMessage (chat_types.h) would meet core/model's
// (chat_format.h) from another page's header.
#include "moc_dialoguebrowser.cpp"
