#include "datapage.h"

#include "corpusstatsview.h"
#include "corpustableview.h"
#include "itemtablemodel.h"
#include "jobrunner.h"
#include "loadreportview.h"
#include "messagebanner.h"
#include "reviewtablemodel.h"
#include "seedcorpusdialog.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace crsw {

namespace {
enum Tab { StatisticsTab, ItemsTab, ReviewsTab, ProblemsTab };
}

DataPage::DataPage(JobRunner *runner, QWidget *parent)
    : QWidget(parent)
    , m_runner(runner)
    , m_source(new QLabel(this))
    , m_loadButton(new QPushButton(tr("&Load Corpus"), this))
    , m_chooseButton(new QPushButton(tr("Choose Seed Corpus…"), this))
    , m_cancelButton(new QPushButton(tr("Cancel"), this))
    , m_progress(new QProgressBar(this))
    , m_status(new QLabel(this))
    , m_banner(new MessageBanner(this))
    , m_tabs(new QTabWidget(this))
    , m_stats(new CorpusStatsView(this))
    , m_items(new CorpusTableView(new ItemTableModel, runner,
                                  tr("Search items: title, parent_asin, store, author, categories…"), this))
    , m_reviews(new CorpusTableView(new ReviewTableModel, runner,
                                    tr("Search reviews: title, text, asin, user id…"), this))
    , m_report(new LoadReportView(this))
{
    setObjectName(QStringLiteral("dataPage"));
    m_source->setWordWrap(true);
    m_source->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    m_progress->setMaximumWidth(240); // shown only while loading
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *controls = new QHBoxLayout;
    controls->addWidget(m_loadButton);
    controls->addWidget(m_cancelButton);
    controls->addWidget(m_progress);
    controls->addWidget(m_status, 1);
    controls->addWidget(m_chooseButton);

    m_tabs->addTab(m_stats, tr("Statistics"));
    m_tabs->addTab(m_items, tr("Items"));
    m_tabs->addTab(m_reviews, tr("Reviews"));
    m_tabs->addTab(m_report, tr("Malformed Lines"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_source);
    layout->addLayout(controls);
    layout->addWidget(m_banner);
    layout->addWidget(m_tabs, 1);

    connect(m_loadButton, &QPushButton::clicked, this, &DataPage::loadCorpus);
    connect(m_cancelButton, &QPushButton::clicked, this, &DataPage::cancelLoad);
    connect(m_chooseButton, &QPushButton::clicked, this, &DataPage::chooseSeedCorpus);
    connect(&m_watcher, &QFutureWatcher<JobOutcome<LoadedCorpus>>::finished, this, &DataPage::onLoaded);
    setWorkspace(nullptr);
}

void DataPage::setWorkspace(std::shared_ptr<const Workspace> workspace)
{
    // A load of the previous workspace is cancelled and its outcome ignored.
    cancelLoad();
    m_job.clear();
    m_loading = false;
    ++m_workspaceGeneration;
    m_workspace = std::move(workspace);
    showCorpus(nullptr);
    m_banner->clear();
    if (!m_workspace) {
        m_source->setText(tr("No workspace is open."));
    } else {
        const SeedCorpusEntry seed = m_workspace->seedCorpus();
        if (seed.reviews.empty() && seed.metadata.empty()) {
            m_source->setText(tr("This workspace has no seed corpus yet: choose an Amazon Reviews'23 reviews file "
                                 "and its item metadata with Choose Seed Corpus…"));
        } else {
            // As workspace.json names them (relative to the workspace unless absolute); full paths in the tooltip.
            m_source->setText(tr("Seed corpus: %1 (reviews) and %2 (item metadata)")
                                  .arg(QDir::toNativeSeparators(QString::fromStdString(seed.reviews)),
                                       QDir::toNativeSeparators(QString::fromStdString(seed.metadata))));
            m_source->setToolTip(QDir::toNativeSeparators(QString::fromStdString(m_workspace->resolve(seed.reviews)))
                                 + QLatin1Char('\n')
                                 + QDir::toNativeSeparators(QString::fromStdString(m_workspace->resolve(seed.metadata))));
        }
    }
    m_status->setText(QString());
    m_loadWhenShown = m_workspace != nullptr;
    if (m_loadWhenShown && isVisible())
        loadCorpus();
    updateActions();
}

void DataPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    // Lazy: a workspace opened while another page is shown costs no load until this page is seen.
    if (m_loadWhenShown)
        loadCorpus();
}

