#include "eval/title_matcher.h"

#include "common/parallel.h"
#include "common/python_text.h"

#include <algorithm>
#include <atomic>
#include <climits>

namespace crsw {

TitleMatcher::TitleMatcher(std::vector<std::string> candidates) : m_names(std::move(candidates))
{
    m_lowered.reserve(m_names.size());
    std::size_t maxLength = 0;
    for (std::size_t i = 0; i < m_names.size(); ++i) {
        m_lowered.push_back(pytext::lower(pytext::decodeUtf8(m_names[i])));
        maxLength = std::max(maxLength, m_lowered.back().size());
        m_exact.emplace(m_lowered.back(), static_cast<std::uint32_t>(i)); // keeps the first
    }
    m_byLength.resize(m_names.size());
    for (std::size_t i = 0; i < m_byLength.size(); ++i)
        m_byLength[i] = static_cast<std::uint32_t>(i);
    std::stable_sort(m_byLength.begin(), m_byLength.end(), [this](std::uint32_t a, std::uint32_t b) {
        return m_lowered[a].size() < m_lowered[b].size();
    });
    m_lengthStart.assign(maxLength + 2, 0);
    for (std::uint32_t index : m_byLength)
        ++m_lengthStart[m_lowered[index].size() + 1];
    for (std::size_t l = 1; l < m_lengthStart.size(); ++l)
        m_lengthStart[l] += m_lengthStart[l - 1];
    m_histograms.reserve(m_byLength.size());
    for (std::uint32_t index : m_byLength)
        m_histograms.push_back(CharHistogram::of(m_lowered[index]));
}

TitleMatch TitleMatcher::match(const std::string &title) const
{
    return matchLowered(pytext::lower(pytext::decodeUtf8(title)));
}

TitleMatch TitleMatcher::matchLowered(const std::u32string &query) const
{
    TitleMatch best{INT_MAX, SIZE_MAX};
    if (m_names.empty())
        return TitleMatch{static_cast<int>(query.size()), 0};
    if (const auto hit = m_exact.find(query); hit != m_exact.end())
        return TitleMatch{0, hit->second};

    const int m = static_cast<int>(query.size());
    const int maxLength = static_cast<int>(m_lengthStart.size()) - 2;
    const EditDistancePattern pattern(query);
    const CharHistogram queryHistogram = CharHistogram::of(query);

    // Visit lengths m, m-1, m+1, m-2, ...: the length difference is itself a
    // lower bound, so once it exceeds the best distance nothing can win.
    for (int delta = 0;; ++delta) {
        if (delta > best.distance)
            break;
        bool anyLength = false;
        for (int sign : {-1, +1}) {
            if (delta == 0 && sign > 0)
                continue;
            const int length = m + sign * delta;
            if (length < 0 || length > maxLength)
                continue;
            anyLength = true;
            const std::uint32_t begin = m_lengthStart[static_cast<std::size_t>(length)];
            const std::uint32_t end = m_lengthStart[static_cast<std::size_t>(length) + 1];
            for (std::uint32_t pos = begin; pos < end; ++pos) {
                const std::uint32_t index = m_byLength[pos];
                // To replace the best, a candidate must be closer, or as close and listed earlier.
                const int limit = index < best.candidate ? best.distance : best.distance - 1;
                if (limit < delta)
                    continue;
                const int bound = editDistanceLowerBound(CharHistogram::l1(queryHistogram, m_histograms[pos]), delta);
                if (bound > limit)
                    continue;
                const int d = pattern.distance(m_lowered[index], limit == INT_MAX ? INT_MAX - 1 : limit);
                if (d <= limit) {
                    best.distance = d;
                    best.candidate = index;
                }
            }
        }
        if (!anyLength && m - delta < 0 && m + delta > maxLength)
            break;
    }
    return best;
}

std::vector<TitleMatch> TitleMatcher::matchAll(const std::vector<std::string> &titles, Progress &progress,
                                               int threads) const
{
    // Answers repeat titles a lot; match each distinct lower-cased title once.
    std::unordered_map<std::u32string, std::uint32_t> uniqueIndex;
    std::vector<const std::u32string *> unique;
    std::vector<std::uint32_t> slotOfTitle(titles.size());
    for (std::size_t i = 0; i < titles.size(); ++i) {
        auto [it, inserted] = uniqueIndex.emplace(pytext::lower(pytext::decodeUtf8(titles[i])),
                                                  static_cast<std::uint32_t>(unique.size()));
        if (inserted)
            unique.push_back(&it->first);
        slotOfTitle[i] = it->second;
    }

    std::vector<TitleMatch> uniqueMatches(unique.size());
    std::atomic<std::size_t> done{0};
    parallelFor(unique.size(), threads > 0 ? threads : defaultThreadCount(), 32,
                [&](std::size_t begin, std::size_t end, int) {
                    progress.throwIfCancelled();
                    for (std::size_t u = begin; u < end; ++u)
                        uniqueMatches[u] = matchLowered(*unique[u]);
                    const std::size_t finished = done.fetch_add(end - begin) + (end - begin);
                    progress.report(double(finished) / double(unique.size()),
                                    "matched " + std::to_string(finished) + " of " + std::to_string(unique.size())
                                        + " distinct titles");
                });

    std::vector<TitleMatch> matches(titles.size());
    for (std::size_t i = 0; i < titles.size(); ++i)
        matches[i] = uniqueMatches[slotOfTitle[i]];
    return matches;
}

} // namespace crsw
