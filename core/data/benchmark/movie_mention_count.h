#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace crsw {

/// How often one movie is mentioned over a set of dialogues: the popularity
/// count behind the Popularity baseline (METHOD.md §7).
struct MovieMentionCount {
    std::string movie;              ///< ReDial movie id ("111776") or INSPIRED title ("Hustlers (2019)")
    std::string title;              ///< display title ("Police Academy (1984)")
    std::int64_t mentions = 0;      ///< mentions in all utterances
    std::int64_t bySeeker = 0;      ///< of which in seeker utterances
    std::int64_t byRecommender = 0; ///< of which in recommender utterances
    std::int64_t dialogues = 0;     ///< distinct dialogues that mention it

    bool operator==(const MovieMentionCount &other) const;
};

/// Orders counts most mentioned first; ties by more dialogues, then by key,
/// so a popularity ranking is deterministic.
void sortByMentions(std::vector<MovieMentionCount> &counts);

} // namespace crsw
