#include "common/load_report.h"

#include <algorithm>

namespace crsw {

std::string InputProblem::toString() const
{
    std::string text = file;
    if (line > 0)
        text += ":" + std::to_string(line);
    text += ": ";
    if (!field.empty())
        text += field + ": ";
    text += reason;
    return text;
}

LoadReport::LoadReport(std::size_t detailLimit) : m_detailLimit(detailLimit) {}

void LoadReport::add(InputProblem problem)
{
    ++m_total;
    // Group by the stable head of the reason so counts stay readable.
    const auto colon = problem.reason.find(':');
    ++m_byReason[problem.reason.substr(0, colon)];
    if (m_sink)
        m_sink(problem);
    if (m_problems.size() < m_detailLimit)
        m_problems.push_back(std::move(problem));
}

void LoadReport::merge(const LoadReport &other)
{
    for (const auto &problem : other.m_problems)
        add(problem);
    // Problems the other report only counted: keep the totals right.
    const std::size_t uncounted = other.undetailed();
    m_total += uncounted;
    if (uncounted > 0)
        m_byReason["(not kept in detail)"] += uncounted;
}

void LoadReport::setSink(std::function<void(const InputProblem &)> sink)
{
    m_sink = std::move(sink);
}

std::string LoadReport::summary(std::size_t examples) const
{
    if (m_total == 0)
        return "no malformed lines";
    std::string text = std::to_string(m_total) + (m_total == 1 ? " malformed line" : " malformed lines");
    std::vector<std::pair<std::string, std::size_t>> reasons(m_byReason.begin(), m_byReason.end());
    std::stable_sort(reasons.begin(), reasons.end(),
                     [](const auto &a, const auto &b) { return a.second > b.second; });
    text += " (";
    for (std::size_t i = 0; i < reasons.size() && i < 4; ++i)
        text += (i ? "; " : "") + reasons[i].first + ": " + std::to_string(reasons[i].second);
    if (reasons.size() > 4)
        text += "; ...";
    text += ")";
    for (std::size_t i = 0; i < m_problems.size() && i < examples; ++i)
        text += "\n  " + m_problems[i].toString();
    if (m_total > examples && examples > 0)
        text += "\n  ...";
    return text;
}

} // namespace crsw
