#include "selectionpage.h"

#include "embeddingmap.h"
#include "jobrunner.h"
#include "messagebanner.h"
#include "pointdetailsview.h"
#include "runsummarylabel.h"
#include "selectioncontrols.h"
#include "selectionexporter.h"
#include "selectionmapview.h"
#include "selectionrun.h"
#include "selectionrunjob.h"

#include "select/kmeans.h"

#include <QDir>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

#include <utility>

namespace crsw {

namespace {
const QString kSlotNames[2] = {QStringLiteral("A"), QStringLiteral("B")};
} // namespace

SelectionPage::SelectionPage(JobRunner *runner, QWidget *parent)
    : QWidget(parent)
    , m_runner(runner)
    , m_status(new QLabel(this))
    , m_jobLabel(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_embedButton(new QPushButton(tr("Compute Embeddings"), this))
    , m_banner(new MessageBanner(this))
    , m_controls(new SelectionControls(this))
    , m_runSummary(new RunSummaryLabel(this))
    , m_details(new PointDetailsView(this))
    , m_view(new SelectionMapView(this))
    , m_exportMapButton(new QPushButton(tr("Export Map…"), this))
    , m_exportSelectionButton(new QPushButton(tr("Export Selection…"), this))
    , m_selection(new SelectionRunJob(runner, this))
    , m_exporter(new SelectionExporter(runner, this))
{
    setObjectName(QStringLiteral("selectionPage"));
    buildLayout();
    connect(m_selection, &SelectionRunJob::picksArrived, this, &SelectionPage::onPicksArrived);
    connect(m_selection, &SelectionRunJob::finished, this, &SelectionPage::onSelected);
    connect(m_exporter, &SelectionExporter::written, this, &SelectionPage::written);
    connect(m_exporter, &SelectionExporter::failed, this,
            [this](const QString &error) { m_banner->showMessage(MessageBanner::Kind::Error, error); });
    connect(m_cancel, &QPushButton::clicked, this, &SelectionPage::cancel);
    connect(m_embedButton, &QPushButton::clicked, this, &SelectionPage::computeEmbeddings);
    connect(m_controls, &SelectionControls::runRequested, this, &SelectionPage::runSelection);
    connect(m_controls, &SelectionControls::cancelRequested, this, &SelectionPage::cancel);
    connect(m_controls, &SelectionControls::clusteringChanged, this, [this] {
        // New K or seed: the cluster colours follow when they are shown.
        if (m_view->colouring() == SelectionMapView::Colouring::Cluster && !clustersMatchControls())
            computeClusters();
    });
    connect(m_view, &SelectionMapView::tsneWanted, this, &SelectionPage::computeTsne);
    connect(m_view, &SelectionMapView::clustersWanted, this, &SelectionPage::computeClusters);
    connect(m_view, &SelectionMapView::rowClicked, this, &SelectionPage::showRow);
    connect(m_view, &SelectionMapView::stepScrubbed, this, &SelectionPage::showPickAt);
    connect(m_exportMapButton, &QPushButton::clicked, this, &SelectionPage::chooseAndExportMap);
    connect(&m_loadWatcher, &QFutureWatcherBase::finished, this, &SelectionPage::onLoaded);
    connect(&m_embedWatcher, &QFutureWatcherBase::finished, this, &SelectionPage::onEmbedded);
    connect(&m_clusterWatcher, &QFutureWatcherBase::finished, this, &SelectionPage::onClustered);
    connect(&m_tsneWatcher, &QFutureWatcherBase::finished, this, &SelectionPage::onProjected);
    setWorkspace(nullptr);
}

SelectionPage::~SelectionPage() = default;

void SelectionPage::buildLayout()
{
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    m_progress->setMaximumWidth(200);
    QSizePolicy keep = m_progress->sizePolicy();
    keep.setRetainSizeWhenHidden(true);
    m_progress->setSizePolicy(keep);
    m_embedButton->setObjectName(QStringLiteral("computeEmbeddings"));
    m_embedButton->setToolTip(tr("Embed every review, its item and its user with the built-in TF-IDF + SVD embedder "
                                 "(what `crsw embed` does) and write them to the workspace's embeddings/ folder"));
    auto *top = new QHBoxLayout;
    top->addWidget(m_status, 1);
    top->addWidget(m_jobLabel);
    top->addWidget(m_progress);
    top->addWidget(m_cancel);
    top->addWidget(m_embedButton);

    auto *selectionBox = new QGroupBox(tr("Selection"), this);
    auto *selectionLayout = new QVBoxLayout(selectionBox);
    selectionLayout->addWidget(m_controls);
    selectionLayout->addWidget(m_runSummary);
    auto *pointBox = new QGroupBox(tr("Point"), this);
    auto *pointLayout = new QVBoxLayout(pointBox);
    pointLayout->setContentsMargins(4, 4, 4, 4);
    pointLayout->addWidget(m_details);
    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(selectionBox);
    leftLayout->addWidget(pointBox, 1);
    left->setMinimumWidth(260);
    left->setMaximumWidth(420);

    m_exportMapButton->setObjectName(QStringLiteral("exportMap"));
    m_exportSelectionButton->setObjectName(QStringLiteral("exportSelection"));
    auto *exportMenu = new QMenu(this);
    for (int slot = 0; slot < 2; ++slot) {
        exportMenu->addAction(tr("Run %1…").arg(kSlotNames[slot]), this,
                              [this, slot] { chooseAndExportSelection(slot); });
    }
    m_exportSelectionButton->setMenu(exportMenu);
    connect(exportMenu, &QMenu::aboutToShow, this, [this, exportMenu] {
        for (int slot = 0; slot < 2; ++slot) {
            const SelectionRun *r = run(slot);
            QAction *action = exportMenu->actions().value(slot);
            action->setEnabled(r && r->record());
            action->setText(r ? tr("Run %1: %2…").arg(kSlotNames[slot], r->label()) : tr("Run %1").arg(kSlotNames[slot]));
        }
    });
    m_view->addToolbarWidget(m_exportMapButton);
    m_view->addToolbarWidget(m_exportSelectionButton);

    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(m_view);
    split->setStretchFactor(0, 0);
    split->setStretchFactor(1, 1);
    split->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_banner);
    layout->addWidget(split, 1);
}

void SelectionPage::setWorkspace(std::shared_ptr<const Workspace> workspace)
{
    // Jobs for the previous workspace are cancelled and their outcomes ignored.
    cancel();
    m_job.clear();
    m_activity = Activity::Idle;
    m_selection->abandon();
    m_liveSlot = -1;
    m_pendingSlot = -1;
    ++m_workspaceGeneration;
    m_workspace = std::move(workspace);
    m_data.reset();
    m_clusters = Clusters();
    m_runs[0].reset();
    m_runs[1].reset();
    m_banner->clear();
    m_details->clearDetails(tr("Click a point of the map to see its review, item and user."));
    m_view->setData(nullptr, m_workspace ? tr("Loading…") : tr("No workspace is open."));
    m_status->setText(m_workspace ? QString() : tr("No workspace is open."));
    m_loadWhenShown = m_workspace != nullptr;
    if (m_loadWhenShown && isVisible())
        loadData();
    updateRunSummary();
    updateActions();
}

void SelectionPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    // Lazy, like the Data page: nothing is read until the page is seen.
    if (m_loadWhenShown)
        loadData();
}

