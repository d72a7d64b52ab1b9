#pragma once

#include "dialoguedata.h"
#include "joboutcome.h"

#include "pipeline/workspace.h"

#include <QFutureWatcher>
#include <QPointer>
#include <QWidget>

#include <atomic>
#include <functional>
#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableView;

namespace crsw {

class DialogueDetailView;
class DialogueEditsSaver;
class DialogueFilterModel;
class DialogueRecordModel;
class Job;
class JobRunner;
class SeedCorpus;

/// The dialogue browser: every record of a synthetic dataset
/// (W/synthetic/*.jsonl) in a table with search and filters, the chosen
/// record in full beside it, Flag and Delete (kept in the dataset's edits
/// sidecar, never in OUT itself), and exports of the records not deleted as
/// chat JSONL, He et al.'s test.jsonl + entity2id.json, or CSV. Reading,
/// indexing and exporting run on worker threads, and the newest load wins
/// (an older one still running is cancelled and its records are dropped);
/// edits show at once and are written to the sidecar by one worker, in order
/// (DialogueEditsSaver), flushed when the workspace changes, the browser is
/// hidden or destroyed.
class DialogueBrowser : public QWidget {
    Q_OBJECT
public:
    /// A browser that reads and exports through `runner`.
    explicit DialogueBrowser(JobRunner *runner, QWidget *parent = nullptr);
    /// Writes the edits still queued first.
    ~DialogueBrowser() override;

    /// Shows a workspace's datasets (or none); its corpus loads with the first dataset.
    void setWorkspace(std::shared_ptr<const Workspace> workspace);
    /// Lists W/synthetic again, keeping the dataset shown.
    void refreshDatasets();
    /// Shows `path` (loaded when it exists; else the browser says it is not written yet).
    void setDatasetPath(const QString &path);
    /// The dataset shown ("" when none).
    QString datasetPath() const;
    /// Reads the dataset shown again (after a run).
    void reload();
    /// True while a load or export runs.
    bool isBusy() const;
    /// Blocks until every edit made so far is written to its sidecar; a
    /// failure is reported through failed() before it returns.
    void flushEdits();

    /// Selects the record with this key (clearing the filters if it is hidden); false if absent.
    bool selectKey(const QString &key);
    /// Flags (or unflags) the selected records; "" or the error.
    QString flagSelected(bool flagged);
    /// Deletes (or restores) the selected records; "" or the error.
    QString deleteSelected(bool deleted);

    /// Writes the records not deleted; exported() or failed() follow.
    /// As chat JSONL ({"messages": [...]}) for fine-tuning.
    void exportChat(const QString &path);
    /// As He et al.'s test.jsonl + entity2id.json in `dir`.
    void exportHe(const QString &dir);
    /// As CSV, one row per record.
    void exportCsv(const QString &path);

    /// Parts (the page and tests reach them here).
    DialogueRecordModel *model() const { return m_model; }
    DialogueFilterModel *filter() const { return m_filter; }
    QTableView *table() const { return m_table; }
    DialogueDetailView *details() const { return m_details; }
    QLineEdit *searchField() const { return m_search; }
    QComboBox *kindBox() const { return m_kind; }
    QComboBox *strategyBox() const { return m_strategy; }
    QSpinBox *stepBox() const { return m_step; }
    /// The status line: what is being read ("Indexing N records…"), or the dataset's figures.
    QString statusText() const;
    std::shared_ptr<const SeedCorpus> corpus() const { return m_corpus; }

Q_SIGNALS:
    /// A dataset was read (or failed to be: `ok` false); a superseded load says nothing.
    void loaded(bool ok);
    /// The status line changed (progress of a load, the figures of a dataset).
    void statusChanged(const QString &text);
    /// An export was written.
    void exported(const QString &path);
    /// An export failed, or edits could not be saved (the text names the sidecar).
    void failed(const QString &error);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void load(const QString &path);
    void startLoad(const QString &path);
    void cancelStaleLoad();
    bool readingCorpus() const;
    void onLoaded(quint64 seq, quint64 generation, quint64 editsTicket, JobOutcome<DialogueData> outcome);
    void saveEdits();
    void setStatus(const QString &text);
    void onExported();
    void showCurrent();
    void updateActions();
    void updateStatus();
    void updateStrategies();
    QList<int> selectedRows() const;
    void startExport(const QString &title, const QString &path, std::function<void(const std::vector<SynthRecord> &)> write);
    void chooseExport(int which);

    JobRunner *m_runner;
    std::shared_ptr<const Workspace> m_workspace;
    std::shared_ptr<const SeedCorpus> m_corpus;
    QString m_path;
    QString m_statusExtra; // the loaded dataset's hallucination rate and problems
    QString m_unsavedSidecar; // the last write of this sidecar failed: the status says so until one succeeds
    /// The last write of the shown dataset's sidecar failed (its edits are only in memory).
    bool shownEditsUnsaved() const;
    /// Forgets the unsaved-edits note before the model gets another dataset,
    /// saying in the banner when the shown dataset's unsaved edits go with it.
    void dropUnsavedEdits();
    quint64 m_generation = 0;     // bumped by setWorkspace()
    quint64 m_loadSeq = 0;        // bumped by every load(): an outcome of an older load is stale
    // The load job awaited (0: none): a superseded one is cancelled and forgotten,
    // unless it reads this workspace's seed corpus, which the newest load then reuses.
    quint64 m_runningSeq = 0;
    quint64 m_runningGeneration = 0;
    bool m_runningReadsCorpus = false;
    QPointer<Job> m_runningJob;
    std::shared_ptr<std::atomic_bool> m_runningSuperseded; // shared with the job
    bool m_loading = false;       // the dataset asked for last is being read
    bool m_startWhenCorpusRead = false; // it waits for the running load's corpus
    bool m_loadWhenShown = false; // lazy: the corpus is read only once the browser is seen
    bool m_exporting = false;
    QFutureWatcher<JobOutcome<QString>> m_exportWatcher;
    QString m_editsPath;          // the dataset of the latest edits queued, and their ticket
    quint64 m_editsTicket = 0;

    QComboBox *m_dataset;
    QPushButton *m_reload;
    QLabel *m_status;
    QLineEdit *m_search;
    QComboBox *m_kind;
    QComboBox *m_strategy;
    QSpinBox *m_step;
    QTableView *m_table;
    DialogueDetailView *m_details;
    QPushButton *m_flag;
    QPushButton *m_delete;
    QPushButton *m_export;
    DialogueRecordModel *m_model;
    DialogueFilterModel *m_filter;
    DialogueEditsSaver *m_saver;
};

} // namespace crsw
