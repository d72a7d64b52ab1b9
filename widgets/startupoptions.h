#pragma once

#include "select/selection.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace crsw {

/// The GUI's command line:
///   crsw-workbench [--demo | --workspace DIR] [--page NAME] [--evaluate] [--train MODEL_DIR]
///                  [--select STRATEGY:BUDGET]... [--screenshot FILE.png]
class StartupOptions {
public:
    bool demo = false;         ///< open (create) the demo workspace
    QString workspaceDir;      ///< open this workspace
    QString page;              ///< show this page (id or title, see PageCatalog)
    bool evaluate = false;     ///< run the Evaluation page with its defaults once loaded
    QString trainModel;        ///< --train: a short fine-tuning run of this model folder once loaded
    /// --select: selections the Embeddings & Selection page runs once loaded (as A, then B)
    QList<QPair<SelectionStrategy, std::size_t>> selections;
    QString screenshotFile;    ///< save a grab of the window there once ready, then quit
    bool help = false;
    bool version = false;

    /// Parses `arguments` (the program name first). Returns false and sets
    /// `error` for unknown options, missing values or contradictions.
    bool parse(const QStringList &arguments, QString *error);

    /// The --help text.
    static QString helpText();
};

} // namespace crsw