void SelectionPage::beginActivity(Activity activity, const QString &title, Job *job)
{
    m_banner->clear();
    m_job = job;
    m_activity = activity;
    m_jobGeneration = m_workspaceGeneration;
    m_jobLabel->setText(title + QChar(0x2026));
    if (m_job) {
        connect(m_job, &Job::progressChanged, this, [this](double fraction, const QString &message) {
            if (fraction < 0) {
                m_progress->setRange(0, 0);
            } else {
                m_progress->setRange(0, 1000);
                m_progress->setValue(int(fraction * 1000));
            }
            m_jobLabel->setText(message);
        });
    }
    m_progress->setRange(0, 0);
    updateActions();
}

void SelectionPage::endActivity(const QString &error)
{
    m_job.clear();
    m_activity = Activity::Idle;
    m_jobLabel->clear();
    if (!error.isEmpty())
        m_banner->showMessage(MessageBanner::Kind::Error, error);
    updateActions();
}

template <typename T, typename Work>
void SelectionPage::startJob(Activity activity, const QString &title, QFutureWatcher<JobOutcome<T>> *watcher,
                             Work &&work)
{
    auto handle = m_runner->start<T>(title, std::forward<Work>(work));
    beginActivity(activity, title, handle.job);
    watcher->setFuture(handle.future);
}

