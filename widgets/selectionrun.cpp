#include "selectionrun.h"

#include <algorithm>

namespace crsw {

SelectionRun::SelectionRun(SelectionStrategy strategy, const SelectionParams &params)
    : m_strategy(strategy)
    , m_params(params)
{
}

QString SelectionRun::label() const
{
    QString text = QString::fromStdString(strategyName(m_strategy)) + tr(" · B = %1").arg(m_params.budget);
    const SelectionStrategy base = baseAlgorithm(m_strategy);
    if (base == SelectionStrategy::JS)
        text += tr(" · K = %1 · τ = %2").arg(m_params.clusters).arg(m_params.tau);
    else if (base == SelectionStrategy::Fisher)
        text += tr(" · λ = %1").arg(m_params.lambda);
    if (m_strategy == SelectionStrategy::MetadataJS || m_strategy == SelectionStrategy::MetadataFisher)
        text += tr(" · w_m = %1").arg(m_params.metadataWeight);
    if (m_strategy == SelectionStrategy::UserJS || m_strategy == SelectionStrategy::UserFisher)
        text += tr(" · w_u = %1").arg(m_params.userWeight);
    if (base != SelectionStrategy::Fisher)
        text += tr(" · seed %1").arg(m_params.seed);
    return text;
}

QString SelectionRun::shortLabel() const
{
    return QString::fromStdString(strategyName(m_strategy)) + tr(", budget %1").arg(m_params.budget);
}

void SelectionRun::append(const std::vector<std::uint32_t> &rows, const std::vector<double> &scores)
{
    const std::size_t from = m_picks.size();
    m_picks.insert(m_picks.end(), rows.begin(), rows.end());
    m_scores.insert(m_scores.end(), scores.begin(), scores.end());
    extendCoverage(from);
}

void SelectionRun::setClustering(std::shared_ptr<const std::vector<std::uint32_t>> clusterOf, std::size_t clusters)
{
    m_clusterOf = std::move(clusterOf);
    m_clusters = clusters;
    m_covered.assign(clusters, 0);
    m_coveredCount = 0;
    m_coverage.clear();
    extendCoverage(0);
}

void SelectionRun::extendCoverage(std::size_t from)
{
    if (!m_clusterOf || m_clusters == 0)
        return;
    for (std::size_t s = from; s < m_picks.size(); ++s) {
        const std::uint32_t row = m_picks[s];
        if (row < m_clusterOf->size()) {
            const std::uint32_t cluster = (*m_clusterOf)[row];
            if (cluster < m_clusters && !m_covered[cluster]) {
                m_covered[cluster] = 1;
                ++m_coveredCount;
            }
        }
        m_coverage.push_back(double(m_coveredCount) / double(m_clusters));
    }
}

std::size_t SelectionRun::stepOf(std::uint32_t row) const
{
    const auto at = std::find(m_picks.begin(), m_picks.end(), row);
    return at == m_picks.end() ? 0 : std::size_t(at - m_picks.begin()) + 1;
}

void SelectionRun::finish(std::shared_ptr<const SelectionRecord> record, const QString &path)
{
    m_record = std::move(record);
    m_path = path;
    m_finished = true;
}

} // namespace crsw
