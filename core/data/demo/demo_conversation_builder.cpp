#include "data/demo/demo_conversation_builder.h"

#include "common/error.h"
#include "data/demo/demo_text.h"
#include "data/demo/demo_vocabulary.h"

#include <algorithm>
#include <cmath>

namespace crsw {

namespace {

// Ground truth weight sqrt(popularity) x affinity^4: taste dominates (a home
// niche film beats an unrelated blockbuster by orders of magnitude), and
// among equally liked films the better known come up a little more often.
constexpr int kAffinityPower = 4;
// Share of ground-truth draws restricted to the user's home cluster.
constexpr double kHomeClusterChance = 0.8;
constexpr double kTwoRecommendationsChance = 0.2;

} // namespace

// One conversation being written.
struct DemoConversationBuilder::Dialog {
    int user = 0;
    std::string id;
    std::vector<std::string> context{""};    // He et al. contexts open with an empty turn
    std::vector<std::int64_t> mentioned;     // entity ids, first mention order
    std::vector<int> mentionedItems;
    std::vector<std::int64_t> respEntities;  // of the response being written
    std::vector<std::string> respNames;
    std::vector<int> lastRec;
};

DemoConversationBuilder::DemoConversationBuilder(DemoWorld &world, DemoRandom &random)
    : m_world(world), m_random(random)
{
}

void DemoConversationBuilder::build(int turnCount, Progress &progress)
{
    const int users = int(m_world.users.size());
    if (turnCount < 1 || turnCount > users)
        throw Error("demo world: test turns must be between 1 and the number of users");
    m_userReviews.assign(std::size_t(users), {});
    for (std::size_t r = 0; r < m_world.reviews.size(); ++r)
        m_userReviews[std::size_t(m_world.reviews[r].user)].push_back(int(r));

    std::vector<int> order(static_cast<std::size_t>(users));
    for (int u = 0; u < users; ++u)
        order[std::size_t(u)] = u;
    m_random.shuffle(order);
    for (std::size_t k = 0; int(m_world.turns.size()) < turnCount; ++k) {
        progress.throwIfCancelled();
        // One to three recommendation turns a conversation, like the real sets.
        int recTurns = 1;
        if (m_random.chance(0.55))
            recTurns = m_random.chance(0.35) ? 3 : 2;
        recTurns = std::min(recTurns, turnCount - int(m_world.turns.size()));
        converse(order[k], "demo_" + demotext::zeroPadded(int(k) + 1, 4), recTurns);
        progress.report(double(m_world.turns.size()) / turnCount, "Writing test conversations");
    }
}

void DemoConversationBuilder::converse(int user, const std::string &dialogId, int recTurns)
{
    Dialog dialog;
    dialog.user = user;
    dialog.id = dialogId;
    m_world.users[std::size_t(user)].testDialogs.push_back(dialogId);
    open(dialog);
    for (int t = 0; t < recTurns; ++t) {
        if (t > 0)
            react(dialog);
        recommend(dialog);
    }
}

void DemoConversationBuilder::open(Dialog &dialog)
{
    const DemoUser &user = m_world.users[std::size_t(dialog.user)];
    const int home = user.clusters.front();
    const std::string mood = DemoVocabulary::moods()[std::size_t(user.likedMoods.front())];
    const int film = likedFilm(dialog.user);
    // Mentions are made one statement at a time, in reading order: the
    // operands of one `+` chain are evaluated in an unspecified order, which
    // would make the entity order differ between compilers.
    std::string text;
    switch (m_random.between(0, 3)) {
    case 0: {
        const std::string subgenre = mentionSubgenre(dialog, home, false);
        const std::string title = mentionFilm(dialog, film, false);
        text = "Hi! I'm in the mood for a " + mood + " " + subgenre + " film. I really liked " + title + ".";
        break;
    }
    case 1: {
        const std::string title = mentionFilm(dialog, film, false);
        const std::string subgenre = mentionSubgenre(dialog, home, false);
        text = "Hello, can you suggest something like " + title + "? I love " + subgenre + ".";
        break;
    }
    case 2: {
        const std::string genre = mentionGenre(dialog, m_world.clusterGenre[std::size_t(home)], false);
        text = "Hey, I want to watch some " + genre + " tonight, ideally something " + mood + ".";
        break;
    }
    default: {
        const std::string title = mentionFilm(dialog, film, false);
        text = "Hi, I just rewatched " + title + " and want more like it.";
        break;
    }
    }
    dialog.context.push_back(text);
    if (!m_random.chance(0.6))
        return;
    // A question from the system, answered with more of the user's taste.
    switch (m_random.between(0, 2)) {
    case 0:
        dialog.context.push_back("Happy to help! Do you have a favourite actor or director?");
        dialog.context.push_back("I love anything with " + mentionPerson(dialog, user.people.front(), false) + ".");
        break;
    case 1:
        dialog.context.push_back("Sure! Do you prefer older films or recent ones?");
        dialog.context.push_back("I especially like films from the " + DemoVocabulary::decadeName(user.decade) + ".");
        break;
    default:
        dialog.context.push_back("Sure. What mood are you in?");
        dialog.context.push_back("Something " + DemoVocabulary::moods()[std::size_t(user.likedMoods.back())] +
                                 ", but nothing too " + DemoVocabulary::moods()[std::size_t(user.dislikedMood)] + ".");
        break;
    }
}

void DemoConversationBuilder::recommend(Dialog &dialog)
{
    const std::vector<int> rec = groundTruth(dialog, m_random.chance(kTwoRecommendationsChance) ? 2 : 1);
    const DemoItem &item = m_world.items[std::size_t(rec.front())];
    const std::string mood = DemoVocabulary::moods()[std::size_t(item.moods.front())];
    dialog.respEntities.clear();
    dialog.respNames.clear();
    std::string resp;
    const std::string title = mentionFilm(dialog, rec[0], true);
    if (rec.size() == 2) {
        const std::string second = mentionFilm(dialog, rec[1], true);
        resp = "Try " + title + " or " + second + ". Both should suit you.";
    } else {
        switch (m_random.between(0, 3)) {
        case 0: {
            const std::string subgenre = mentionSubgenre(dialog, item.cluster, true);
            resp = "You might enjoy " + title + ", a " + mood + " " + subgenre + " film from " + std::to_string(item.year) + ".";
            break;
        }
        case 1: {
            const std::string actor = mentionPerson(dialog, item.cast.front(), true);
            resp = "Try " + title + ". It is " + mood + " and " + actor + " is in it.";
            break;
        }
        case 2:
            resp = "How about " + title + "? It came out in " + std::to_string(item.year) + " and it is very " + mood + ".";
            break;
        default: {
            const std::string director = mentionPerson(dialog, item.director, true);
            resp = "I think you would like " + title + ", directed by " + director + ".";
            break;
        }
        }
    }

    DemoTestTurn turn;
    turn.context = dialog.context;
    turn.resp = resp;
    for (int i : rec) {
        turn.rec.push_back(m_world.items[std::size_t(i)].entityId);
        turn.recItems.push_back(i);
    }
    turn.entity = dialog.respEntities;
    turn.entityName = dialog.respNames;
    turn.prevEntity = dialog.mentioned;
    turn.dialogId = dialog.id;
    turn.turnId = dialog.id + "_" + std::to_string(dialog.context.size() - 1);
    // The user opens, so odd context positions are the user's.
    for (std::size_t k = 1; k < dialog.context.size(); ++k)
        turn.input += (k % 2 == 1 ? "\nUser: " : "\nSystem: ") + dialog.context[k];
    turn.input += "\nSystem: ";
    turn.user = dialog.user;
    m_world.turns.push_back(std::move(turn));

    dialog.context.push_back(resp);
    for (std::int64_t id : dialog.respEntities)
        if (std::find(dialog.mentioned.begin(), dialog.mentioned.end(), id) == dialog.mentioned.end())
            dialog.mentioned.push_back(id);
    dialog.lastRec = rec;
}

void DemoConversationBuilder::react(Dialog &dialog)
{
    const DemoUser &user = m_world.users[std::size_t(dialog.user)];
    std::string text;
    if (m_world.affinityOf(dialog.user, dialog.lastRec.front()) >= 1.0) {
        static const std::vector<std::string> liked = {"I've seen it and loved it! Anything else?",
                                                       "Sounds great. What else would you suggest?",
                                                       "Oh nice, I will add it to my list. Any more like that?"};
        text = m_random.pick(liked);
    } else {
        static const std::vector<std::string> disliked = {"Hmm, that is not really my thing. Something else?",
                                                          "I did not enjoy that one. Anything different?"};
        text = m_random.pick(disliked);
    }
    if (m_random.chance(0.4)) {
        switch (m_random.between(0, 2)) {
        case 0: text += " Maybe something from the " + DemoVocabulary::decadeName(user.decade) + "?"; break;
        case 1: text += " I love anything with " + mentionPerson(dialog, user.people.back(), false) + "."; break;
        default:
            text += " Ideally something " + DemoVocabulary::moods()[std::size_t(user.likedMoods.back())] + ".";
            break;
        }
    }
    dialog.context.push_back(text);
}

int DemoConversationBuilder::likedFilm(int user) const
{
    // The opening is about the user's home taste: the film of their home
    // cluster they rated 4+ that suits them best; failing that, the
    // best-known home-cluster film they would like.
    const int home = m_world.users[std::size_t(user)].clusters.front();
    int best = -1;
    double bestAffinity = -1;
    for (int r : m_userReviews[std::size_t(user)]) {
        const DemoReview &review = m_world.reviews[std::size_t(r)];
        if (review.rating < 4 || m_world.items[std::size_t(review.item)].cluster != home)
            continue;
        const double a = m_world.affinityOf(user, review.item);
        if (a > bestAffinity || (a == bestAffinity && review.item < best)) {
            best = review.item;
            bestAffinity = a;
        }
    }
    if (best >= 0)
        return best;
    double bestScore = -1;
    for (std::size_t i = 0; i < m_world.items.size(); ++i) {
        if (m_world.items[i].cluster != home)
            continue;
        const double a = m_world.affinityOf(user, int(i));
        const double score = m_world.items[i].popularity * a * a;
        if (score > bestScore) {
            bestScore = score;
            best = int(i);
        }
    }
    return best;
}

std::vector<int> DemoConversationBuilder::groundTruth(const Dialog &dialog, int count)
{
    // Mostly films of the home cluster the conversation is about; sometimes
    // any film, where the user's other favourites come in.
    const int home = m_world.users[std::size_t(dialog.user)].clusters.front();
    const bool homeOnly = m_random.chance(kHomeClusterChance);
    // A film the user has panned (1 or 2 stars) is never right for them.
    std::vector<bool> panned(m_world.items.size(), false);
    for (int r : m_userReviews[std::size_t(dialog.user)])
        if (m_world.reviews[std::size_t(r)].rating <= 2)
            panned[std::size_t(m_world.reviews[std::size_t(r)].item)] = true;
    std::vector<double> weights(m_world.items.size());
    std::size_t candidates = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        if (std::find(dialog.mentionedItems.begin(), dialog.mentionedItems.end(), int(i)) != dialog.mentionedItems.end())
            continue;
        if (panned[i] || (homeOnly && m_world.items[i].cluster != home))
            continue;
        double w = std::sqrt(m_world.items[i].popularity);
        const double a = m_world.affinityOf(dialog.user, int(i));
        for (int k = 0; k < kAffinityPower; ++k)
            w *= a;
        weights[i] = w;
        ++candidates;
    }
    // Too few candidates (a tiny home cluster, all mentioned): widen to every
    // film not mentioned, panned ones last. A conversation mentions at most 7
    // films and a world has at least 15, so something is always left.
    for (int pass = 0; pass < 2 && candidates < std::size_t(count); ++pass)
        for (std::size_t i = 0; i < weights.size(); ++i)
            if (weights[i] == 0 && (pass == 1 || !panned[i]) &&
                std::find(dialog.mentionedItems.begin(), dialog.mentionedItems.end(), int(i)) == dialog.mentionedItems.end()) {
                weights[i] = std::sqrt(m_world.items[i].popularity) * m_world.affinityOf(dialog.user, int(i));
                ++candidates;
            }
    std::vector<int> rec;
    for (std::size_t i : m_random.weightedDistinct(weights, std::size_t(count)))
        rec.push_back(int(i));
    return rec;
}