template <typename T>
bool SelectionPage::takeOutcome(QFutureWatcher<JobOutcome<T>> *watcher, JobOutcome<T> *outcome)
{
    if (m_jobGeneration != m_workspaceGeneration)
        return false; // a job of a workspace no longer shown
    *outcome = watcher->result();
    endActivity(outcome->succeeded() || outcome->cancelled ? QString() : outcome->error);
    return true;
}

void SelectionPage::loadData()
{
    if (!m_workspace || isBusy())
        return;
    m_loadWhenShown = false;
    std::shared_ptr<const Workspace> workspace = m_workspace;
    startJob<SelectionMapData>(Activity::Loading, tr("Loading the embeddings"), &m_loadWatcher,
                               [workspace](Progress &progress) { return SelectionMapData::load(*workspace, progress); });
}

void SelectionPage::onLoaded()
{
    JobOutcome<SelectionMapData> outcome;
    if (!takeOutcome(&m_loadWatcher, &outcome))
        return;
    m_data = outcome.value;
    m_clusters = Clusters();
    m_runs[0].reset();
    m_runs[1].reset();
    QString empty;
    const QLocale locale;
    if (!m_data) {
        empty = outcome.cancelled ? tr("Loading cancelled.") : tr("The embeddings could not be loaded.");
        m_status->setText(empty);
    } else if (!m_data->ready()) {
        const bool stale = m_data->status.state == EmbeddingsStatus::State::Stale;
        empty = stale ? tr("The embeddings are out of date: compute them again.")
                      : tr("This workspace has no embeddings yet: Compute Embeddings embeds every review.");
        m_status->setText(empty);
        m_status->setToolTip(QString::fromStdString(m_data->status.reason));
    } else {
        const EmbeddingMatrix &reviews = m_data->embeddings->reviews;
        m_status->setText(tr("%1 reviews · %2 embeddings, d = %3 · loaded in %4 s")
                              .arg(locale.toString(qulonglong(reviews.rows())), m_data->embedder)
                              .arg(reviews.cols())
                              .arg(locale.toString(double(m_data->milliseconds) / 1000.0, 'f', 1)));
        m_status->setToolTip(QString::fromStdString(m_workspace->embeddingsDir()));
        m_controls->setRowCount(reviews.rows());
    }
    m_view->setData(m_data, empty);
    m_details->clearDetails(tr("Click a point of the map to see its review, item and user."));
    updateRunSummary();
    updateActions();
    Q_EMIT dataLoaded(m_data && m_data->ready());
    if (m_data && !m_data->ready() && m_embedWhenMissing) {
        m_embedWhenMissing = false; // once: a failing embed must not loop
        computeEmbeddings();
        return;
    }
    continuePending();
}

void SelectionPage::computeEmbeddings()
{
    if (!m_workspace || isBusy())
        return;
    std::shared_ptr<const Workspace> workspace = m_workspace;
    startJob<EmbedSummary>(Activity::Embedding, tr("Computing embeddings"), &m_embedWatcher,
                           [workspace](Progress &progress) { return embedWorkspace(*workspace, EmbedOptions(), progress); });
}

void SelectionPage::onEmbedded()
{
    JobOutcome<EmbedSummary> outcome;
    if (!takeOutcome(&m_embedWatcher, &outcome))
        return;
    Q_EMIT embeddingsComputed(outcome.succeeded());
    if (outcome.succeeded())
        loadData();
    else if (outcome.cancelled)
        m_jobLabel->setText(tr("Embedding cancelled."));
}

