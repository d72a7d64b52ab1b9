#pragma once

#include "common/progress.h"
#include "eval/edit_distance.h"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace crsw {

/// The nearest candidate name of one predicted title.
struct TitleMatch {
    int distance = 0;        ///< case-insensitive Levenshtein distance (code points)
    std::size_t candidate = 0; ///< index into the matcher's candidate list
};

/// Finds, for a title, the candidate name at the smallest case-insensitive
/// Levenshtein distance, as He et al.'s `nearest()` does, but exactly and fast.
///
/// Ties: the candidate listed first wins. He et al. take whichever name a
/// Python set yields first, which changes between processes; listing the
/// candidates by ascending entity id (EntityCatalog::distinctNames) makes our
/// rule "lowest entity id", deterministic and documented.
///
/// Not naive-quadratic: exact hits come from a hash table; otherwise
/// candidates are visited by growing length difference (a lower bound), each
/// first filtered by a histogram lower bound, and only survivors get the
/// bit-parallel distance, cut off at the best distance found so far. Repeated
/// titles are matched once.
class TitleMatcher {
public:
    /// `candidates` in tie-break order (first = preferred).
    explicit TitleMatcher(std::vector<std::string> candidates);

    std::size_t size() const { return m_names.size(); }
    const std::string &candidate(std::size_t index) const { return m_names[index]; }

    /// The nearest candidate of one title. Thread-safe.
    TitleMatch match(const std::string &title) const;

    /// Matches many titles on `threads` threads (0 = all cores), each distinct
    /// lower-cased title once. Reports progress; throws crsw::Cancelled.
    std::vector<TitleMatch> matchAll(const std::vector<std::string> &titles, Progress &progress,
                                     int threads = 0) const;

private:
    TitleMatch matchLowered(const std::u32string &lowered) const;

    std::vector<std::string> m_names;
    // Candidates sorted by (length, index) so a length window is a contiguous range.
    std::vector<std::u32string> m_lowered;          // by candidate index
    std::vector<CharHistogram> m_histograms;        // by position in m_byLength
    std::vector<std::uint32_t> m_byLength;          // candidate indices sorted by (length, index)
    std::vector<std::uint32_t> m_lengthStart;       // m_byLength range of each length: [start[L], start[L+1])
    std::unordered_map<std::u32string, std::uint32_t> m_exact; // lowered name -> first candidate
};

} // namespace crsw
