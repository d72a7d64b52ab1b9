#include "data/demo/demo_catalog_builder.h"

#include "common/error.h"
#include "data/demo/demo_text.h"
#include "data/demo/demo_vocabulary.h"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace crsw {

namespace {

// Popularity is Zipf-Mandelbrot over the popularity rank r (1-based):
// w = (r + q)^-2, written as 1 / (x * x) so it stays an exactly rounded
// computation (no pow). With taste spreading the choices, exponent 2 and
// offset q = 4 give the top film about 5% of the reviews, the top 10% about
// two thirds, and a fifth of the films a handful.
constexpr double kZipfOffset = 4.0;
// Chance that a film casts one actor from another cluster's pool, so credits
// tie clusters together a little (as real careers do).
constexpr double kCrossCastChance = 0.15;
constexpr double kNoPriceChance = 0.1;
constexpr int kLatestYear = 2023;

std::string underscored(std::string text)
{
    std::replace(text.begin(), text.end(), ' ', '_');
    return text;
}

} // namespace

DemoCatalogBuilder::DemoCatalogBuilder(DemoWorld &world, DemoRandom &random)
    : m_world(world), m_random(random), m_names(random)
{
}

std::string DemoCatalogBuilder::filmUri(const std::string &title)
{
    return "<http://crsw.demo/resource/" + underscored(title) + "_(film)>";
}

std::string DemoCatalogBuilder::plainUri(const std::string &name)
{
    return "<http://crsw.demo/resource/" + underscored(name) + ">";
}

void DemoCatalogBuilder::build(int itemCount)
{
    const std::vector<int> sizes = clusterSizes(itemCount);
    buildGenres();
    buildPeople(sizes);
    buildItems(sizes);
    rankPopularity();
    numberEntities();
}