bool SelectionPage::clustersMatchControls() const
{
    const SelectionParams params = m_controls->params();
    return m_clusters.clusterOf && m_clusters.k == std::size_t(params.clusters) && m_clusters.seed == params.seed;
}

void SelectionPage::computeClusters()
{
    if (!m_data || !m_data->ready() || isBusy())
        return;
    const SelectionParams params = m_controls->params();
    std::shared_ptr<const SelectionMapData> data = m_data;
    KMeans::Options options;
    options.clusters = std::size_t(params.clusters);
    options.seed = params.seed;
    m_clusters = Clusters{options.clusters, options.seed, nullptr};
    // The same k-means (K, seed) as the JS strategy runs on the review embeddings.
    startJob<ClusterList>(Activity::Clustering, tr("k-means, K = %1").arg(params.clusters), &m_clusterWatcher,
                          [data, options](Progress &progress) {
                              const FeatureView view(data->embeddings->reviews);
                              return KMeans::run(view, options, progress).assignment;
                          });
}

void SelectionPage::onClustered()
{
    JobOutcome<ClusterList> outcome;
    if (!takeOutcome(&m_clusterWatcher, &outcome))
        return;
    Q_EMIT clustersFinished(outcome.succeeded());
    if (outcome.succeeded()) {
        Clusters clusters = m_clusters;
        clusters.clusterOf = outcome.value;
        applyClusters(std::move(clusters));
    } else {
        m_clusters = Clusters();
        m_pendingSlot = -1; // the run waiting for them is not started
    }
    continuePending();
}

void SelectionPage::applyClusters(Clusters clusters)
{
    m_clusters = std::move(clusters);
    m_view->setClusters(m_clusters.clusterOf, m_clusters.k);
    for (int slot = 0; slot < 2; ++slot) {
        if (m_runs[std::size_t(slot)]) {
            m_runs[std::size_t(slot)]->setClustering(m_clusters.clusterOf, m_clusters.k);
            m_view->showRun(slot, m_runs[std::size_t(slot)].get());
        }
    }
}

void SelectionPage::computeTsne()
{
    if (!m_data || !m_data->ready() || isBusy()) {
        m_view->setTsne(nullptr); // back to PCA until it can run
        return;
    }
    std::shared_ptr<const SelectionMapData> data = m_data;
    TsneProjection::Options options;
    options.seed = m_controls->params().seed;
    startJob<EmbeddingCoords>(Activity::Projecting, tr("t-SNE"), &m_tsneWatcher, [data, options](Progress &progress) {
        return std::move(TsneProjection::compute(data->embeddings->reviews, options, progress).coords);
    });
}

void SelectionPage::onProjected()
{
    JobOutcome<EmbeddingCoords> outcome;
    if (!takeOutcome(&m_tsneWatcher, &outcome))
        return;
    m_view->setTsne(outcome.value); // null on cancel or failure: back to PCA
    Q_EMIT tsneFinished(outcome.succeeded());
    continuePending();
}

void SelectionPage::runSelection(int slot)
{
    if (slot < 0 || slot > 1 || !m_data || !m_data->ready() || isBusy())
        return;
    // The coverage plot needs the clusters from the first pick on. Plain JS
    // computes exactly these itself, so it runs at once and hands them back;
    // any other strategy waits for a k-means job first.
    if (!clustersMatchControls() && m_controls->strategy() != SelectionStrategy::JS) {
        m_pendingSlot = slot;
        computeClusters();
        return;
    }
    startSelection(slot);
}

void SelectionPage::startSelection(int slot)
{
    SelectStageOptions options;
    options.strategy = m_controls->strategy();
    options.params = m_controls->params();
    auto run = std::make_unique<SelectionRun>(options.strategy, options.params);
    if (clustersMatchControls())
        run->setClustering(m_clusters.clusterOf, m_clusters.k);
    m_runs[std::size_t(slot)] = std::move(run);
    m_view->showRun(slot, m_runs[std::size_t(slot)].get());
    m_view->setStep(m_view->maxStep()); // at the end, the slider follows the new picks

    m_liveSlot = slot;
    // Exactly what `crsw select --workspace` runs, so the GUI and the CLI agree.
    const QString title =
        tr("Selecting %1 (%2)").arg(kSlotNames[slot], QString::fromStdString(strategyName(options.strategy)));
    beginActivity(Activity::Selecting, title, m_selection->start(m_workspace, options, title));
    updateRunSummary();
}

