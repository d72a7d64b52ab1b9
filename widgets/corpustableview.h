#pragma once

#include "corpustablemodel.h"
#include "joboutcome.h"

#include <QFutureWatcher>
#include <QPointer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QTableView;
class QTimer;

namespace crsw {

class Job;
class JobRunner;

/// A corpus table with a search field. Typing starts the core search (after a
/// short pause) on a worker thread; a newer query cancels the older one, and
/// the table shows only the rows found. The view asks the model for the
/// visible rows only, with fixed row heights, so a million rows scroll freely.
class CorpusTableView : public QWidget {
    Q_OBJECT
public:
    /// Takes ownership of `model`.
    CorpusTableView(CorpusTableModel *model, JobRunner *runner, const QString &placeholder,
                    QWidget *parent = nullptr);

    /// Parts of the view.
    CorpusTableModel *model() const { return m_model; }
    QTableView *tableView() const { return m_table; }
    QLineEdit *searchField() const { return m_search; }

    /// Shows a corpus (null: none); clears the search.
    void setCorpus(std::shared_ptr<const SeedCorpus> corpus);
    /// Starts searching for `query` now (the field's text is set too).
    void search(const QString &query);
    /// True while a search job runs.
    bool isSearching() const { return m_searching; }

Q_SIGNALS:
    /// A search finished and the table shows its rows.
    void searchFinished(const QString &query, int rows);

private:
    void startSearch();
    void onSearchFinished();
    void updateCount();

    CorpusTableModel *m_model;
    JobRunner *m_runner;
    QLineEdit *m_search;
    QLabel *m_count;
    QTableView *m_table;
    QTimer *m_debounce;
    QFutureWatcher<JobOutcome<CorpusTableModel::Rows>> m_watcher;
    QPointer<Job> m_job; // for cancel() only: the runner deletes it once it has finished
    bool m_searching = false;
    QString m_runningQuery;
    quint64 m_corpusGeneration = 0; // bumped by setCorpus()
    quint64 m_searchGeneration = 0;  // the generation the running search was started in
};

} // namespace crsw