void DataPage::loadCorpus()
{
    if (!m_workspace || isLoading())
        return;
    m_loadWhenShown = false;
    const SeedCorpusEntry seed = m_workspace->seedCorpus();
    SeedCorpusLoader::Sources sources;
    if (!seed.metadata.empty())
        sources.metadataFiles.push_back(m_workspace->resolve(seed.metadata));
    if (!seed.reviews.empty())
        sources.reviewFiles.push_back(m_workspace->resolve(seed.reviews));
    if (sources.metadataFiles.empty() && sources.reviewFiles.empty())
        return;
    m_banner->clear();

    auto handle = m_runner->start<LoadedCorpus>(tr("Loading seed corpus"), [sources](Progress &progress) {
        QElapsedTimer timer;
        timer.start();
        SeedCorpusBuilder::Options options;
        // The Data page shows the corpus as it is: reviews whose item has no
        // metadata are kept (under a bare item) rather than dropped unseen.
        options.keepReviewsWithoutMetadata = true;
        LoadedCorpus loaded;
        Progress reading = progress.subRange(0.0, 0.95);
        SeedCorpusLoader::Result result = SeedCorpusLoader::load(sources, options, loaded.report, reading);
        progress.reportNow(0.95, "computing statistics");
        loaded.corpus = std::move(result.corpus);
        loaded.stats = CorpusStats::compute(loaded.corpus);
        loaded.files = std::move(result.files);
        loaded.counts = result.counts;
        loaded.complete = result.complete;
        loaded.incompleteReason = QString::fromStdString(result.incompleteReason);
        loaded.reviewsPath = sources.reviewFiles.empty() ? QString() : QString::fromStdString(sources.reviewFiles[0]);
        loaded.metadataPath = sources.metadataFiles.empty() ? QString() : QString::fromStdString(sources.metadataFiles[0]);
        loaded.milliseconds = timer.elapsed();
        return loaded;
    });
    m_job = handle.job;
    m_loading = true;
    if (m_job) {
        connect(m_job, &Job::progressChanged, this, [this](double fraction, const QString &message) {
            if (fraction < 0) {
                m_progress->setRange(0, 0);
            } else {
                m_progress->setRange(0, 1000);
                m_progress->setValue(int(fraction * 1000));
            }
            m_status->setText(message);
        });
    }
    m_loadGeneration = m_workspaceGeneration;
    m_progress->setValue(0);
    m_status->setText(tr("Loading…"));
    m_watcher.setFuture(handle.future);
    updateActions();
}

void DataPage::cancelLoad()
{
    if (m_job)
        m_job->cancel();
}

void DataPage::onLoaded()
{
    if (m_loadGeneration != m_workspaceGeneration)
        return; // the load of a workspace no longer shown
    const JobOutcome<LoadedCorpus> outcome = m_watcher.result();
    m_job.clear();
    m_loading = false;
    if (outcome.succeeded()) {
        showCorpus(outcome.value);
        const LoadedCorpus &loaded = *outcome.value;
        m_status->setText(tr("%1 items and %2 reviews loaded in %3 s.")
                              .arg(QLocale().toString(qulonglong(loaded.corpus.itemCount())),
                                   QLocale().toString(qulonglong(loaded.corpus.reviewCount())),
                                   QLocale().toString(double(loaded.milliseconds) / 1000.0, 'f', 2)));
        if (!loaded.complete) {
            m_banner->showMessage(MessageBanner::Kind::Warning,
                                  tr("The corpus is incomplete: %1").arg(loaded.incompleteReason));
        } else if (!loaded.report.empty()) {
            m_banner->showMessage(MessageBanner::Kind::Info,
                                  tr("%Ln malformed line(s) left out; see the Malformed Lines tab.", nullptr,
                                     int(loaded.report.count())));
        }
    } else if (outcome.cancelled) {
        m_status->setText(tr("Loading cancelled."));
    } else {
        m_status->setText(tr("Loading failed."));
        m_banner->showMessage(MessageBanner::Kind::Error, outcome.error);
    }
    m_progress->setRange(0, 1000);
    m_progress->setValue(outcome.succeeded() ? 1000 : 0);
    updateActions();
    Q_EMIT loadFinished(outcome.succeeded());
}