void SelectionPage::onPicksArrived(const std::vector<std::uint32_t> &rows, const std::vector<double> &scores)
{
    if (m_liveSlot < 0 || !m_runs[std::size_t(m_liveSlot)])
        return;
    m_runs[std::size_t(m_liveSlot)]->append(rows, scores);
    m_view->showRun(m_liveSlot, m_runs[std::size_t(m_liveSlot)].get());
    updateRunSummary();
}

void SelectionPage::onSelected(const JobOutcome<SelectStageSummary> &outcome)
{
    endActivity(outcome.succeeded() || outcome.cancelled ? QString() : outcome.error);
    const int slot = m_liveSlot;
    m_liveSlot = -1;
    SelectionRun *run = m_runs[std::size_t(slot)].get();
    if (outcome.succeeded()) {
        auto record = std::make_shared<const SelectionRecord>(std::move(outcome.value->record));
        if (run->picks() != record->result.picks) {
            // The record is authoritative (the live trace holds the same picks unless an observer was skipped).
            auto exact = std::make_unique<SelectionRun>(run->strategy(), run->params());
            exact->append(record->result.picks, record->result.scores);
            m_runs[std::size_t(slot)] = std::move(exact);
            run = m_runs[std::size_t(slot)].get();
        }
        run->finish(record, QString::fromStdString(outcome.value->path));
        const SelectionParams &p = record->result.params;
        if (!clustersMatchControls() && record->result.strategy == SelectionStrategy::JS
            && record->result.clusterOf.size() == m_data->embeddings->reviews.rows() && p.clusters == m_controls->params().clusters
            && p.seed == m_controls->params().seed) {
            applyClusters(Clusters{std::size_t(p.clusters), p.seed,
                                   std::make_shared<const ClusterList>(record->result.clusterOf)});
        } else if (clustersMatchControls()) {
            run->setClustering(m_clusters.clusterOf, m_clusters.k);
        }
    } else if (!outcome.cancelled) {
        m_runs[std::size_t(slot)].reset(); // failed: nothing to show
        run = nullptr;
        m_pendingRuns.clear();
    } else {
        m_pendingRuns.clear();
    }
    m_view->showRun(slot, run);
    if (run && !run->picks().empty() && m_details->row() < 0)
        showRow(run->picks().back()); // something to read at once: the last pick
    updateRunSummary();
    Q_EMIT selectionFinished(slot, outcome.succeeded());
    continuePending();
}

void SelectionPage::continuePending()
{
    if (isBusy() || !m_data)
        return;
    if (m_pendingSlot >= 0) {
        const int slot = std::exchange(m_pendingSlot, -1);
        if (clustersMatchControls())
            startSelection(slot);
        return;
    }
    if (m_data->ready() && !m_pendingRuns.isEmpty()) {
        const QPair<SelectionStrategy, std::size_t> next = m_pendingRuns.takeFirst();
        const int slot = std::min(m_pendingRunsStarted++, 1); // A, then B (and B again)
        m_controls->setStrategy(next.first);
        m_controls->setBudget(next.second);
        runSelection(slot);
        return;
    }
    if (m_data->ready() && m_view->colouring() == SelectionMapView::Colouring::Cluster && !clustersMatchControls())
        computeClusters();
}

void SelectionPage::runWhenReady(const QList<QPair<SelectionStrategy, std::size_t>> &runs)
{
    m_pendingRuns = runs;
    m_pendingRunsStarted = 0;
    m_embedWhenMissing = !runs.isEmpty();
    if (m_data && !m_data->ready() && m_embedWhenMissing && !isBusy()) {
        m_embedWhenMissing = false;
        computeEmbeddings();
        return;
    }
    continuePending();
}

