#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace crsw {

class SeedCorpus;

/// The aspects the offline synthesizer writes queries from (METHOD.md §9):
/// salient phrases of the seed reviews, the values of the item's metadata
/// features, and its genre. Never the item's title or a word of it, so a
/// query does not name the item.
class AspectExtractor {
public:
    /// Counts document frequencies over the corpus's reviews (every k-th
    /// review when there are more than kDfSample, to bound the time).
    explicit AspectExtractor(const SeedCorpus &corpus);

    static constexpr std::size_t kDfSample = 200000;
    /// Words in more than this share of reviews are stock vocabulary, not aspects.
    static constexpr double kMaxDocumentShare = 0.02;

    /// Salient phrases of the reviews: runs of one to three words between
    /// stop words and punctuation, none of them stock or a title word,
    /// ranked by occurrences x mean inverse document frequency (ties: first
    /// seen); a single word only when it occurs twice. At most `limit`.
    std::vector<std::string> reviewAspects(const std::vector<std::uint32_t> &rows, std::uint32_t item,
                                           std::size_t limit) const;
    /// Values of "Key: a; b, c" features, the names of "Directed by" and
    /// "Starring" credits, and other features of at most six words, in file
    /// order; none containing a title word or equal to one of its categories.
    std::vector<std::string> metadataAspects(std::uint32_t item) const;
    /// The item's most specific category (the last of `categories` that is
    /// not its main category), lower-cased; "movie" when it has none.
    std::string genre(std::uint32_t item) const;

private:
    double idf(const std::string &word) const;
    std::vector<std::string> titleWords(std::uint32_t item) const;

    const SeedCorpus &m_corpus;
    std::unordered_map<std::string, std::uint32_t> m_df;
    std::size_t m_documents = 0;
};

/// Lower-cased word tokens of a text (letters, digits, apostrophes; bytes
/// of non-ASCII characters count as letters), with sentence breaks (. , ; : ! ?
/// and line breaks) as empty tokens.
std::vector<std::string> aspectTokens(const std::string &text);

} // namespace crsw
