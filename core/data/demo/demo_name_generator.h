#pragma once

#include "data/demo/demo_random.h"

#include <set>
#include <string>
#include <vector>

namespace crsw {

/// Invents the names of the demo world: film titles and people, all fictional,
/// pronounceable and mutually distinct.
///
/// Every entity name is registered; a new film title must be at least
/// kMinTitleDistance edits (case-insensitive) away from every registered name,
/// so the evaluation's nearest-name matching can never confuse two entities
/// over a small misspelling. Titles contain only letters and single spaces:
/// He et al.'s URI-to-name rule turns '_', '-' and '>' into spaces and drops
/// "(...)", so such titles survive the round trip through a URI unchanged.
class DemoNameGenerator {
public:
    static constexpr int kMinTitleDistance = 3;

    explicit DemoNameGenerator(DemoRandom &random);

    /// Registers a name that later names must differ from (genres).
    void reserve(const std::string &name);
    /// A new person's name ("Odile Varnholm"), distinct from all registered names.
    std::string personName();
    /// A new film title in the flavour of a cluster, far from all registered names.
    std::string filmTitle(const std::vector<std::string> &titleNouns);
    /// An invented capitalised word of 2 to 3 syllables ("Velmora").
    std::string inventedWord(int minSyllables, int maxSyllables);

    /// Case-insensitive Levenshtein distance of two ASCII strings.
    static int editDistance(const std::string &a, const std::string &b);

private:
    bool farFromAll(const std::string &lowered) const;

    DemoRandom &m_random;
    std::set<std::string> m_used;       // lower-cased registered names
    std::vector<std::string> m_ordered; // the same, in registration order
};

} // namespace crsw
