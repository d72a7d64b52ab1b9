#pragma once

#include "select/selection.h"
#include "select/selection_record.h"

#include <QCoreApplication>
#include <QString>

#include <cstdint>
#include <memory>
#include <vector>

namespace crsw {

/// One selection shown on the page (run A or B): what was asked, the picks
/// and their scores so far (they grow while it runs), the cluster coverage
/// after every step (the share of the K clusters holding at least one pick),
/// and the record written to the workspace once it finished. GUI thread only.
class SelectionRun {
    Q_DECLARE_TR_FUNCTIONS(crsw::SelectionRun)
public:
    /// A run of `strategy` with `params` (no picks yet).
    SelectionRun(SelectionStrategy strategy, const SelectionParams &params);

    SelectionStrategy strategy() const { return m_strategy; }
    const SelectionParams &params() const { return m_params; }
    /// "JS · B = 100 · K = 50 · seed 0" (the parameters the strategy uses).
    QString label() const;
    /// "JS, budget 100": for legends (where "B = " would read as run B).
    QString shortLabel() const;

    /// Appends picks in order (and extends the coverage when clusters are known).
    void append(const std::vector<std::uint32_t> &rows, const std::vector<double> &scores);
    /// The clusters coverage is counted over (one per row of the corpus); recomputes it.
    void setClustering(std::shared_ptr<const std::vector<std::uint32_t>> clusterOf, std::size_t clusters);
    bool hasClustering() const { return m_clusterOf != nullptr; }

    const std::vector<std::uint32_t> &picks() const { return m_picks; }
    const std::vector<double> &scores() const { return m_scores; }
    /// coverage()[s] = share of clusters with a pick among the first s + 1 picks.
    const std::vector<double> &coverage() const { return m_coverage; }
    /// The 1-based step at which `row` was picked, or 0.
    std::size_t stepOf(std::uint32_t row) const;

    /// The run ended: its record and where it was written (empty if cancelled or failed).
    void finish(std::shared_ptr<const SelectionRecord> record, const QString &path);
    bool isFinished() const { return m_finished; }
    std::shared_ptr<const SelectionRecord> record() const { return m_record; }
    const QString &path() const { return m_path; }

private:
    void extendCoverage(std::size_t from);

    SelectionStrategy m_strategy;
    SelectionParams m_params;
    std::vector<std::uint32_t> m_picks;
    std::vector<double> m_scores;
    std::vector<double> m_coverage;
    std::shared_ptr<const std::vector<std::uint32_t>> m_clusterOf;
    std::size_t m_clusters = 0;
    std::vector<char> m_covered; // per cluster: holds a pick
    std::size_t m_coveredCount = 0;
    std::shared_ptr<const SelectionRecord> m_record;
    QString m_path;
    bool m_finished = false;
};

} // namespace crsw
