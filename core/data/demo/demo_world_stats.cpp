#include "data/demo/demo_world_stats.h"

#include "data/demo/demo_text.h"
#include "data/demo/demo_vocabulary.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace crsw {

namespace {

const char *tierName(DemoTier tier)
{
    switch (tier) {
    case DemoTier::Popular: return "popular";
    case DemoTier::Middle: return "middle";
    default: return "niche";
    }
}

double share(double part, double whole)
{
    return whole > 0 ? part / whole : 0.0;
}

// The redundancy sample: at most this many reviews per side.
constexpr std::size_t kRedundancySample = 1000;

} // namespace

double DemoWorldStats::distinctTrigramRatio(const std::vector<std::string> &texts)
{
    std::set<std::string> distinct;
    std::size_t total = 0;
    for (const std::string &text : texts) {
        std::vector<std::string> words;
        std::string word;
        for (char c : text + " ") {
            if (demotext::isAlnum(c) || c == '\'') {
                word += demotext::lower(c);
            } else if (!word.empty()) {
                words.push_back(word);
                word.clear();
            }
        }
        for (std::size_t k = 0; k + 2 < words.size(); ++k) {
            distinct.insert(words[k] + ' ' + words[k + 1] + ' ' + words[k + 2]);
            ++total;
        }
    }
    return share(double(distinct.size()), double(total));
}

DemoWorldSummary DemoWorldStats::summarize(const DemoWorld &world)
{
    const auto &clusters = DemoVocabulary::clusters();
    DemoWorldSummary s;
    s.seed = world.seed;
    s.items = int(world.items.size());
    s.users = int(world.users.size());
    s.reviews = int(world.reviews.size());
    s.testTurns = int(world.turns.size());
    s.entities = int(world.entities.size());
    s.people = int(world.people.size());
    s.genreEntities = int(world.genres.size() + clusters.size());
    std::set<std::string> dialogs;
    for (const auto &turn : world.turns) {
        dialogs.insert(turn.dialogId);
        s.groundTruthPairs += int(turn.rec.size());
    }
    s.testDialogs = int(dialogs.size());

    for (const auto &c : clusters) {
        DemoClusterFigures f;
        f.genre = c.genre;
        f.subgenre = c.subgenre;
        f.tier = tierName(c.tier);
        s.clusters.push_back(f);
    }
    for (const auto &item : world.items)
        ++s.clusters[std::size_t(item.cluster)].items;
    for (const auto &user : world.users)
        ++s.clusters[std::size_t(user.clusters.front())].homeUsers;

    // Popularity tail.
    std::vector<int> counts;
    for (const auto &item : world.items)
        counts.push_back(item.ratingCount);
    std::sort(counts.begin(), counts.end(), std::greater<int>());
    const std::size_t decile = std::max<std::size_t>(1, counts.size() / 10);
    int top = 0;
    for (std::size_t k = 0; k < counts.size(); ++k) {
        if (k < decile)
            top += counts[k];
        if (counts[k] <= 5)
            ++s.itemsWithAtMost5Reviews;
    }
    s.maxItemReviews = counts.front();
    s.medianItemReviews = counts[counts.size() / 2];
    s.topDecileReviewShare = share(top, s.reviews);

    // Ratings, stock shares and the redundancy samples.
    std::vector<int> stock(clusters.size(), 0);
    std::vector<std::string> popularTexts;
    std::vector<std::string> nicheTexts;
    double sum = 0, favSum = 0, otherSum = 0;
    int favCount = 0, nicheReviews = 0;
    for (const auto &review : world.reviews) {
        const int cluster = world.items[std::size_t(review.item)].cluster;
        ++s.clusters[std::size_t(cluster)].reviews;
        stock[std::size_t(cluster)] += review.stock ? 1 : 0;
        sum += review.rating;
        if (world.isFavourite(review.user, review.item)) {
            favSum += review.rating;
            ++favCount;
        } else {
            otherSum += review.rating;
        }
        const DemoTier tier = clusters[std::size_t(cluster)].tier;
        if (tier == DemoTier::Niche)
            ++nicheReviews;
        if (tier == DemoTier::Popular && popularTexts.size() < kRedundancySample)
            popularTexts.push_back(review.text);
        if (tier == DemoTier::Niche && nicheTexts.size() < kRedundancySample)
            nicheTexts.push_back(review.text);
    }
    const std::size_t sample = std::min(popularTexts.size(), nicheTexts.size());
    popularTexts.resize(sample);
    nicheTexts.resize(sample);
    s.redundancySample = int(sample);
    s.popularTrigramRatio = distinctTrigramRatio(popularTexts);
    s.nicheTrigramRatio = distinctTrigramRatio(nicheTexts);
    s.meanRating = share(sum, s.reviews);
    s.meanRatingFavourite = share(favSum, favCount);
    s.meanRatingOther = share(otherSum, s.reviews - favCount);
    s.nicheReviewShare = share(nicheReviews, s.reviews);
    for (std::size_t c = 0; c < clusters.size(); ++c)
        s.clusters[c].stockShare = share(stock[c], s.clusters[c].reviews);

    // Test set.
    int favourite = 0, nicheTruth = 0, nicheUsers = 0;
    for (const auto &turn : world.turns)
        for (int item : turn.recItems) {
            const int cluster = world.items[std::size_t(item)].cluster;
            ++s.clusters[std::size_t(cluster)].testGroundTruth;
            favourite += world.isFavourite(turn.user, item) ? 1 : 0;
            nicheTruth += clusters[std::size_t(cluster)].tier == DemoTier::Niche ? 1 : 0;
        }
    for (const auto &user : world.users)
        nicheUsers += clusters[std::size_t(user.clusters.front())].tier == DemoTier::Niche ? 1 : 0;
    s.groundTruthFavouriteShare = share(favourite, s.groundTruthPairs);
    s.nicheGroundTruthShare = share(nicheTruth, s.groundTruthPairs);
    s.nicheHomeUserShare = share(nicheUsers, s.users);
    return s;
}

