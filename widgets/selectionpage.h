#pragma once

#include "joboutcome.h"
#include "selectionmapdata.h"

#include "embed/projection/tsne_projection.h"
#include "pipeline/embed_stage.h"
#include "pipeline/select_stage.h"
#include "pipeline/workspace.h"

#include <QFutureWatcher>
#include <QList>
#include <QPair>
#include <QPointer>
#include <QWidget>

#include <array>
#include <memory>
#include <vector>

class QLabel;
class QProgressBar;
class QPushButton;

namespace crsw {

class Job;
class JobRunner;
class MessageBanner;
class PointDetailsView;
class RunSummaryLabel;
class SelectionControls;
class SelectionExporter;
class SelectionMapView;
class SelectionRun;
class SelectionRunJob;

/// The Embeddings & Selection page (issue 3 §4): computes the workspace's
/// embeddings when it has none, draws every review on a 2-D map (PCA, or
/// t-SNE on demand) coloured by category, rating or k-means cluster, runs a
/// selection strategy on a worker thread while its picks appear on the map in
/// order, and shows two runs side by side with their score and coverage
/// traces and a step slider. Clicking a point shows its review, item and
/// user; the map exports as PNG/PDF/SVG and a run as JSON/CSV. One job runs
/// at a time (loading, embedding, clustering, t-SNE or a selection); Cancel
/// stops it. The GUI thread only draws: picks reach it from the worker
/// through SelectionRunJob every 40 ms.
class SelectionPage : public QWidget {
    Q_OBJECT
public:
    /// A page that runs its jobs through `runner`.
    explicit SelectionPage(JobRunner *runner, QWidget *parent = nullptr);
    ~SelectionPage() override;

    /// Shows a workspace; its data loads when the page is next visible.
    void setWorkspace(std::shared_ptr<const Workspace> workspace);
    /// Loads (again) the embeddings, the corpus and the PCA map.
    void loadData();
    /// Embeds the workspace's corpus (the embed stage), then loads the map.
    void computeEmbeddings();
    /// Runs the controls' strategy and parameters into slot 0 (A) or 1 (B).
    void runSelection(int slot);
    /// Computes the t-SNE layout and shows it.
    void computeTsne();
    /// Computes the k-means clusters (the controls' K and seed) for colours and coverage.
    void computeClusters();
    /// Cancels the running job.
    void cancel();
    /// True while a job of the page runs.
    bool isBusy() const { return m_activity != Activity::Idle; }

    /// Shows review `row` in the details and rings it on the map.
    void showRow(long long row);
    /// Shows the review picked at 1-based `step` (by A, else B).
    void showPickAt(std::size_t step);
    /// Saves the map (format by suffix: .png, .pdf, .svg); returns the error or empty.
    QString exportMap(const QString &path);
    /// Writes run `slot` as JSON or CSV (by suffix) on a worker; written() or the banner follow.
    void exportSelection(int slot, const QString &path);
    /// Once the data is loaded (embedding the corpus first if it has no
    /// embeddings), runs each (strategy, budget) in turn as A, B (for --select).
    void runWhenReady(const QList<QPair<SelectionStrategy, std::size_t>> &runs);

    /// Parts and state (the main window and tests reach them here).
    SelectionControls *controls() const { return m_controls; }
    SelectionMapView *mapView() const { return m_view; }
    PointDetailsView *details() const { return m_details; }
    MessageBanner *banner() const { return m_banner; }
    std::shared_ptr<const SelectionMapData> data() const { return m_data; }
    const SelectionRun *run(int slot) const;
    QString statusText() const;

Q_SIGNALS:
    /// A load ended; `ready`: the map shows the embeddings.
    void dataLoaded(bool ready);
    /// Computing the embeddings ended.
    void embeddingsComputed(bool succeeded);
    /// A selection ended (succeeded: its record was written).
    void selectionFinished(int slot, bool succeeded);
    /// The t-SNE layout ended.
    void tsneFinished(bool succeeded);
    /// The k-means clusters ended.
    void clustersFinished(bool succeeded);
    /// An export was written.
    void written(const QString &path);

protected:
    void showEvent(QShowEvent *event) override;

private:
    enum class Activity { Idle, Loading, Embedding, Clustering, Projecting, Selecting };
    // The clusters the map and the coverage use: k-means of the reviews.
    struct Clusters {
        std::size_t k = 0;
        std::uint64_t seed = 0;
        std::shared_ptr<const std::vector<std::uint32_t>> clusterOf;
    };
    using ClusterList = std::vector<std::uint32_t>;
    using EmbeddingCoords = EmbeddingMatrix;

    void buildLayout();
    void beginActivity(Activity activity, const QString &title, Job *job);
    void endActivity(const QString &error);
    template <typename T, typename Work>
    void startJob(Activity activity, const QString &title, QFutureWatcher<JobOutcome<T>> *watcher, Work &&work);
    template <typename T>
    bool takeOutcome(QFutureWatcher<JobOutcome<T>> *watcher, JobOutcome<T> *outcome);
    void startSelection(int slot);
    void onLoaded();
    void onEmbedded();
    void onClustered();
    void onProjected();
    void onPicksArrived(const std::vector<std::uint32_t> &rows, const std::vector<double> &scores);
    void onSelected(const JobOutcome<SelectStageSummary> &outcome);
    void applyClusters(Clusters clusters);
    bool clustersMatchControls() const;
    void continuePending();
    void updateActions();
    void updateRunSummary();
    void chooseAndExportMap();
    void chooseAndExportSelection(int slot);
    QString reportsFolder() const;

    JobRunner *m_runner;
    std::shared_ptr<const Workspace> m_workspace;
    std::shared_ptr<const SelectionMapData> m_data;
    Clusters m_clusters;
    std::array<std::unique_ptr<SelectionRun>, 2> m_runs;

    Activity m_activity = Activity::Idle;
    QPointer<Job> m_job; // for cancel() only: the runner deletes it once it has finished
    quint64 m_workspaceGeneration = 0;
    quint64 m_jobGeneration = 0;
    bool m_loadWhenShown = false;
    int m_pendingSlot = -1;                                     // run after the clusters
    QList<QPair<SelectionStrategy, std::size_t>> m_pendingRuns; // --select
    int m_pendingRunsStarted = 0;
    bool m_embedWhenMissing = false;

    int m_liveSlot = -1; // the slot the running selection fills

    QFutureWatcher<JobOutcome<SelectionMapData>> m_loadWatcher;
    QFutureWatcher<JobOutcome<EmbedSummary>> m_embedWatcher;
    QFutureWatcher<JobOutcome<ClusterList>> m_clusterWatcher;
    QFutureWatcher<JobOutcome<EmbeddingCoords>> m_tsneWatcher;

    QLabel *m_status;
    QLabel *m_jobLabel;
    QProgressBar *m_progress;
    QPushButton *m_cancel;
    QPushButton *m_embedButton;
    MessageBanner *m_banner;
    SelectionControls *m_controls;
    RunSummaryLabel *m_runSummary;
    PointDetailsView *m_details;
    SelectionMapView *m_view;
    QPushButton *m_exportMapButton;
    QPushButton *m_exportSelectionButton;
    SelectionRunJob *m_selection;
    SelectionExporter *m_exporter;
};

} // namespace crsw
