#include "eval/popularity_baseline.h"

#include <algorithm>
#include <map>

namespace crsw {

PopularityBaseline::PopularityBaseline(const std::vector<std::pair<std::string, std::size_t>> &counts)
{
    std::map<std::string, std::size_t> total;
    for (const auto &[title, count] : counts)
        total[title] += count;
    m_ranked.assign(total.begin(), total.end());
    std::stable_sort(m_ranked.begin(), m_ranked.end(),
                     [](const auto &a, const auto &b) { return a.second > b.second; });
}

std::vector<std::string> PopularityBaseline::ranked(std::size_t top) const
{
    std::vector<std::string> titles;
    for (std::size_t i = 0; i < m_ranked.size() && i < top; ++i)
        titles.push_back(m_ranked[i].first);
    return titles;
}

std::string PopularityBaseline::answerText(std::size_t top) const
{
    std::string text;
    const auto titles = ranked(top);
    for (std::size_t i = 0; i < titles.size(); ++i)
        text += (i ? "\n" : "") + std::to_string(i + 1) + ". " + titles[i];
    return text;
}

} // namespace crsw
