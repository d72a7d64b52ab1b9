#pragma once

#include "data/amazon/seed_corpus.h"
#include "select/selection_record.h"

#include <QObject>
#include <QSize>
#include <QString>

#include <memory>

class QCustomPlot;
class QWidget;

namespace crsw {

class JobRunner;

/// The exports of the Embeddings & Selection page: the map as PNG, PDF or SVG
/// (PlotExporter, at a fixed size so figures do not depend on the window) and
/// a run's selection as JSON or CSV (SelectionRecord's own writers, on a
/// worker), with the file dialogs that ask where.
class SelectionExporter : public QObject {
    Q_OBJECT
public:
    /// Writes through `runner`; dialogs open over `dialogParent`.
    SelectionExporter(JobRunner *runner, QWidget *dialogParent);

    /// The size of an exported map.
    static QSize mapSize() { return QSize(1100, 850); }

    /// Saves `map` (format by suffix); returns the error or empty. Emits written() on success.
    QString exportMap(QCustomPlot *map, const QString &path);
    /// Writes `record` as CSV (a .csv path; with the corpus columns when
    /// `corpus` is given) or JSON (anything else) on a worker; written() or failed() follow.
    void exportSelection(std::shared_ptr<const SelectionRecord> record, std::shared_ptr<const SeedCorpus> corpus,
                         const QString &path);

    /// Asks for a map file, proposing `folder`/selection-map.png; empty when cancelled.
    QString chooseMapPath(const QString &folder) const;
    /// Asks for a selection file, proposing `folder`/`stem`.csv; empty when cancelled.
    QString chooseSelectionPath(const QString &folder, const QString &stem, const QString &title) const;

Q_SIGNALS:
    /// A file was written.
    void written(const QString &path);
    /// Writing a selection failed; `error` says why.
    void failed(const QString &error);

private:
    JobRunner *m_runner;
    QWidget *m_dialogParent;
};

} // namespace crsw
