#pragma once

#include "qcustomplotinclude.h"

#include <QString>

#include <array>
#include <vector>

namespace crsw {

/// The selection traces under the map: left, the score of each pick against
/// the step; right, the cluster coverage (share of the K clusters holding at
/// least one pick) against the step. Up to two runs, drawn in the colours of
/// their marks on the map (A dark grey, B orange), and a vertical line at the
/// step the map shows.
class SelectionTracePlot : public QCustomPlot {
    Q_OBJECT
public:
    static constexpr int kSlots = 2;

    /// Empty plots.
    explicit SelectionTracePlot(QWidget *parent = nullptr);

    /// Shows run `slot`: its scores and coverage (coverage may be empty while
    /// the clusters are unknown). Rescales; queues a replot.
    void setRun(int slot, const QString &name, const std::vector<double> &scores, const std::vector<double> &coverage);
    /// Removes run `slot`.
    void clearRun(int slot);
    /// Draws run B's scores on the right axis (when A and B score differently).
    void setSeparateScoreAxis(bool separate);
    /// Labels the coverage axis with K.
    void setClusterCount(std::size_t clusters);
    /// The vertical step marker (1-based; 0 hides it).
    void setStep(std::size_t step);

    /// Points plotted for run `slot` (scores, coverage); for tests.
    int scoreCount(int slot) const;
    int coverageCount(int slot) const;
    /// The coverage plotted for `slot` at 1-based `step` (NaN when none).
    double coverageAt(int slot, std::size_t step) const;

private:
    void rescale();

    QCPAxisRect *m_scoreRect;
    QCPAxisRect *m_coverageRect;
    std::array<QCPGraph *, kSlots> m_scores;
    std::array<QCPGraph *, kSlots> m_coverage;
    QCPItemStraightLine *m_scoreStep;
    QCPItemStraightLine *m_coverageStep;
    QCPLegend *m_legend;
    bool m_separateAxis = false;
};

} // namespace crsw
