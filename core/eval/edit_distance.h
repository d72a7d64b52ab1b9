#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace crsw {

/// Levenshtein distance (unit costs) over code points: the plain O(n·m)
/// dynamic programme. The reference the fast paths are tested against.
int levenshtein(std::u32string_view a, std::u32string_view b);

/// One pattern compared against many texts. Patterns up to 64 code points use
/// Myers/Hyyrö's bit-parallel algorithm (one machine word per text
/// character); longer ones a banded dynamic programme. distance() stops as
/// soon as the result must exceed `limit`.
class EditDistancePattern {
public:
    explicit EditDistancePattern(std::u32string_view pattern);

    /// The distance to `text` when it is <= limit; otherwise some value > limit.
    int distance(std::u32string_view text, int limit) const;

    std::size_t size() const { return m_pattern.size(); }

private:
    std::uint64_t matchMask(char32_t c) const;
    int bitParallel(std::u32string_view text, int limit) const;
    int banded(std::u32string_view text, int limit) const;

    std::u32string m_pattern;
    std::array<std::uint64_t, 128> m_asciiMasks{};
    std::vector<std::pair<char32_t, std::uint64_t>> m_otherMasks; // sorted by code point
};

/// A 64-bin character histogram; the L1 distance of two histograms gives a
/// lower bound on the edit distance that costs a few SIMD instructions.
struct CharHistogram {
    alignas(16) std::array<std::uint8_t, 64> bins{};

    static CharHistogram of(std::u32string_view text);
    /// Sum of |a_i - b_i| over the bins.
    static int l1(const CharHistogram &a, const CharHistogram &b);
};

/// A lower bound on levenshtein(a, b) from lengths and histograms: with i
/// insertions/deletions and s substitutions, |len a - len b| <= i and
/// L1 <= i + 2s, so d = i + s >= (L1 + |len a - len b|) / 2.
inline int editDistanceLowerBound(int histogramL1, int lengthDifference)
{
    return (histogramL1 + lengthDifference + 1) / 2;
}

} // namespace crsw
