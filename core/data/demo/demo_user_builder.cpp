#include "data/demo/demo_user_builder.h"

#include "data/demo/demo_text.h"
#include "data/demo/demo_vocabulary.h"

#include <algorithm>
#include <iterator>

namespace crsw {

namespace {

// Weight of a film's cluster by its place in the user's favourites (home,
// second, third), for another sub-genre of a favourite genre, and otherwise.
constexpr double kClusterWeight[] = {1.0, 0.6, 0.4};
constexpr double kSameGenreWeight = 0.25;
constexpr double kOtherWeight = 0.08;
constexpr double kLikedMood = 0.25;
constexpr double kDislikedMood = 0.35;
constexpr double kFavouriteDecade = 0.2;
constexpr double kFavouritePerson = 0.4;
constexpr double kMinAffinity = 0.02;

bool contains(const std::vector<int> &values, int value)
{
    return std::find(values.begin(), values.end(), value) != values.end();
}

} // namespace

DemoUserBuilder::DemoUserBuilder(DemoWorld &world, DemoRandom &random) : m_world(world), m_random(random) {}

void DemoUserBuilder::build(int userCount)
{
    for (int u = 0; u < userCount; ++u)
        m_world.users.push_back(makeUser(u));
    const std::size_t items = m_world.items.size();
    m_world.affinity.assign(m_world.users.size() * items, 0.0);
    for (std::size_t u = 0; u < m_world.users.size(); ++u)
        for (std::size_t i = 0; i < items; ++i)
            m_world.affinity[u * items + i] = affinity(m_world.users[u], m_world.items[i], m_world);
}

DemoUser DemoUserBuilder::makeUser(int index)
{
    const auto &clusters = DemoVocabulary::clusters();
    const auto &moods = DemoVocabulary::moods();
    DemoUser user;
    user.id = "CRSWUSER" + demotext::zeroPadded(index + 1, 5);

    // Home and two secondary clusters, drawn by the clusters' user shares:
    // these are much flatter than the item shares, so niche tastes are common.
    std::vector<double> shares;
    for (const auto &c : clusters)
        shares.push_back(c.userShare);
    for (std::size_t c : m_random.weightedDistinct(shares, 3))
        user.clusters.push_back(int(c));
    const DemoCluster &home = clusters[std::size_t(user.clusters.front())];

    // Liked moods: one typical of the home cluster, one from it or anywhere.
    std::vector<double> moodWeights(moods.size(), 0.0);
    for (std::size_t k = 0; k < home.moods.size(); ++k)
        moodWeights[std::size_t(home.moods[k])] = double(home.moods.size() - k);
    const int first = int(m_random.weighted(moodWeights));
    user.likedMoods.push_back(first);
    int second = first;
    while (second == first)
        second = m_random.chance(0.5) ? home.moods[m_random.below(home.moods.size())] : int(m_random.below(moods.size()));
    user.likedMoods.push_back(second);
    // A disliked mood, rarely one the home cluster is known for.
    std::vector<double> dislike(moods.size(), 1.0);
    for (int m : home.moods)
        dislike[std::size_t(m)] = 0.15;
    for (int m : user.likedMoods)
        dislike[std::size_t(m)] = 0.0;
    user.dislikedMood = int(m_random.weighted(dislike));

    user.decade = m_random.chance(0.7) ? m_random.pick(home.decades) : 1950 + 10 * m_random.between(0, 7);

    // Favourite people: one or two of the home cluster's prolific names,
    // sometimes one from the second favourite cluster.
    const int wanted = m_random.chance(0.5) ? 2 : 1;
    for (int k = 0; k < wanted; ++k) {
        const int cluster = (k == 1 && m_random.chance(0.3)) ? user.clusters[1] : user.clusters[0];
        const auto &pool = m_world.clusterPeople[std::size_t(cluster)];
        std::vector<double> weights;
        for (std::size_t j = 0; j < pool.size(); ++j)
            weights.push_back(1.0 / double(j + 1));
        const int person = pool[m_random.weighted(weights)];
        if (!contains(user.people, person))
            user.people.push_back(person);
    }

    user.leniencyTenths = m_random.between(-6, 6);
    // Heavy-tailed activity (1 to about 33): most users write a review or
    // two, a few write dozens, as on real review sites.
    user.activity = 1.0 / (0.03 + m_random.uniform());
    return user;
}

double DemoUserBuilder::affinity(const DemoUser &user, const DemoItem &item, const DemoWorld &world)
{
    double a = kOtherWeight;
    bool favourite = false;
    for (std::size_t k = 0; k < user.clusters.size() && k < std::size(kClusterWeight); ++k)
        if (user.clusters[k] == item.cluster) {
            a = kClusterWeight[k];
            favourite = true;
            break;
        }
    if (!favourite)
        for (int c : user.clusters)
            if (world.clusterGenre[std::size_t(c)] == world.clusterGenre[std::size_t(item.cluster)])
                a = kSameGenreWeight;
    for (int m : item.moods) {
        if (contains(user.likedMoods, m))
            a += kLikedMood;
        if (m == user.dislikedMood)
            a -= kDislikedMood;
    }
    if (item.decade() == user.decade)
        a += kFavouriteDecade;
    if (contains(user.people, item.director))
        a += kFavouritePerson;
    for (int p : item.cast)
        if (contains(user.people, p))
            a += kFavouritePerson;
    return std::max(kMinAffinity, a);
}

} // namespace crsw
