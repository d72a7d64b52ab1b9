#pragma once

#include <QLabel>

namespace crsw {

class SelectionRun;

/// The runs on the selection map in words, under the selection controls: for
/// A and B, the strategy with its parameters and how far it got ("37 of 100
/// picks…", "100 picks in 0.4 s, saved as selections/JS_B100_seed0.json",
/// "stopped after 37 of 100 picks"). Hidden while there is no run.
class RunSummaryLabel : public QLabel {
    Q_OBJECT
public:
    /// An empty, hidden label.
    explicit RunSummaryLabel(QWidget *parent = nullptr);

    /// Describes runs A and B (either may be null); `running` is the slot
    /// still selecting (or -1); saved paths are shown relative to `workspaceRoot`.
    void showRuns(const SelectionRun *a, const SelectionRun *b, int running, const QString &workspaceRoot);
};

} // namespace crsw
