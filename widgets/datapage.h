#pragma once

#include "joboutcome.h"
#include "loadedcorpus.h"
#include "pipeline/workspace.h"

#include <QFutureWatcher>
#include <QPointer>
#include <QWidget>

#include <memory>

class QLabel;
class QProgressBar;
class QPushButton;
class QTabWidget;

namespace crsw {

class CorpusStatsView;
class CorpusTableView;
class Job;
class JobRunner;
class LoadReportView;
class MessageBanner;

/// The Data page: loads the workspace's seed corpus on a worker thread
/// (progress, Cancel) the first time the page is shown, then shows its
/// statistics and charts, searchable million-row tables of items and reviews,
/// and the malformed-line report.
class DataPage : public QWidget {
    Q_OBJECT
public:
    /// A page that runs its loads and searches through `runner`.
    explicit DataPage(JobRunner *runner, QWidget *parent = nullptr);

    /// Shows a workspace; its corpus is loaded when the page is next visible.
    void setWorkspace(std::shared_ptr<const Workspace> workspace);
    /// Loads (again) the workspace's seed corpus now.
    void loadCorpus();
    /// Cancels a load in progress.
    void cancelLoad();
    /// True while a load runs.
    bool isLoading() const { return m_loading; }

    /// The loaded corpus, or null.
    std::shared_ptr<const LoadedCorpus> corpus() const { return m_loaded; }
    /// Parts of the page (the main window and tests reach them here).
    CorpusStatsView *statsView() const { return m_stats; }
    CorpusTableView *itemsView() const { return m_items; }
    CorpusTableView *reviewsView() const { return m_reviews; }
    LoadReportView *reportView() const { return m_report; }
    QTabWidget *tabs() const { return m_tabs; }
    MessageBanner *banner() const { return m_banner; }

Q_SIGNALS:
    /// A load ended (succeeded: the corpus is shown).
    void loadFinished(bool succeeded);
    /// The user chose new seed corpus files for the workspace.
    void seedCorpusChosen(const QString &reviews, const QString &metadata);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void onLoaded();
    void chooseSeedCorpus();
    void showCorpus(std::shared_ptr<const LoadedCorpus> loaded);
    void updateActions();

    JobRunner *m_runner;
    std::shared_ptr<const Workspace> m_workspace;
    std::shared_ptr<const LoadedCorpus> m_loaded;
    QFutureWatcher<JobOutcome<LoadedCorpus>> m_watcher;
    QPointer<Job> m_job; // for cancel() only: the runner deletes it once it has finished
    bool m_loading = false;
    bool m_loadWhenShown = false;
    quint64 m_workspaceGeneration = 0; // bumped by setWorkspace()
    quint64 m_loadGeneration = 0;      // the generation the running load belongs to

    QLabel *m_source;
    QPushButton *m_loadButton;
    QPushButton *m_chooseButton;
    QPushButton *m_cancelButton;
    QProgressBar *m_progress;
    QLabel *m_status;
    MessageBanner *m_banner;
    QTabWidget *m_tabs;
    CorpusStatsView *m_stats;
    CorpusTableView *m_items;
    CorpusTableView *m_reviews;
    LoadReportView *m_report;
};

} // namespace crsw