std::string DemoWorldStats::fixed(double value, int decimals)
{
    double scale = 1;
    for (int k = 0; k < decimals; ++k)
        scale *= 10;
    const long long scaled = std::llround(value * scale);
    const long long whole = std::llabs(scaled) / static_cast<long long>(scale);
    std::string fraction = std::to_string(std::llabs(scaled) % static_cast<long long>(scale));
    fraction.insert(0, std::size_t(decimals) - std::min(fraction.size(), std::size_t(decimals)), '0');
    return (scaled < 0 ? "-" : "") + std::to_string(whole) + (decimals > 0 ? "." + fraction : "");
}

std::string DemoWorldStats::percent(double value)
{
    return fixed(value * 100, 1) + "%";
}

std::string DemoWorldStats::format(const DemoWorldSummary &s)
{
    std::string out;
    out += "- Counts: " + std::to_string(s.items) + " films, " + std::to_string(s.users) + " users, " +
           std::to_string(s.reviews) + " reviews; test set " + std::to_string(s.testTurns) + " turns in " +
           std::to_string(s.testDialogs) + " conversations (" + std::to_string(s.groundTruthPairs) +
           " turn-item pairs); " + std::to_string(s.entities) + " entities (" + std::to_string(s.people) +
           " people, " + std::to_string(s.genreEntities) + " genres and sub-genres).\n";
    out += "- Popularity is heavy-tailed: the 10% most reviewed films carry " + percent(s.topDecileReviewShare) +
           " of the reviews; the top film has " + std::to_string(s.maxItemReviews) + ", the median film " +
           std::to_string(s.medianItemReviews) + ", and " + std::to_string(s.itemsWithAtMost5Reviews) +
           " films have 5 or fewer.\n";
    out += "- Redundancy (distinct word trigrams / all word trigrams, " + std::to_string(s.redundancySample) +
           " reviews each): popular clusters " + fixed(s.popularTrigramRatio, 3) + ", niche clusters " +
           fixed(s.nicheTrigramRatio, 3) + ".\n";
    out += "- Taste drives ratings: mean rating " + fixed(s.meanRating, 2) + " overall, " +
           fixed(s.meanRatingFavourite, 2) + " for films in the reviewer's favourite clusters, " +
           fixed(s.meanRatingOther, 2) + " otherwise.\n";
    out += "- Niches: " + percent(s.nicheReviewShare) + " of the reviews are of niche films, but " +
           percent(s.nicheHomeUserShare) + " of users have a niche home taste and " +
           percent(s.nicheGroundTruthShare) + " of the test ground truth is niche; " +
           percent(s.groundTruthFavouriteShare) + " of the ground truth lies in the user's favourite clusters.\n\n";
    out += "| Cluster | Genre | Tier | Films | Reviews | Stock reviews | Home users | Test ground truth |\n";
    out += "|---|---|---|---:|---:|---:|---:|---:|\n";
    for (const auto &c : s.clusters)
        out += "| " + c.subgenre + " | " + c.genre + " | " + c.tier + " | " + std::to_string(c.items) + " | " +
               std::to_string(c.reviews) + " | " + percent(c.stockShare) + " | " + std::to_string(c.homeUsers) +
               " | " + std::to_string(c.testGroundTruth) + " |\n";
    return out;
}

} // namespace crsw
