#include "eval/edit_distance.h"

#include <algorithm>
#include <cstdlib>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace crsw {

int levenshtein(std::u32string_view a, std::u32string_view b)
{
    std::vector<int> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        row[j] = static_cast<int>(j);
    for (std::size_t i = 1; i <= a.size(); ++i) {
        int diagonal = row[0];
        row[0] = static_cast<int>(i);
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const int up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = up;
        }
    }
    return row[b.size()];
}

EditDistancePattern::EditDistancePattern(std::u32string_view pattern) : m_pattern(pattern)
{
    if (m_pattern.size() > 64)
        return;
    for (std::size_t i = 0; i < m_pattern.size(); ++i) {
        const char32_t c = m_pattern[i];
        const std::uint64_t bit = std::uint64_t(1) << i;
        if (c < 128) {
            m_asciiMasks[c] |= bit;
            continue;
        }
        auto it = std::find_if(m_otherMasks.begin(), m_otherMasks.end(), [c](const auto &p) { return p.first == c; });
        if (it == m_otherMasks.end())
            m_otherMasks.emplace_back(c, bit);
        else
            it->second |= bit;
    }
    std::sort(m_otherMasks.begin(), m_otherMasks.end());
}

std::uint64_t EditDistancePattern::matchMask(char32_t c) const
{
    if (c < 128)
        return m_asciiMasks[c];
    // Titles are mostly ASCII: the non-ASCII list is short, a linear scan wins.
    for (const auto &entry : m_otherMasks)
        if (entry.first == c)
            return entry.second;
    return 0;
}

int EditDistancePattern::distance(std::u32string_view text, int limit) const
{
    const int m = static_cast<int>(m_pattern.size());
    const int n = static_cast<int>(text.size());
    // The distance never exceeds the longer length; this also keeps the band arithmetic in range.
    limit = std::min(limit, std::max(m, n));
    if (std::abs(m - n) > limit)
        return std::abs(m - n);
    if (m == 0)
        return n;
    if (n == 0)
        return m;
    return m <= 64 ? bitParallel(text, limit) : banded(text, limit);
}

int EditDistancePattern::bitParallel(std::u32string_view text, int limit) const
{
    // Hyyrö's formulation of Myers (1999) for global edit distance: Pv/Mv hold
    // the vertical +1/-1 deltas of the current DP column, `score` is the last
    // row's value. The top row grows by one per text character, hence the
    // `| 1` when shifting the horizontal deltas.
    const int m = static_cast<int>(m_pattern.size());
    const int n = static_cast<int>(text.size());
    const std::uint64_t last = std::uint64_t(1) << (m - 1);
    std::uint64_t pv = ~std::uint64_t(0);
    std::uint64_t mv = 0;
    int score = m;
    for (int j = 0; j < n; ++j) {
        const std::uint64_t eq = matchMask(text[static_cast<std::size_t>(j)]);
        const std::uint64_t xv = eq | mv;
        const std::uint64_t xh = (((eq & pv) + pv) ^ pv) | eq;
        std::uint64_t ph = mv | ~(xh | pv);
        std::uint64_t mh = pv & xh;
        if (ph & last)
            ++score;
        else if (mh & last)
            --score;
        ph = (ph << 1) | 1;
        mh <<= 1;
        pv = mh | ~(xv | ph);
        mv = ph & xv;
        // Each remaining text character can lower the last row by at most one.
        if (score - (n - 1 - j) > limit)
            return limit + 1;
    }
    return score;
}

int EditDistancePattern::banded(std::u32string_view text, int limit) const
{
    // Rows over the pattern, columns over the text, cells outside the
    // diagonal band |i - j| <= limit are treated as > limit (Ukkonen).
    const int m = static_cast<int>(m_pattern.size());
    const int n = static_cast<int>(text.size());
    const int big = limit + 1;
    std::vector<int> previous(static_cast<std::size_t>(n) + 1, big);
    std::vector<int> current(static_cast<std::size_t>(n) + 1, big);
    for (int j = 0; j <= std::min(n, limit); ++j)
        previous[static_cast<std::size_t>(j)] = j;
    for (int i = 1; i <= m; ++i) {
        const int from = std::max(1, i - limit);
        const int to = std::min(n, i + limit);
        std::fill(current.begin(), current.end(), big);
        current[0] = i <= limit ? i : big;
        int rowMin = current[0];
        for (int j = from; j <= to; ++j) {
            const auto ju = static_cast<std::size_t>(j);
            const int substitute = previous[ju - 1] + (m_pattern[static_cast<std::size_t>(i - 1)] == text[ju - 1] ? 0 : 1);
            const int value = std::min({previous[ju] + 1, current[ju - 1] + 1, substitute});
            current[ju] = std::min(value, big);
            rowMin = std::min(rowMin, current[ju]);
        }
        if (rowMin > limit)
            return big;
        std::swap(previous, current);
    }
    return previous[static_cast<std::size_t>(n)];
}

CharHistogram CharHistogram::of(std::u32string_view text)
{
    // Bins: a-z, 0-9, space, other ASCII folded into 11, non-ASCII into 16.
    CharHistogram h;
    for (char32_t c : text) {
        int bin;
        if (c >= 'a' && c <= 'z')
            bin = static_cast<int>(c - 'a');
        else if (c >= '0' && c <= '9')
            bin = 26 + static_cast<int>(c - '0');
        else if (c == ' ')
            bin = 36;
        else if (c < 128)
            bin = 37 + static_cast<int>(c % 11);
        else
            bin = 48 + static_cast<int>(c % 16);
        // Saturating counts only shrink the L1, so the bound stays a lower bound.
        if (h.bins[static_cast<std::size_t>(bin)] < 255)
            ++h.bins[static_cast<std::size_t>(bin)];
    }
    return h;
}

int CharHistogram::l1(const CharHistogram &a, const CharHistogram &b)
{
#if defined(__SSE2__)
    __m128i sum = _mm_setzero_si128();
    for (int i = 0; i < 64; i += 16) {
        const __m128i x = _mm_load_si128(reinterpret_cast<const __m128i *>(a.bins.data() + i));
        const __m128i y = _mm_load_si128(reinterpret_cast<const __m128i *>(b.bins.data() + i));
        sum = _mm_add_epi64(sum, _mm_sad_epu8(x, y));
    }
    return _mm_cvtsi128_si32(sum) + _mm_cvtsi128_si32(_mm_unpackhi_epi64(sum, sum));
#else
    int total = 0;
    for (std::size_t i = 0; i < 64; ++i)
        total += std::abs(int(a.bins[i]) - int(b.bins[i]));
    return total;
#endif
}

} // namespace crsw
