#include "evaluationpage.h"

#include "evaluationinputs.h"
#include "evaluationresultsmodel.h"
#include "jobrunner.h"
#include "messagebanner.h"
#include "metricchart.h"
#include "plotexporter.h"

#include "common/atomic_file.h"
#include "data/benchmark/entity_catalog.h"
#include "data/benchmark/he_test_set.h"
#include "eval/answers_file.h"
#include "eval/evaluation_writer.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace crsw {

EvaluationPage::EvaluationPage(JobRunner *runner, QWidget *parent)
    : QWidget(parent)
    , m_runner(runner)
    , m_inputs(new EvaluationInputs(this))
    , m_banner(new MessageBanner(this))
    , m_runButton(new QPushButton(tr("&Run Evaluation"), this))
    , m_cancelButton(new QPushButton(tr("Cancel"), this))
    , m_progress(new QProgressBar(this))
    , m_status(new QLabel(this))
    , m_model(new EvaluationResultsModel(this))
    , m_table(new QTableView(this))
    , m_chart(new MetricChart(this))
    , m_exportPlotButton(new QPushButton(tr("Export Chart…"), this))
    , m_exportTableButton(new QPushButton(tr("Export Table as CSV…"), this))
    , m_saveOutputsButton(new QPushButton(tr("Save All Outputs…"), this))
{
    setObjectName(QStringLiteral("evaluationPage"));
    buildLayout();
    connect(m_runButton, &QPushButton::clicked, this, &EvaluationPage::runEvaluation);
    connect(m_cancelButton, &QPushButton::clicked, this, &EvaluationPage::cancelEvaluation);
    connect(m_inputs, &EvaluationInputs::changed, this, &EvaluationPage::updateActions);
    connect(&m_watcher, &QFutureWatcher<JobOutcome<Run>>::finished, this, &EvaluationPage::onFinished);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &EvaluationPage::onRowChanged);
    connect(m_exportPlotButton, &QPushButton::clicked, this, &EvaluationPage::chooseAndExportPlot);
    connect(m_exportTableButton, &QPushButton::clicked, this, &EvaluationPage::chooseAndExportTable);
    connect(m_saveOutputsButton, &QPushButton::clicked, this, &EvaluationPage::chooseAndSaveOutputs);
    updateActions();
}

