#include "selectionexporter.h"

#include "jobrunner.h"
#include "plotexporter.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>

namespace crsw {

SelectionExporter::SelectionExporter(JobRunner *runner, QWidget *dialogParent)
    : QObject(dialogParent)
    , m_runner(runner)
    , m_dialogParent(dialogParent)
{
}

QString SelectionExporter::exportMap(QCustomPlot *map, const QString &path)
{
    const QString error = PlotExporter::save(map, path, mapSize());
    if (error.isEmpty())
        Q_EMIT written(path);
    return error;
}

void SelectionExporter::exportSelection(std::shared_ptr<const SelectionRecord> record,
                                        std::shared_ptr<const SeedCorpus> corpus, const QString &path)
{
    if (!record)
        return;
    const bool csv = QFileInfo(path).suffix().compare(QLatin1String("csv"), Qt::CaseInsensitive) == 0;
    const std::string file = path.toStdString();
    auto handle = m_runner->start<QString>(tr("Writing %1").arg(QFileInfo(path).fileName()),
                                           [record, corpus, csv, file](Progress &) {
                                               if (csv)
                                                   record->writeCsv(file, corpus.get());
                                               else
                                                   record->write(file);
                                               return QString::fromStdString(file);
                                           });
    auto *watcher = new QFutureWatcher<JobOutcome<QString>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, path] {
        const JobOutcome<QString> outcome = watcher->result();
        watcher->deleteLater();
        if (outcome.succeeded())
            Q_EMIT written(path);
        else if (!outcome.cancelled)
            Q_EMIT failed(outcome.error);
    });
    watcher->setFuture(handle.future);
}

QString SelectionExporter::chooseMapPath(const QString &folder) const
{
    return QFileDialog::getSaveFileName(m_dialogParent, tr("Export Map"),
                                        QDir(folder).filePath(QStringLiteral("selection-map.png")),
                                        PlotExporter::fileDialogFilter());
}

QString SelectionExporter::chooseSelectionPath(const QString &folder, const QString &stem, const QString &title) const
{
    return QFileDialog::getSaveFileName(m_dialogParent, title, QDir(folder).filePath(stem + QStringLiteral(".csv")),
                                        tr("CSV table (*.csv);;Selection JSON (*.json)"));
}

} // namespace crsw
