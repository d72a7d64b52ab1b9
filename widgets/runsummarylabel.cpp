#include "runsummarylabel.h"

#include "selectionrun.h"

#include <QDir>
#include <QLocale>

namespace crsw {

RunSummaryLabel::RunSummaryLabel(QWidget *parent)
    : QLabel(parent)
{
    setObjectName(QStringLiteral("runSummary"));
    setWordWrap(true);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    hide();
}

void RunSummaryLabel::showRuns(const SelectionRun *a, const SelectionRun *b, int running, const QString &workspaceRoot)
{
    const QLocale locale;
    const SelectionRun *runs[2] = {a, b};
    QStringList lines;
    for (int slot = 0; slot < 2; ++slot) {
        const SelectionRun *r = runs[slot];
        if (!r)
            continue;
        const QString picks = locale.toString(qulonglong(r->picks().size()));
        const QString budget = locale.toString(qulonglong(r->params().budget));
        QString state;
        if (r->isFinished() && r->record()) {
            state = tr("%1 picks in %2 s, saved as %3")
                        .arg(picks, locale.toString(r->record()->totalSeconds, 'f', 2),
                             QDir(workspaceRoot).relativeFilePath(r->path()));
        } else if (slot == running) {
            state = tr("%1 of %2 picks…").arg(picks, budget);
        } else {
            state = tr("stopped after %1 of %2 picks").arg(picks, budget);
        }
        lines << QStringLiteral("<b>%1</b> %2<br><span style='color:gray'>%3</span>")
                     .arg(slot == 0 ? QStringLiteral("A ○") : QStringLiteral("B ◇"), r->label().toHtmlEscaped(),
                          state.toHtmlEscaped());
    }
    setText(lines.join(QStringLiteral("<br>")));
    setVisible(!lines.isEmpty());
}

} // namespace crsw
