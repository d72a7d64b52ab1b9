#pragma once

#include "common/progress.h"
#include "data/demo/demo_random.h"
#include "data/demo/demo_world_model.h"

#include <cstdint>
#include <string>
#include <vector>

namespace crsw {

/// Writes the demo world's test conversations (He et al. format, METHOD.md §6).
///
/// Conversations are drawn over users, not reviews: a uniformly chosen user
/// opens with their taste (a film they rated highly, a sub-genre, a mood, a
/// favourite person or decade), and each system turn recommends films not yet
/// mentioned, drawn with probability proportional to sqrt(popularity) x
/// affinity^4, mostly (80%) among the films of the user's home cluster. So a
/// niche taste shows up in the test set as often as users hold it, and its
/// ground truth is niche films.
class DemoConversationBuilder {
public:
    DemoConversationBuilder(DemoWorld &world, DemoRandom &random);

    /// Fills DemoWorld::turns with `turnCount` recommendation turns (and the
    /// users' testDialogs). Cancellable.
    void build(int turnCount, Progress &progress);

private:
    struct Dialog;
    void converse(int user, const std::string &dialogId, int recTurns);
    void open(Dialog &dialog);
    void recommend(Dialog &dialog);
    void react(Dialog &dialog);
    int likedFilm(int user) const;
    std::vector<int> groundTruth(const Dialog &dialog, int count);
    std::string mentionFilm(Dialog &dialog, int item, bool inResponse);
    std::string mentionSubgenre(Dialog &dialog, int cluster, bool inResponse);
    std::string mentionGenre(Dialog &dialog, int genre, bool inResponse);
    std::string mentionPerson(Dialog &dialog, int person, bool inResponse);
    void mention(Dialog &dialog, std::int64_t entity, const std::string &name, bool inResponse);

    DemoWorld &m_world;
    DemoRandom &m_random;
    std::vector<std::vector<int>> m_userReviews; // per user: indices into world.reviews
};

} // namespace crsw