void DemoConversationBuilder::mention(Dialog &dialog, std::int64_t entity, const std::string &name, bool inResponse)
{
    if (inResponse) {
        if (std::find(dialog.respEntities.begin(), dialog.respEntities.end(), entity) == dialog.respEntities.end()) {
            dialog.respEntities.push_back(entity);
            dialog.respNames.push_back(name);
        }
    } else if (std::find(dialog.mentioned.begin(), dialog.mentioned.end(), entity) == dialog.mentioned.end()) {
        dialog.mentioned.push_back(entity);
    }
}

std::string DemoConversationBuilder::mentionFilm(Dialog &dialog, int item, bool inResponse)
{
    const DemoItem &film = m_world.items[std::size_t(item)];
    mention(dialog, film.entityId, film.title, inResponse);
    if (std::find(dialog.mentionedItems.begin(), dialog.mentionedItems.end(), item) == dialog.mentionedItems.end())
        dialog.mentionedItems.push_back(item);
    return film.title;
}

std::string DemoConversationBuilder::mentionSubgenre(Dialog &dialog, int cluster, bool inResponse)
{
    const std::string &name = DemoVocabulary::clusters()[std::size_t(cluster)].subgenre;
    mention(dialog, m_world.subgenreEntityIds[std::size_t(cluster)], name, inResponse);
    return demotext::lowerFirst(name);
}

std::string DemoConversationBuilder::mentionGenre(Dialog &dialog, int genre, bool inResponse)
{
    const std::string &name = m_world.genres[std::size_t(genre)];
    mention(dialog, m_world.genreEntityIds[std::size_t(genre)], name, inResponse);
    return demotext::lowerFirst(name);
}

std::string DemoConversationBuilder::mentionPerson(Dialog &dialog, int person, bool inResponse)
{
    const DemoPerson &who = m_world.people[std::size_t(person)];
    mention(dialog, who.entityId, who.name, inResponse);
    return who.name;
}

} // namespace crsw
