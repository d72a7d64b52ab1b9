#pragma once

#include <string>
#include <vector>

namespace crsw {

/// How prominent a cluster is in the demo world: popular clusters hold most
/// items and reviews (and their reviews are redundant), niche clusters hold
/// few items but a larger share of users than of reviews.
enum class DemoTier { Popular, Middle, Niche };

/// One sub-genre cluster of the demo world and the words that describe it.
struct DemoCluster {
    std::string genre;          ///< "Horror" (also a genre entity)
    std::string subgenre;       ///< "Folk horror" (also a genre entity)
    std::string kind;           ///< how a reviewer calls such a film: "folk horror film"
    DemoTier tier = DemoTier::Popular;
    double itemShare = 0;       ///< relative share of the catalogue
    double userShare = 0;       ///< relative share of users whose home taste this is
    double popularityBoost = 0; ///< pulls the cluster's items up the popularity ranking
    double stockProbability = 0;///< chance that a review is a stock (redundant) opinion
    std::vector<int> moods;     ///< indices into DemoVocabulary::moods(), most typical first
    std::vector<int> decades;   ///< decades the cluster's films come from (1950, 1960, ...)
    std::vector<std::string> plots;      ///< plot elements, with their article
    std::vector<std::string> titleNouns; ///< words that give titles the cluster's flavour
};

/// The fixed word lists of the demo world: clusters, moods, name parts.
/// Pure data; changing any of it changes every generated file.
class DemoVocabulary {
public:
    /// The sub-genre clusters, largest first.
    static const std::vector<DemoCluster> &clusters();
    /// Mood adjectives ("tense", "whimsical", ...).
    static const std::vector<std::string> &moods();
    /// Syllables that invented words (titles, surnames, places) are built from.
    static const std::vector<std::string> &syllables();
    /// Given names for fictional people.
    static const std::vector<std::string> &givenNames();
    /// Endings that make an invented word read as a surname.
    static const std::vector<std::string> &surnameEndings();
    /// Title patterns: "{W}" an invented word, "{N}" a title noun of the cluster.
    static const std::vector<std::string> &titlePatterns();
    /// Adjectives and nouns of the concrete details a film's reviews single out
    /// ("the silver accordion"): each film gets its own few.
    static const std::vector<std::string> &detailAdjectives();
    static const std::vector<std::string> &detailNouns();
    /// "1970s" for 1970.
    static std::string decadeName(int decade);
};

} // namespace crsw