void EvaluationPage::buildLayout()
{
    m_runButton->setObjectName(QStringLiteral("runEvaluationButton"));
    m_runButton->setDefault(true);
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    // Shown only while a job runs; the row keeps its height when it hides.
    QSizePolicy keep = m_progress->sizePolicy();
    keep.setRetainSizeWhenHidden(true);
    m_progress->setSizePolicy(keep);
    m_progress->hide();
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setText(tr("Choose a test set and an answers file, then run."));

    auto *runRow = new QHBoxLayout;
    runRow->addWidget(m_runButton);
    runRow->addWidget(m_cancelButton);
    runRow->addWidget(m_progress, 1);
    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_inputs);
    leftLayout->addLayout(runRow);
    leftLayout->addWidget(m_status);
    leftLayout->addStretch(1);

    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_chart, 1);
    auto *chartRow = new QHBoxLayout;
    auto *hint = new QLabel(tr("Select a row of the table to plot it."), this);
    hint->setEnabled(false);
    chartRow->addWidget(hint, 1);
    chartRow->addWidget(m_exportPlotButton);
    rightLayout->addLayout(chartRow);

    auto *top = new QSplitter(Qt::Horizontal, this);
    top->addWidget(left);
    top->addWidget(right);
    top->setStretchFactor(0, 2);
    top->setStretchFactor(1, 3);
    top->setChildrenCollapsible(false);

    m_table->setObjectName(QStringLiteral("resultsTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignCenter);
    m_table->setWordWrap(false);
    auto *tableBox = new QWidget(this);
    auto *tableLayout = new QVBoxLayout(tableBox);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->addWidget(m_table, 1);
    auto *tableRow = new QHBoxLayout;
    auto *legend = new QLabel(tr("Means over samples; hover a cell for its standard error and 95% CI."), this);
    legend->setEnabled(false);
    tableRow->addWidget(legend, 1);
    tableRow->addWidget(m_exportTableButton);
    tableRow->addWidget(m_saveOutputsButton);
    tableLayout->addLayout(tableRow);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(top);
    split->addWidget(tableBox);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    split->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addWidget(split, 1);
}

void EvaluationPage::setWorkspace(std::shared_ptr<const Workspace> workspace)
{
    // An evaluation for the previous workspace is cancelled and its outcome ignored.
    cancelEvaluation();
    m_job.clear();
    m_running = false;
    ++m_workspaceGeneration;
    m_workspace = std::move(workspace);
    m_inputs->setWorkspace(m_workspace);
    m_run.reset();
    m_model->setResult(nullptr);
    m_chart->clearChart(tr("Run an evaluation to see Recall@k and NDCG@k."));
    m_banner->clear();
    m_status->setText(tr("Choose a test set and an answers file, then run."));
    updateActions();
}

void EvaluationPage::refreshDefaults()
{
    m_inputs->refreshDefaults();
}

bool EvaluationPage::isRunning() const
{
    return m_running;
}

void EvaluationPage::runEvaluation()
{
    if (isRunning())
        return;
    const QString testSet = m_inputs->testSetPath();
    const QString entities = m_inputs->entitiesPath();
    const QString answers = m_inputs->answersPath();
    if (testSet.isEmpty() || entities.isEmpty() || answers.isEmpty()) {
        m_banner->showMessage(MessageBanner::Kind::Warning,
                              tr("Choose a test set, its entity catalog and an answers file first."));
        return;
    }
    m_banner->clear();
    EvaluationOptions options;
    options.useRecordedMatches = m_inputs->useRecordedMatches();
    options.protocol.threshold = m_inputs->threshold();
    const QString benchmark = m_inputs->benchmarkName();

    // Everything the worker needs is copied in; it never reaches back into the page.
    auto handle = m_runner->start<Run>(
        tr("Evaluating %1").arg(QFileInfo(answers).fileName()),
        [testSet, entities, answers, options, benchmark](Progress &progress) {
            QElapsedTimer timer;
            timer.start();
            Progress readingTests = progress.subRange(0.0, 0.1);
            const HeTestSet tests = readHeTestSet(testSet.toStdString(), readingTests);
            progress.reportNow(0.1, "reading the entity catalog");
            const EntityCatalog catalog = EntityCatalog::readEntity2Id(entities.toStdString());
            Progress readingAnswers = progress.subRange(0.15, 0.25);
            const AnswersFile answerFile = readAnswersFile(answers.toStdString(), readingAnswers);
            Progress scoring = progress.subRange(0.25, 1.0);
            Run run;
            run.result = evaluateAnswers(tests, catalog, answerFile, options, scoring);
            run.options = options;
            run.benchmark = benchmark;
            run.testSet = testSet;
            run.answers = answers;
            run.milliseconds = timer.elapsed();
            return run;
        });
    m_job = handle.job;
    m_running = true;
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
    m_runGeneration = m_workspaceGeneration;
    m_progress->setRange(0, 0);
    m_progress->show();
    m_status->setText(tr("Evaluating…"));
    m_watcher.setFuture(handle.future);
    updateActions();
}

void EvaluationPage::cancelEvaluation()
{
    if (m_job)
        m_job->cancel();
}

void EvaluationPage::onFinished()
{
    if (m_runGeneration != m_workspaceGeneration)
        return; // an evaluation for a workspace no longer shown
    const JobOutcome<Run> outcome = m_watcher.result();
    m_job.clear();
    m_running = false;
    m_progress->hide();
    if (outcome.cancelled) {
        m_status->setText(tr("Evaluation cancelled."));
    } else if (!outcome.succeeded()) {
        m_status->setText(tr("Evaluation failed."));
        m_banner->showMessage(MessageBanner::Kind::Error, outcome.error);
    } else {
        m_run = outcome.value;
        const EvaluationResult &result = m_run->result;
        m_model->setResult(std::shared_ptr<const EvaluationResult>(m_run, &m_run->result));
        m_table->resizeColumnsToContents();
        const QLocale locale;
        QString status = tr("Scored %Ln test turn(s) in %1 s.", nullptr, int(result.turns.size()))
                             .arg(locale.toString(double(m_run->milliseconds) / 1000.0, 'f',
                                                  m_run->milliseconds < 10000 ? 2 : 1));
        if (result.usedRecordedMatches) {
            status += QLatin1Char(' ') + tr("Recorded matches scored as they are.");
        } else {
            status += QLatin1Char(' ')
                      + tr("%Ln title(s) parsed: %1 matched an entity name exactly, %2 within the threshold.", nullptr,
                           int(result.predictions))
                            .arg(locale.toString(qulonglong(result.exactMatches)),
                                 locale.toString(qulonglong(result.withinThreshold)));
        }
        m_status->setText(status);
        int row = m_model->rowOf(false, false, QStringLiteral("all"));
        selectRow(row >= 0 ? row : 0);
    }
    updateActions();
    Q_EMIT evaluationFinished(outcome.succeeded());
}

void EvaluationPage::selectRow(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return;
    m_table->selectRow(row);
    m_table->setCurrentIndex(m_model->index(row, 0));
    onRowChanged();
}

void EvaluationPage::onRowChanged()
{
    const int row = m_table->currentIndex().row();
    const SettingScores *setting = m_model->setting(row);
    const ConditionSummary *condition = m_model->condition(row);
    if (!setting || !condition)
        return;
    const QString caption = tr("filtered %1 · exclude seen %2 · %3 (n = %4)")
                                .arg(setting->filtered ? tr("yes") : tr("no"),
                                     setting->excludeSeen ? tr("yes") : tr("no"),
                                     QString::fromStdString(condition->condition),
                                     QLocale().toString(qulonglong(condition->samples)));
    m_chart->showSummary(caption, m_model->result()->metricNames, *condition);
}

void EvaluationPage::updateActions()
{
    const bool running = isRunning();
    const bool ready = !m_inputs->testSetPath().isEmpty() && !m_inputs->entitiesPath().isEmpty()
                       && !m_inputs->answersPath().isEmpty();
    m_runButton->setEnabled(!running && ready);
    m_cancelButton->setEnabled(running);
    m_inputs->setEnabled(!running);
    const bool haveResult = m_run != nullptr;
    m_exportPlotButton->setEnabled(haveResult);
    m_exportTableButton->setEnabled(haveResult);
    m_saveOutputsButton->setEnabled(haveResult);
}

QString EvaluationPage::exportPlot(const QString &path)
{
    const QString error = PlotExporter::save(m_chart, path);
    if (!error.isEmpty())
        m_banner->showMessage(MessageBanner::Kind::Error, error);
    return error;
}

QString EvaluationPage::tableCsv() const
{
    if (!m_run)
        return QString();
    const EvaluationResult &result = m_run->result;
    QString csv;
    for (const SettingScores &scores : result.settings) {
        // He et al.'s summary file, one per setting, joined: setting columns first, samples last.
        const QStringList lines =
            QString::fromStdString(summaryCsv(scores, result.metricNames)).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        for (int i = 0; i < lines.size(); ++i) {
            if (i == 0) {
                if (csv.isEmpty())
                    csv += QStringLiteral("filtered,exclude_seen,") + lines[0] + QStringLiteral(",samples\n");
                continue;
            }
            csv += (scores.filtered ? QStringLiteral("True,") : QStringLiteral("False,"))
                   + (scores.excludeSeen ? QStringLiteral("True,") : QStringLiteral("False,")) + lines[i]
                   + QLatin1Char(',') + QString::number(scores.summary[std::size_t(i - 1)].samples) + QLatin1Char('\n');
        }
    }
    return csv;
}

template <typename Work>
void EvaluationPage::writeInBackground(const QString &title, const QString &path, Work &&work)
{
    auto handle = m_runner->start<QString>(title, std::forward<Work>(work));
    auto *watcher = new QFutureWatcher<JobOutcome<QString>>(this);
    connect(watcher, &QFutureWatcher<JobOutcome<QString>>::finished, this, [this, watcher, path] {
        const JobOutcome<QString> outcome = watcher->result();
        watcher->deleteLater();
        if (outcome.succeeded()) {
            m_status->setText(tr("Wrote %1.").arg(QDir::toNativeSeparators(path)));
            Q_EMIT written(path);
        } else if (!outcome.cancelled) {
            m_banner->showMessage(MessageBanner::Kind::Error, outcome.error);
        }
    });
    watcher->setFuture(handle.future);
}

void EvaluationPage::exportTable(const QString &path)
{
    const std::string csv = tableCsv().toStdString();
    const std::string file = path.toStdString();
    writeInBackground(tr("Writing %1").arg(QFileInfo(path).fileName()), path, [csv, file](Progress &) {
        writeFileAtomically(file, csv);
        return QString::fromStdString(file);
    });
}

void EvaluationPage::saveOutputs(const QString &dir)
{
    if (!m_run)
        return;
    std::shared_ptr<const Run> run = m_run;
    const std::string folder = dir.toStdString();
    writeInBackground(tr("Writing evaluation outputs"), dir, [run, folder](Progress &) {
        writeEvaluationOutputs(folder, run->result, run->options);
        return QString::fromStdString(folder);
    });
}

QString EvaluationPage::defaultReportPath(const QString &suffix) const
{
    const QString folder =
        m_workspace ? QString::fromStdString(m_workspace->reportsDir()) : QDir::homePath();
    QString stem = QStringLiteral("evaluation");
    if (m_run && !m_run->benchmark.isEmpty())
        stem += QLatin1Char('-') + m_run->benchmark;
    if (m_run)
        stem += QLatin1Char('-') + QFileInfo(QFileInfo(m_run->answers).absolutePath()).fileName();
    return QDir(folder).filePath(stem + suffix);
}

void EvaluationPage::chooseAndExportPlot()
{
    QString filter;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Chart"), defaultReportPath(QStringLiteral(".png")),
                                                      PlotExporter::fileDialogFilter(), &filter);
    if (path.isEmpty())
        return;
    if (exportPlot(path).isEmpty())
        m_status->setText(tr("Wrote %1.").arg(QDir::toNativeSeparators(path)));
}

void EvaluationPage::chooseAndExportTable()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Table as CSV"),
                                                      defaultReportPath(QStringLiteral(".csv")),
                                                      tr("CSV files (*.csv)"));
    if (!path.isEmpty())
        exportTable(path);
}

void EvaluationPage::chooseAndSaveOutputs()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder for the Evaluation Outputs"),
                                                          QFileInfo(defaultReportPath(QString())).absolutePath());
    if (!dir.isEmpty())
        saveOutputs(dir);
}

} // namespace crsw
