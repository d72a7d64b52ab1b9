#include "loadreportview.h"

#include "loadedcorpus.h"
#include "loadreportmodel.h"

#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

namespace crsw {

namespace {
QTableWidget *makeSmallTable(QWidget *parent, const QStringList &headers)
{
    auto *table = new QTableWidget(0, int(headers.size()), parent);
    table->setHorizontalHeaderLabels(headers);
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->horizontalHeader()->setStretchLastSection(true);
    return table;
}

QTableWidgetItem *cell(const QString &text, bool number = false)
{
    auto *item = new QTableWidgetItem(text);
    if (number)
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}
} // namespace

LoadReportView::LoadReportView(QWidget *parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_files(makeSmallTable(this, {tr("File"), tr("Lines"), tr("Records"), tr("Malformed"), tr("Read to the end")}))
    , m_reasons(makeSmallTable(this, {tr("Lines"), tr("Reason")}))
    , m_model(new LoadReportModel(this))
    , m_problems(new QTableView(this))
{
    m_summary->setWordWrap(true);
    m_problems->setObjectName(QStringLiteral("problemsTable"));
    m_problems->setModel(m_model);
    m_problems->verticalHeader()->hide();
    m_problems->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_problems->horizontalHeader()->setStretchLastSection(true);
    m_problems->setAlternatingRowColors(true);
    m_problems->setWordWrap(false);
    m_problems->setSelectionBehavior(QAbstractItemView::SelectRows);

    auto *top = new QSplitter(Qt::Horizontal, this);
    top->addWidget(m_files);
    top->addWidget(m_reasons);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(top);
    split->addWidget(m_problems);
    split->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(split, 1);
    setCorpus(nullptr);
}

void LoadReportView::setCorpus(std::shared_ptr<const LoadedCorpus> loaded)
{
    m_files->setRowCount(0);
    m_reasons->setRowCount(0);
    if (!loaded) {
        m_model->setReport(nullptr);
        m_summary->setText(tr("Load a seed corpus to see its malformed lines."));
        return;
    }
    const QLocale locale;
    const LoadReport &report = loaded->report;
    QString summary = report.empty()
                          ? tr("No malformed lines: every line of every file was read.")
                          : tr("%Ln malformed line(s) reported and left out of the corpus; none stopped the load.",
                               nullptr, int(report.count()));
    if (report.undetailed() > 0) {
        summary += QLatin1Char(' ')
                   + tr("The first %1 are listed below; the rest are counted by reason.")
                         .arg(locale.toString(qulonglong(report.problems().size())));
    }
    if (!loaded->complete)
        summary += QLatin1Char(' ') + tr("A file could not be read to the end: %1").arg(loaded->incompleteReason);
    m_summary->setText(summary);

    for (const SeedCorpusLoader::FileResult &file : loaded->files) {
        const int row = m_files->rowCount();
        m_files->insertRow(row);
        auto *name = cell(QFileInfo(QString::fromStdString(file.path)).fileName());
        name->setToolTip(QString::fromStdString(file.path));
        m_files->setItem(row, 0, name);
        m_files->setItem(row, 1, cell(locale.toString(qlonglong(file.read.lines)), true));
        m_files->setItem(row, 2, cell(locale.toString(qlonglong(file.read.records)), true));
        m_files->setItem(row, 3, cell(locale.toString(qlonglong(file.read.malformed)), true));
        m_files->setItem(row, 4, cell(file.read.complete ? tr("yes") : QString::fromStdString(file.read.stopReason)));
    }
    for (const auto &[reason, count] : report.countsByReason()) {
        const int row = m_reasons->rowCount();
        m_reasons->insertRow(row);
        m_reasons->setItem(row, 0, cell(locale.toString(qulonglong(count)), true));
        m_reasons->setItem(row, 1, cell(QString::fromStdString(reason)));
    }
    m_files->resizeColumnsToContents();
    m_reasons->resizeColumnsToContents();
    // Share the report with the model without copying it (it lives as long as the load).
    m_model->setReport(std::shared_ptr<const LoadReport>(loaded, &loaded->report));
    m_problems->resizeColumnToContents(LoadReportModel::FileColumn);
    m_problems->resizeColumnToContents(LoadReportModel::LineColumn);
}

} // namespace crsw
