#include "corpustableview.h"

#include "jobrunner.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace crsw {

CorpusTableView::CorpusTableView(CorpusTableModel *model, JobRunner *runner, const QString &placeholder,
                                 QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_runner(runner)
    , m_search(new QLineEdit(this))
    , m_count(new QLabel(this))
    , m_table(new QTableView(this))
    , m_debounce(new QTimer(this))
{
    m_model->setParent(this);
    m_search->setPlaceholderText(placeholder);
    m_search->setClearButtonEnabled(true);
    auto *top = new QHBoxLayout;
    top->addWidget(m_search, 1);
    top->addWidget(m_count);

    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideRight);
    // Fixed row heights and interactive (not content-sized) columns: the view
    // then never measures rows it does not show.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->setStretchLastSection(true);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);

    m_debounce->setSingleShot(true);
    m_debounce->setInterval(250);
    connect(m_search, &QLineEdit::textChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_debounce, &QTimer::timeout, this, &CorpusTableView::startSearch);
    connect(&m_watcher, &QFutureWatcher<JobOutcome<CorpusTableModel::Rows>>::finished, this,
            &CorpusTableView::onSearchFinished);
    updateCount();
}

void CorpusTableView::setCorpus(std::shared_ptr<const SeedCorpus> corpus)
{
    if (m_job)
        m_job->cancel();
    m_job.clear();
    m_searching = false;
    m_debounce->stop();
    m_search->blockSignals(true);
    m_search->clear();
    m_search->blockSignals(false);
    ++m_corpusGeneration;
    m_model->setCorpus(std::move(corpus));
    m_search->setEnabled(m_model->corpus() != nullptr);
    updateCount();
}

void CorpusTableView::search(const QString &query)
{
    m_search->blockSignals(true);
    m_search->setText(query);
    m_search->blockSignals(false);
    startSearch();
}

void CorpusTableView::startSearch()
{
    m_debounce->stop();
    std::shared_ptr<const SeedCorpus> corpus = m_model->corpus();
    if (!corpus)
        return;
    if (m_job)
        m_job->cancel();
    const QString query = m_search->text();
    m_runningQuery = query;
    m_searchGeneration = m_corpusGeneration;
    auto handle = m_runner->start<CorpusTableModel::Rows>(
        tr("Searching for \"%1\"").arg(query),
        [corpus, search = m_model->searchFunction(), text = query.toStdString()](Progress &progress) {
            return search(*corpus, text, progress);
        });
    m_job = handle.job;
    m_searching = true;
    m_watcher.setFuture(handle.future);
    m_count->setText(tr("Searching…"));
}

void CorpusTableView::onSearchFinished()
{
    const JobOutcome<CorpusTableModel::Rows> outcome = m_watcher.result();
    m_job.clear();
    m_searching = false;
    if (m_searchGeneration != m_corpusGeneration)
        return; // a search of the previous corpus
    if (outcome.succeeded()) {
        // The empty query matches everything: show the unfiltered table then (no index vector).
        if (m_runningQuery.isEmpty())
            m_model->setRows(nullptr);
        else
            m_model->setRows(outcome.value);
        updateCount();
        Q_EMIT searchFinished(m_runningQuery, m_model->rowCount());
    } else if (!outcome.cancelled) {
        m_count->setText(tr("Search failed: %1").arg(outcome.error));
    }
}

void CorpusTableView::updateCount()
{
    const QLocale locale;
    const qulonglong shown = qulonglong(m_model->rowCount());
    const qulonglong total = qulonglong(m_model->totalCount());
    if (!m_model->corpus())
        m_count->setText(QString());
    else if (m_model->isFiltered())
        m_count->setText(tr("%1 of %2 rows").arg(locale.toString(shown), locale.toString(total)));
    else
        m_count->setText(tr("%Ln row(s)", nullptr, int(total)));
}

} // namespace crsw