void SelectionPage::cancel()
{
    m_pendingSlot = -1;
    if (m_job)
        m_job->cancel();
}

const SelectionRun *SelectionPage::run(int slot) const
{
    return slot >= 0 && slot < 2 ? m_runs[std::size_t(slot)].get() : nullptr;
}

QString SelectionPage::statusText() const
{
    return m_status->text();
}

void SelectionPage::showRow(long long row)
{
    if (!m_data || !m_data->ready() || row < 0 || std::size_t(row) >= m_data->corpus->reviewCount())
        return;
    QStringList notes;
    for (int slot = 0; slot < 2; ++slot) {
        const SelectionRun *r = run(slot);
        const std::size_t step = r ? r->stepOf(std::uint32_t(row)) : 0;
        if (step > 0) {
            notes << tr("Picked by %1 (%2) at step %3, score %4")
                         .arg(kSlotNames[slot], QString::fromStdString(strategyName(r->strategy())))
                         .arg(step)
                         .arg(r->scores()[step - 1], 0, 'g', 5);
        }
    }
    if (m_clusters.clusterOf && std::size_t(row) < m_clusters.clusterOf->size())
        notes << tr("k-means cluster %1 of %2").arg((*m_clusters.clusterOf)[std::size_t(row)] + 1).arg(m_clusters.k);
    m_details->showReview(*m_data->corpus, std::size_t(row), notes);
    m_view->markRow(row);
}

void SelectionPage::showPickAt(std::size_t step)
{
    // The pick made at this step: A's, or B's where A has fewer picks.
    for (int slot = 0; slot < 2; ++slot) {
        const SelectionRun *r = run(slot);
        if (r && step >= 1 && step <= r->picks().size()) {
            showRow(r->picks()[step - 1]);
            return;
        }
    }
}

QString SelectionPage::exportMap(const QString &path)
{
    const QString error = m_exporter->exportMap(m_view->map(), path);
    if (!error.isEmpty())
        m_banner->showMessage(MessageBanner::Kind::Error, error);
    return error;
}

void SelectionPage::exportSelection(int slot, const QString &path)
{
    const SelectionRun *r = run(slot);
    if (r && r->record())
        m_exporter->exportSelection(r->record(), m_data ? m_data->corpus : nullptr, path);
}

void SelectionPage::updateActions()
{
    const bool busy = isBusy();
    const bool ready = m_data && m_data->ready();
    m_controls->setState(ready && !busy, m_activity == Activity::Selecting);
    m_cancel->setEnabled(busy);
    m_cancel->setVisible(busy);
    m_progress->setVisible(busy);
    m_embedButton->setEnabled(m_workspace && !busy);
    m_embedButton->setText(ready ? tr("Recompute Embeddings") : tr("Compute Embeddings"));
    m_embedButton->setVisible(m_workspace && m_data);
    m_exportMapButton->setEnabled(ready);
    m_exportSelectionButton->setEnabled((run(0) && run(0)->record()) || (run(1) && run(1)->record()));
}

void SelectionPage::updateRunSummary()
{
    m_runSummary->showRuns(run(0), run(1), m_liveSlot,
                           m_workspace ? QString::fromStdString(m_workspace->root()) : QString());
    updateActions();
}

QString SelectionPage::reportsFolder() const
{
    return m_workspace ? QString::fromStdString(m_workspace->reportsDir()) : QDir::homePath();
}

void SelectionPage::chooseAndExportMap()
{
    const QString path = m_exporter->chooseMapPath(reportsFolder());
    if (!path.isEmpty() && exportMap(path).isEmpty())
        m_jobLabel->setText(tr("Wrote %1.").arg(QDir::toNativeSeparators(path)));
}

void SelectionPage::chooseAndExportSelection(int slot)
{
    const SelectionRun *r = run(slot);
    if (!r || !r->record())
        return;
    const QString path = m_exporter->chooseSelectionPath(reportsFolder(), QFileInfo(r->path()).completeBaseName(),
                                                         tr("Export Selection %1").arg(kSlotNames[slot]));
    if (!path.isEmpty())
        exportSelection(slot, path);
}

} // namespace crsw
