#include "data/demo/demo_review_builder.h"

#include "common/error.h"
#include "data/demo/demo_review_text.h"
#include "data/demo/demo_vocabulary.h"

#include <algorithm>
#include <cmath>

namespace crsw {

namespace {

// Rating model: stars = base + slope * min(affinity, cap) + quality + leniency
// + noise, rounded. A film from a favourite cluster with a liked mood lands on
// 5 stars, an unrelated blockbuster around 3.
constexpr double kRatingBase = 2.7;
constexpr double kRatingSlope = 1.5;
constexpr double kAffinityCap = 1.6;
constexpr double kRatingNoise = 0.45;

// Reviews are dated from the film's release (but not before the store's
// first reviews) to the end of the Amazon Reviews'23 crawl.
constexpr int kFirstReviewYear = 2003;
constexpr std::int64_t kLastReviewMs = 1693526400000; // 2023-09-01T00:00:00Z

// Days from 1970-01-01 to a date of the proleptic Gregorian calendar
// (Howard Hinnant's days_from_civil): integer-only, the same everywhere.
std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

} // namespace

DemoReviewBuilder::DemoReviewBuilder(DemoWorld &world, DemoRandom &random) : m_world(world), m_random(random) {}

void DemoReviewBuilder::build(int reviewCount, Progress &progress)
{
    const int items = int(m_world.items.size());
    const int users = int(m_world.users.size());
    if (reviewCount < items + users)
        throw Error("demo world: at least items + users reviews are needed (" + std::to_string(items + users) + ")");
    if (std::int64_t(reviewCount) > std::int64_t(items) * users / 2)
        throw Error("demo world: too many reviews for the users and items");
    m_reviewed.assign(std::size_t(items) * std::size_t(users), 0);
    m_world.reviews.reserve(std::size_t(reviewCount));

    // 1. Every film has a reviewer: someone who likes it, active users first.
    for (int i = 0; i < items; ++i) {
        std::vector<double> weights(static_cast<std::size_t>(users));
        for (int u = 0; u < users; ++u) {
            const double a = m_world.affinityOf(u, i);
            weights[std::size_t(u)] = m_world.users[std::size_t(u)].activity * a * a;
        }
        addReview(int(m_random.weighted(weights)), i);
    }
    // 2. Every user has written something.
    for (int u = 0; u < users; ++u)
        if (m_world.users[std::size_t(u)].reviewCount == 0)
            addReview(u, chooseItem(u));
    // 3. The rest by activity. A user never reviews more than half the catalogue.
    std::vector<double> cumulative(static_cast<std::size_t>(users));
    double total = 0;
    for (int u = 0; u < users; ++u)
        cumulative[std::size_t(u)] = (total += m_world.users[std::size_t(u)].activity);
    while (int(m_world.reviews.size()) < reviewCount) {
        const double target = m_random.uniform() * total;
        const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), target);
        const int u = int(std::min<std::ptrdiff_t>(it - cumulative.begin(), users - 1));
        if (m_world.users[std::size_t(u)].reviewCount * 2 >= items)
            continue;
        addReview(u, chooseItem(u));
        if (m_world.reviews.size() % 512 == 0) {
            progress.throwIfCancelled();
            progress.report(double(m_world.reviews.size()) / reviewCount, "Writing reviews");
        }
    }

    // Words last, in a stream of their own, so wording changes leave the
    // review graph alone.
    DemoRandom wordsRandom = DemoRandom::stream(m_world.seed, 100);
    DemoReviewText text(m_world, wordsRandom);
    for (std::size_t r = 0; r < m_world.reviews.size(); ++r) {
        text.write(m_world.reviews[r]);
        if (r % 1024 == 0)
            progress.throwIfCancelled();
    }
    // Files list reviews in no particular order (the real ones are not sorted
    // by user or item either).
    m_random.shuffle(m_world.reviews);
}

int DemoReviewBuilder::chooseItem(int user)
{
    const std::size_t items = m_world.items.size();
    std::vector<double> weights(items);
    for (std::size_t i = 0; i < items; ++i) {
        if (m_reviewed[std::size_t(user) * items + i])
            continue;
        const double a = m_world.affinityOf(user, int(i));
        weights[i] = m_world.items[i].popularity * a * a;
    }
    return int(m_random.weighted(weights));
}

int DemoReviewBuilder::rating(int user, int item)
{
    const DemoItem &it = m_world.items[std::size_t(item)];
    const DemoUser &u = m_world.users[std::size_t(user)];
    const double stars = kRatingBase + kRatingSlope * std::min(m_world.affinityOf(user, item), kAffinityCap) +
                         it.quality + u.leniencyTenths / 10.0 + kRatingNoise * m_random.bellNoise();
    return std::clamp(int(std::floor(stars + 0.5)), 1, 5);
}

void DemoReviewBuilder::addReview(int user, int item)
{
    DemoItem &it = m_world.items[std::size_t(item)];
    const DemoCluster &cluster = DemoVocabulary::clusters()[std::size_t(it.cluster)];
    DemoReview review;
    review.user = user;
    review.item = item;
    review.rating = rating(user, item);
    review.stock = m_random.chance(cluster.stockProbability);
    review.timestamp = timestampFor(it);
    // Specific reviews are longer and get more helpful votes.
    const double helpful = review.stock ? 0.25 : 0.45;
    while (review.helpfulVotes < 40 && m_random.chance(helpful))
        ++review.helpfulVotes;
    review.verified = m_random.chance(0.85);
    m_world.reviews.push_back(review);

    m_reviewed[std::size_t(user) * m_world.items.size() + std::size_t(item)] = 1;
    ++m_world.users[std::size_t(user)].reviewCount;
    ++it.ratingCount;
    it.ratingSum += review.rating;
}

std::int64_t DemoReviewBuilder::timestampFor(const DemoItem &item)
{
    const int year = std::max(item.year, kFirstReviewYear);
    const std::int64_t start = daysFromCivil(year, 1, 1) * 86400000;
    return start + std::int64_t(m_random.below(std::uint64_t(kLastReviewMs - start)));
}

} // namespace crsw