void DataPage::showCorpus(std::shared_ptr<const LoadedCorpus> loaded)
{
    m_loaded = std::move(loaded);
    std::shared_ptr<const SeedCorpus> corpus;
    if (m_loaded)
        corpus = std::shared_ptr<const SeedCorpus>(m_loaded, &m_loaded->corpus); // aliasing: shares the load
    QStringList sourceFiles;
    if (m_loaded) {
        for (const SeedCorpusLoader::FileResult &file : m_loaded->files) {
            if (!file.metadata)
                sourceFiles << QFileInfo(QString::fromStdString(file.path)).fileName();
        }
    }
    static_cast<ReviewTableModel *>(m_reviews->model())->setSourceFiles(sourceFiles);
    m_stats->setCorpus(m_loaded);
    m_items->setCorpus(corpus);
    m_reviews->setCorpus(corpus);
    m_report->setCorpus(m_loaded);
    const std::size_t problems = m_loaded ? m_loaded->report.count() : 0;
    m_tabs->setTabText(ProblemsTab, problems ? tr("Malformed Lines (%1)").arg(QLocale().toString(qulonglong(problems)))
                                             : tr("Malformed Lines"));
    if (m_loaded) {
        // Sensible first widths; the columns stay user-resizable.
        QTableView *items = m_items->tableView();
        items->setColumnWidth(ItemTableModel::AsinColumn, 110);
        items->setColumnWidth(ItemTableModel::TitleColumn, 320);
        items->setColumnWidth(ItemTableModel::CategoryColumn, 130);
        items->setColumnWidth(ItemTableModel::StoreColumn, 160);
        QTableView *reviews = m_reviews->tableView();
        reviews->setColumnWidth(ReviewTableModel::RatingColumn, 60);
        reviews->setColumnWidth(ReviewTableModel::TitleColumn, 180);
        reviews->setColumnWidth(ReviewTableModel::TextColumn, 380);
        reviews->setColumnWidth(ReviewTableModel::ItemColumn, 180);
        reviews->setColumnWidth(ReviewTableModel::UserColumn, 130);
    }
}

void DataPage::chooseSeedCorpus()
{
    if (!m_workspace)
        return;
    const SeedCorpusEntry seed = m_workspace->seedCorpus();
    auto resolved = [this](const std::string &path) {
        return path.empty() ? QString() : QString::fromStdString(m_workspace->resolve(path));
    };
    SeedCorpusDialog dialog(resolved(seed.reviews), resolved(seed.metadata),
                            QString::fromStdString(m_workspace->dataDir()), this);
    if (dialog.exec() == QDialog::Accepted)
        Q_EMIT seedCorpusChosen(dialog.reviewsPath(), dialog.metadataPath());
}

void DataPage::updateActions()
{
    const bool loading = isLoading();
    m_chooseButton->setEnabled(!loading && m_workspace != nullptr);
    m_loadButton->setEnabled(!loading && m_workspace != nullptr);
    m_loadButton->setText(m_loaded ? tr("Re&load Corpus") : tr("&Load Corpus"));
    m_cancelButton->setEnabled(loading);
    m_progress->setVisible(loading);
}

} // namespace crsw