std::vector<int> DemoCatalogBuilder::clusterSizes(int itemCount) const
{
    // Largest remainder apportionment of the item shares, with at least one
    // item per cluster: exact integers, no rounding that could differ by platform.
    const auto &clusters = DemoVocabulary::clusters();
    const int n = int(clusters.size());
    if (itemCount < n)
        throw Error("demo world: at least " + std::to_string(n) + " items are needed");
    double total = 0;
    for (const auto &c : clusters)
        total += c.itemShare;
    const int spare = itemCount - n;
    std::vector<int> sizes(std::size_t(n), 1);
    std::vector<std::pair<double, int>> remainders;
    int given = 0;
    for (int c = 0; c < n; ++c) {
        const double exact = spare * clusters[std::size_t(c)].itemShare / total;
        const int whole = int(std::floor(exact));
        sizes[std::size_t(c)] += whole;
        given += whole;
        remainders.push_back({exact - whole, c});
    }
    std::sort(remainders.begin(), remainders.end(), [](const auto &a, const auto &b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    for (int k = 0; given < spare; ++k, ++given)
        ++sizes[std::size_t(remainders[std::size_t(k)].second)];
    return sizes;
}

void DemoCatalogBuilder::buildGenres()
{
    const auto &clusters = DemoVocabulary::clusters();
    for (const auto &cluster : clusters) {
        auto it = std::find(m_world.genres.begin(), m_world.genres.end(), cluster.genre);
        if (it == m_world.genres.end()) {
            m_world.genres.push_back(cluster.genre);
            it = m_world.genres.end() - 1;
        }
        m_world.clusterGenre.push_back(int(it - m_world.genres.begin()));
        m_names.reserve(cluster.subgenre);
    }
    for (const auto &genre : m_world.genres)
        m_names.reserve(genre);
}

void DemoCatalogBuilder::buildPeople(const std::vector<int> &sizes)
{
    // Each cluster has its own small pool of directors and actors, larger for
    // larger clusters; a niche's few auteurs then recur across its films,
    // which gives "credits" a taste signal.
    m_world.clusterPeople.assign(sizes.size(), {});
    for (std::size_t c = 0; c < sizes.size(); ++c) {
        const int directors = std::max(2, (sizes[c] + 5) / 6);
        const int actors = std::max(4, (sizes[c] + 2) / 3);
        for (int k = 0; k < directors + actors; ++k) {
            DemoPerson person;
            person.name = m_names.personName();
            person.director = k < directors;
            person.cluster = int(c);
            m_world.clusterPeople[c].push_back(int(m_world.people.size()));
            m_world.people.push_back(person);
        }
    }
}

int DemoCatalogBuilder::pickPerson(const std::vector<int> &pool)
{
    // Earlier people in a pool are more prolific: weight 1/(k+1).
    std::vector<double> weights;
    for (std::size_t k = 0; k < pool.size(); ++k)
        weights.push_back(1.0 / double(k + 1));
    return pool[m_random.weighted(weights)];
}

void DemoCatalogBuilder::buildItems(const std::vector<int> &sizes)
{
    const auto &clusters = DemoVocabulary::clusters();
    const auto &moods = DemoVocabulary::moods();
    std::vector<int> labels;
    for (std::size_t c = 0; c < sizes.size(); ++c)
        labels.insert(labels.end(), std::size_t(sizes[c]), int(c));
    m_random.shuffle(labels);

    static const int prices[] = {499, 799, 999, 1299, 1499, 1999, 2499};
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const DemoCluster &cluster = clusters[std::size_t(labels[i])];
        const auto &pool = m_world.clusterPeople[std::size_t(labels[i])];
        DemoItem item;
        item.asin = "CRSW" + demotext::zeroPadded(int(i) + 1, 6);
        item.cluster = labels[i];
        const int decade = m_random.pick(cluster.decades);
        item.year = std::min(kLatestYear, decade + m_random.between(0, 9));

        // Two moods typical of the cluster (the first listed most often), and
        // sometimes a third from anywhere, so moods cut across clusters.
        std::vector<double> moodWeights(cluster.moods.size());
        for (std::size_t k = 0; k < moodWeights.size(); ++k)
            moodWeights[k] = double(moodWeights.size() - k);
        for (std::size_t k : m_random.weightedDistinct(moodWeights, 2))
            item.moods.push_back(cluster.moods[k]);
        if (m_random.chance(0.4)) {
            const int extra = int(m_random.below(moods.size()));
            if (std::find(item.moods.begin(), item.moods.end(), extra) == item.moods.end())
                item.moods.push_back(extra);
        }

        for (std::size_t k : m_random.weightedDistinct(std::vector<double>(cluster.plots.size(), 1.0), 3))
            item.plots.push_back(int(k));
        item.protagonist = m_random.pick(DemoVocabulary::givenNames());
        item.place = m_names.inventedWord(2, 3);
        while (item.details.size() < 3) {
            std::string detail = "the " + m_random.pick(DemoVocabulary::detailAdjectives()) + " ";
            detail += m_random.pick(DemoVocabulary::detailNouns());
            if (std::find(item.details.begin(), item.details.end(), detail) == item.details.end())
                item.details.push_back(detail);
        }

        std::vector<int> directors;
        std::vector<int> actors;
        for (int p : pool)
            (m_world.people[std::size_t(p)].director ? directors : actors).push_back(p);
        item.director = pickPerson(directors);
        while (item.cast.size() < 3) {
            const int actor = pickPerson(actors);
            if (std::find(item.cast.begin(), item.cast.end(), actor) == item.cast.end())
                item.cast.push_back(actor);
        }
        if (m_random.chance(kCrossCastChance)) {
            const int other = int(m_random.below(clusters.size()));
            if (other != item.cluster) {
                const auto &otherPool = m_world.clusterPeople[std::size_t(other)];
                for (int p : otherPool)
                    if (!m_world.people[std::size_t(p)].director) {
                        item.cast.back() = p; // that pool's most prolific actor
                        break;
                    }
            }
        }

        item.quality = m_random.between(-10, 10) / 20.0;
        item.priceCents = m_random.chance(kNoPriceChance) ? -1 : prices[m_random.below(std::size(prices))];
        item.runtimeMinutes = m_random.between(78, 152);
        item.title = m_names.filmTitle(cluster.titleNouns);
        m_world.items.push_back(std::move(item));
    }
}

void DemoCatalogBuilder::rankPopularity()
{
    // Mainstream clusters get a large boost, so blockbusters are mostly theirs;
    // the uniform factor lets a few niche films rank in the middle.
    const auto &clusters = DemoVocabulary::clusters();
    std::vector<std::pair<double, int>> keys;
    for (std::size_t i = 0; i < m_world.items.size(); ++i) {
        const double boost = clusters[std::size_t(m_world.items[i].cluster)].popularityBoost;
        keys.push_back({boost * (0.05 + m_random.uniform()), int(i)});
    }
    std::sort(keys.begin(), keys.end(), [](const auto &a, const auto &b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    for (std::size_t r = 0; r < keys.size(); ++r) {
        DemoItem &item = m_world.items[std::size_t(keys[r].second)];
        const double x = double(r + 1) + kZipfOffset;
        item.popularityRank = int(r);
        item.popularity = 1.0 / (x * x);
    }
}

void DemoCatalogBuilder::numberEntities()
{
    // Ids are a random permutation over all entities, as in the real files,
    // where film ids are scattered among people and genres.
    struct Ref {
        std::string uri;
        int kind; // 0 film, 1 genre, 2 sub-genre, 3 person
        int index;
    };
    std::vector<Ref> refs;
    for (std::size_t i = 0; i < m_world.items.size(); ++i)
        refs.push_back({filmUri(m_world.items[i].title), 0, int(i)});
    for (std::size_t g = 0; g < m_world.genres.size(); ++g)
        refs.push_back({plainUri(m_world.genres[g]), 1, int(g)});
    const auto &clusters = DemoVocabulary::clusters();
    for (std::size_t c = 0; c < clusters.size(); ++c)
        refs.push_back({plainUri(clusters[c].subgenre), 2, int(c)});
    for (std::size_t p = 0; p < m_world.people.size(); ++p)
        refs.push_back({plainUri(m_world.people[p].name), 3, int(p)});
    m_random.shuffle(refs);

    m_world.genreEntityIds.assign(m_world.genres.size(), -1);
    m_world.subgenreEntityIds.assign(clusters.size(), -1);
    m_world.entities.clear();
    for (std::size_t id = 0; id < refs.size(); ++id) {
        const Ref &ref = refs[id];
        const auto entityId = std::int64_t(id);
        switch (ref.kind) {
        case 0: m_world.items[std::size_t(ref.index)].entityId = entityId; break;
        case 1: m_world.genreEntityIds[std::size_t(ref.index)] = entityId; break;
        case 2: m_world.subgenreEntityIds[std::size_t(ref.index)] = entityId; break;
        default: m_world.people[std::size_t(ref.index)].entityId = entityId; break;
        }
        m_world.entities.push_back({ref.uri, entityId});
    }
}

} // namespace crsw
