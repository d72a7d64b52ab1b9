#pragma once

#include "eval/answer_evaluator.h"
#include "joboutcome.h"
#include "pipeline/workspace.h"

#include <QFutureWatcher>
#include <QPointer>
#include <QWidget>

#include <memory>

class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;

namespace crsw {

class EvaluationInputs;
class EvaluationResultsModel;
class Job;
class JobRunner;
class MessageBanner;
class MetricChart;

/// The Evaluation page: scores an answers file against a He et al. test set
/// with the full protocol on a worker thread (progress, Cancel), shows the
/// results table (settings x conditions, Recall/NDCG/MRR@k and the sample
/// count) and a bar chart of Recall@k and NDCG@k with 95% CI error bars for
/// the selected row, and exports the chart (PNG, PDF, SVG), the table (CSV in
/// He et al.'s summary layout) and every output file of the evaluation.
class EvaluationPage : public QWidget {
    Q_OBJECT
public:
    /// One finished evaluation and what it was run on.
    struct Run {
        EvaluationResult result;
        EvaluationOptions options;
        QString benchmark; ///< empty for files chosen by hand
        QString testSet;
        QString answers;
        qint64 milliseconds = 0;
    };

    /// A page that runs its evaluations and exports through `runner`.
    explicit EvaluationPage(JobRunner *runner, QWidget *parent = nullptr);

    /// Shows a workspace: its benchmarks and default answers; clears results.
    void setWorkspace(std::shared_ptr<const Workspace> workspace);
    /// Picks up answers files that appeared since (after a pipeline run).
    void refreshDefaults();

    /// Starts evaluating the chosen inputs (no-op while one runs).
    void runEvaluation();
    /// Cancels the running evaluation.
    void cancelEvaluation();
    /// True while an evaluation runs.
    bool isRunning() const;

    /// Plots a row of the results table.
    void selectRow(int row);
    /// Saves the chart (format by suffix) now; returns the error text or empty.
    QString exportPlot(const QString &path);
    /// Writes the results table as CSV (He et al.'s summary columns, prefixed by
    /// filtered and exclude_seen, followed by samples) on a worker thread.
    void exportTable(const QString &path);
    /// Writes every output of the evaluation into `dir` on a worker thread.
    void saveOutputs(const QString &dir);
    /// The results table as CSV text (what exportTable writes).
    QString tableCsv() const;

    /// Parts of the page and the last result (the main window and tests reach them here).
    EvaluationInputs *inputs() const { return m_inputs; }
    EvaluationResultsModel *resultsModel() const { return m_model; }
    QTableView *resultsView() const { return m_table; }
    MetricChart *chart() const { return m_chart; }
    MessageBanner *banner() const { return m_banner; }
    std::shared_ptr<const Run> lastRun() const { return m_run; }

Q_SIGNALS:
    /// An evaluation ended (succeeded: results are shown).
    void evaluationFinished(bool succeeded);
    /// A file or folder was written by exportTable() or saveOutputs().
    void written(const QString &path);

private:
    void buildLayout();
    void onFinished();
    void onRowChanged();
    void updateActions();
    void chooseAndExportPlot();
    void chooseAndExportTable();
    void chooseAndSaveOutputs();
    template <typename Work>
    void writeInBackground(const QString &title, const QString &path, Work &&work);
    QString defaultReportPath(const QString &suffix) const;

    JobRunner *m_runner;
    std::shared_ptr<const Workspace> m_workspace;
    std::shared_ptr<const Run> m_run;
    QFutureWatcher<JobOutcome<Run>> m_watcher;
    QPointer<Job> m_job;   // for cancel() only: the runner deletes it once it has finished
    bool m_running = false;
    quint64 m_workspaceGeneration = 0; // bumped by setWorkspace()
    quint64 m_runGeneration = 0;       // the generation the running evaluation belongs to

    EvaluationInputs *m_inputs;
    MessageBanner *m_banner;
    QPushButton *m_runButton;
    QPushButton *m_cancelButton;
    QProgressBar *m_progress;
    QLabel *m_status;
    EvaluationResultsModel *m_model;
    QTableView *m_table;
    MetricChart *m_chart;
    QPushButton *m_exportPlotButton;
    QPushButton *m_exportTableButton;
    QPushButton *m_saveOutputsButton;
};

} // namespace crsw
