#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
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
    /// Each is worded to fill a noun-phrase slot ("with {aspect}", "the
    /// same {aspect}"): mood words as "tender moments", eras as "1990s
    /// style", directors as "direction by X", actors as "acting by X".
    std::vector<std::string> metadataAspects(std::uint32_t item) const;
    /// The mood words of the corpus's metadata (values of Mood/Moods/Tone
    /// features); a lone review word among them is worded as a mood too.
    bool isMoodWord(const std::string &word) const { return m_moods.count(word) > 0; }
    /// The item's most specific category (the last of `categories` that is
    /// not its main category), lower-cased; "movie" when it has none.
    std::string genre(std::uint32_t item) const;

private:
    double idf(const std::string &word) const;
    std::vector<std::string> titleWords(std::uint32_t item) const;

    const SeedCorpus &m_corpus;
    /// A feature's values with their kind, as metadataAspects() words them.
    enum class Kind { Phrase, Mood, Era, Director, Actor };
    std::vector<std::pair<std::string, Kind>> featureValues(std::uint32_t item) const;

    std::unordered_map<std::string, std::uint32_t> m_df;
    std::unordered_set<std::string> m_moods;
    std::size_t m_documents = 0;
};

/// Lower-cased word tokens of a text (letters, digits, apostrophes; bytes
/// of non-ASCII characters count as letters), with sentence breaks (. , ; : ! ?
/// and line breaks) as empty tokens.
std::vector<std::string> aspectTokens(const std::string &text);

} // namespace crsw
