#include "data/benchmark/movie_mention_count.h"

#include <algorithm>
#include <tuple>

namespace crsw {

bool MovieMentionCount::operator==(const MovieMentionCount &other) const
{
    return std::tie(movie, title, mentions, bySeeker, byRecommender, dialogues)
        == std::tie(other.movie, other.title, other.mentions, other.bySeeker, other.byRecommender, other.dialogues);
}

void sortByMentions(std::vector<MovieMentionCount> &counts)
{
    std::sort(counts.begin(), counts.end(), [](const MovieMentionCount &a, const MovieMentionCount &b) {
        if (a.mentions != b.mentions)
            return a.mentions > b.mentions;
        if (a.dialogues != b.dialogues)
            return a.dialogues > b.dialogues;
        return a.movie < b.movie;
    });
}

} // namespace crsw
