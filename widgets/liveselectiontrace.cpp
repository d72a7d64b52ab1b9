#include "liveselectiontrace.h"

namespace crsw {

void LiveSelectionTrace::append(std::uint32_t row, double score)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_rows.push_back(row);
    m_scores.push_back(score);
}

std::size_t LiveSelectionTrace::takeNew(std::size_t from, std::vector<std::uint32_t> *rows,
                                        std::vector<double> *scores) const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    for (std::size_t i = from; i < m_rows.size(); ++i) {
        rows->push_back(m_rows[i]);
        scores->push_back(m_scores[i]);
    }
    return m_rows.size();
}

std::size_t LiveSelectionTrace::size() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_rows.size();
}

} // namespace crsw
