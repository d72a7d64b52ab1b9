#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace crsw {

class SeedCorpus;

/// The texts the embed stage embeds, built from a SeedCorpus and kept back to
/// back in one buffer (one allocation for a million reviews).
///
/// - a review: its title, a line break, its text;
/// - an item (METHOD.md §3.3): its title, then each category, each
///   description paragraph and each feature on a line of its own.
/// Line breaks are not word characters, so no token spans two parts (a bigram
/// may, as scikit-learn's would on the same joined text).
class CorpusTexts {
public:
    /// Row i = review i of the corpus.
    static CorpusTexts ofReviews(const SeedCorpus &corpus);
    /// Row i = item i of the corpus.
    static CorpusTexts ofItems(const SeedCorpus &corpus);

    std::size_t size() const { return m_ends.size(); }
    std::string_view text(std::size_t i) const;
    /// Views of every text, valid while this object lives and is not moved.
    std::vector<std::string_view> views() const;
    /// Bytes of text held.
    std::size_t bytes() const { return m_buffer.size(); }

private:
    void beginText() { m_partsInText = 0; }
    void appendPart(std::string_view part);
    void endText() { m_ends.push_back(m_buffer.size()); }

    std::string m_buffer;
    std::vector<std::size_t> m_ends; // end offset of each text
    std::size_t m_partsInText = 0;
};

} // namespace crsw
