// NBCRS (METHOD.md §7): a hand-made case whose neighbours, similarity-weighted
// counts and ties are worked out below; a brute-force implementation on random
// data (identical rankings, scores and counts, across block bounds and thread
// counts); the tuning of N recomputed independently; the built-in TF-IDF/SVD
// embedder end to end; and the errors on bad input.
#include "common/error.h"
#include "embed/tfidf_svd_embedder.h"
#include "eval/nbcrs.h"
#include "eval/nbcrs_tuning.h"

#include "error_text.h"

#include <QtTest>

#include <algorithm>
#include <map>
#include <random>
#include <tuple>

using namespace crsw;

namespace {

EmbeddingMatrix matrix(const std::vector<std::vector<float>> &rows)
{
    EmbeddingMatrix m(rows.size(), rows.empty() ? 0 : rows.front().size());
    for (std::size_t i = 0; i < rows.size(); ++i)
        std::copy(rows[i].begin(), rows[i].end(), m.mutableRow(i));
    return m;
}

// A training set whose items are named by letters: items("AB") -> {A, B}.
struct Letters {
    NbcrsTrainingSet set{"train.jsonl"};
    void add(const std::string &letters, std::int64_t line = 0)
    {
        std::vector<std::uint32_t> ids;
        for (char c : letters)
            ids.push_back(set.item(std::string(1, c), std::string(1, c)));
        set.add("context " + std::to_string(set.size()), ids, SourceLocation{"train.jsonl", line, {}});
    }
};

std::string names(const Nbcrs &model, const std::vector<RankedItem> &ranking)
{
    std::string text;
    for (const RankedItem &item : ranking)
        text += model.itemNames()[item.item];
    return text;
}

// The brute-force reference: every similarity in double (exact here: the
// random vectors hold multiples of 1/4), a full sort, then the ranking rule
// written out as a sort key.
std::vector<RankedItem> bruteForce(const std::vector<std::vector<float>> &train,
                                   const std::vector<std::vector<std::uint32_t>> &items, const std::vector<float> &query,
                                   std::size_t n, std::size_t top)
{
    std::vector<std::pair<double, std::uint32_t>> sims;
    for (std::size_t r = 0; r < train.size(); ++r) {
        double dot = 0;
        for (std::size_t j = 0; j < query.size(); ++j)
            dot += double(train[r][j]) * double(query[j]);
        sims.emplace_back(dot, std::uint32_t(r));
    }
    std::sort(sims.begin(), sims.end(), [](const auto &a, const auto &b) {
        return a.first > b.first || (a.first == b.first && a.second < b.second);
    });
    sims.resize(std::min(n, sims.size()));
    std::map<std::uint32_t, RankedItem> byItem;
    std::uint32_t walk = 0;
    for (const auto &[sim, row] : sims)
        for (std::uint32_t item : items[row]) {
            auto it = byItem.find(item);
            if (it == byItem.end())
                it = byItem.emplace(item, RankedItem{item, 0.0, 0, walk}).first;
            it->second.score += std::max(0.0, sim);
            ++it->second.neighbours;
            ++walk;
        }
    std::vector<RankedItem> ranked;
    for (const auto &entry : byItem)
        ranked.push_back(entry.second);
    std::sort(ranked.begin(), ranked.end(), [](const RankedItem &a, const RankedItem &b) {
        return std::make_tuple(-a.score, -double(a.neighbours), a.firstSeen)
               < std::make_tuple(-b.score, -double(b.neighbours), b.firstSeen);
    });
    ranked.resize(std::min(top, ranked.size()));
    return ranked;
}

using crsw::test::errorOf;

} // namespace

class TestNbcrs : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // Query (1, 0) against five contexts: similarities 1, 0, 0.5, 0.75, -1.
    // N = 3 takes rows 0 (1), 3 (0.75), 2 (0.5). Items: row 0 AB, row 3 BC,
    // row 2 CD: B = 1.75, C = 1.25, A = 1, D = 0.5.
    void handMadeRanking()
    {
        Letters t;
        t.add("AB");
        t.add("E");
        t.add("CD");
        t.add("BC");
        t.add("A");
        const Nbcrs model(t.set, matrix({{1, 0}, {0, 1}, {0.5f, 0.5f}, {0.75f, 0.25f}, {-1, 0}}));
        Progress progress;
        const EmbeddingMatrix query = matrix({{1, 0}});
        const NeighbourLists lists = model.neighbours(query, 3, 1, progress);
        QCOMPARE(lists.k, std::size_t(3));
        QCOMPARE(lists.of(0)[0].row, 0u);
        QCOMPARE(lists.of(0)[1].row, 3u);
        QCOMPARE(lists.of(0)[2].row, 2u);
        QCOMPARE(lists.of(0)[1].similarity, 0.75f);

        const auto ranking = model.recommend(query, Nbcrs::Options{3, 20, 1}, progress).at(0);
        QCOMPARE(names(model, ranking), std::string("BCAD"));
        QCOMPARE(ranking[0].score, 1.75);
        QCOMPARE(ranking[0].neighbours, 2u);
        QCOMPARE(ranking[1].score, 1.25);
        QCOMPARE(ranking[2].score, 1.0);
        QCOMPARE(ranking[3].score, 0.5);
        QCOMPARE(model.answerText(ranking), std::string("1. B\n2. C\n3. A\n4. D"));
        // top cuts the list; N larger than the training set takes all of it:
        // E (similarity 0) and the second A (similarity -1) add nothing to
        // the scores but E is listed (count 1) and A's count grows to 2.
        QCOMPARE(names(model, model.recommend(query, Nbcrs::Options{3, 2, 1}, progress).at(0)), std::string("BC"));
        const auto all = model.recommend(query, Nbcrs::Options{50, 20, 1}, progress).at(0);
        QCOMPARE(names(model, all), std::string("BCADE"));
        QCOMPARE(all[2].neighbours, 2u);
        QCOMPARE(all[2].score, 1.0);
        QCOMPARE(all[4].score, 0.0);
    }

    // Ties: equal similarities go to the lower row; equal scores to the higher
    // count; equal scores and counts to the item met first in the walk.
    void ties()
    {
        Letters t;
        t.add("XY"); // row 0: similarity 0.5
        t.add("YX"); // row 1: similarity 0.5 (tie with row 0: row 0 first)
        t.add("P");  // row 2: similarity 1 -> P = 1 from one neighbour
        t.add("Q");  // row 3: 0.5
        t.add("Q");  // row 4: 0.5 -> Q = 1 from two neighbours
        const Nbcrs model(t.set, matrix({{0.5f, 0.5f}, {0.5f, -0.5f}, {1, 0}, {0.5f, 0.25f}, {0.5f, -0.25f}}));
        Progress progress;
        const EmbeddingMatrix query = matrix({{1, 0}});
        const NeighbourLists lists = model.neighbours(query, 5, 2, progress);
        std::vector<std::uint32_t> rows;
        for (std::size_t i = 0; i < lists.k; ++i)
            rows.push_back(lists.of(0)[i].row);
        QCOMPARE(rows, (std::vector<std::uint32_t>{2, 0, 1, 3, 4}));
        const auto ranking = model.recommend(query, Nbcrs::Options{5, 20, 2}, progress).at(0);
        // X, Y and Q all score 1 from two neighbours: X is met first (row 0's
        // first item), then Y, then Q; P scores 1 from one neighbour only.
        QCOMPARE(names(model, ranking), std::string("XYQP"));
        for (const RankedItem &item : ranking)
            QCOMPARE(item.score, 1.0);
    }

    // Random vectors of multiples of 1/4 (exact in float, many tied
    // similarities), sizes crossing the search's block bounds (128 queries,
    // 4,096 rows): identical to the brute force for several N and thread counts.
    void matchesBruteForce_data()
    {
        QTest::addColumn<int>("neighbours");
        QTest::addColumn<int>("threads");
        QTest::newRow("N=1") << 1 << 1;
        QTest::newRow("N=7, 2 threads") << 7 << 2;
        QTest::newRow("N=50") << 50 << 1;
        QTest::newRow("N=200, 2 threads") << 200 << 2;
    }
    void matchesBruteForce()
    {
        QFETCH(int, neighbours);
        QFETCH(int, threads);
        std::mt19937_64 rng(7);
        const std::size_t rows = 9000, queries = 150, dim = 6, itemCount = 400;
        NbcrsTrainingSet set("random");
        for (std::size_t i = 0; i < itemCount; ++i)
            set.item("item" + std::to_string(i), "Item " + std::to_string(i));
        std::vector<std::vector<float>> train(rows, std::vector<float>(dim)), test(queries, std::vector<float>(dim));
        std::vector<std::vector<std::uint32_t>> items(rows);
        const auto value = [&] { return float(int(rng() % 5) - 2) / 4.0f; };
        for (std::size_t r = 0; r < rows; ++r) {
            for (float &x : train[r])
                x = value();
            const std::size_t count = 1 + rng() % 5;
            while (items[r].size() < count) {
                const auto item = std::uint32_t(rng() % itemCount);
                if (std::find(items[r].begin(), items[r].end(), item) == items[r].end())
                    items[r].push_back(item);
            }
            set.add("", items[r], {});
        }
        for (auto &row : test)
            for (float &x : row)
                x = value();
        const Nbcrs model(set, matrix(train));
        Progress progress;
        const auto rankings = model.recommend(matrix(test), Nbcrs::Options{std::size_t(neighbours), 20, threads}, progress);
        QCOMPARE(rankings.size(), queries);
        const NeighbourLists lists = model.neighbours(matrix(test), std::size_t(neighbours), threads, progress);
        for (std::size_t q = 0; q < queries; ++q) {
            const auto expected = bruteForce(train, items, test[q], std::size_t(neighbours), 20);
            // The hash-map path of the ranking (no scratch table) agrees too.
            const auto unscratched = model.rank(lists.of(q), lists.k, 20);
            QCOMPARE(unscratched.size(), expected.size());
            for (std::size_t i = 0; i < expected.size(); ++i)
                QCOMPARE(unscratched[i].item, expected[i].item);
            QCOMPARE(rankings[q].size(), expected.size());
            for (std::size_t i = 0; i < expected.size(); ++i) {
                QCOMPARE(rankings[q][i].item, expected[i].item);
                QCOMPARE(rankings[q][i].score, expected[i].score);
                QCOMPARE(rankings[q][i].neighbours, expected[i].neighbours);
                QCOMPARE(rankings[q][i].firstSeen, expected[i].firstSeen);
            }
        }
    }

    // The split is seeded, disjoint and covers every row.
    void holdoutSplit()
    {
        const auto [searched, held] = nbcrsHoldoutSplit(200, 0.1, 5);
        QCOMPARE(held.size(), std::size_t(20));
        QCOMPARE(searched.size(), std::size_t(180));
        std::vector<std::size_t> all = searched;
        all.insert(all.end(), held.begin(), held.end());
        std::sort(all.begin(), all.end());
        for (std::size_t i = 0; i < all.size(); ++i)
            QCOMPARE(all[i], i);
        QCOMPARE(nbcrsHoldoutSplit(200, 0.1, 5).second, held);
        QVERIFY(nbcrsHoldoutSplit(200, 0.1, 6).second != held);
        QCOMPARE(nbcrsHoldoutSplit(3, 0.01, 1).second.size(), std::size_t(1)); // at least one held out
        QCOMPARE(nbcrsHoldoutSplit(3, 0.99, 1).first.size(), std::size_t(1)); // at least one searched
    }

    // Every held-out conversation has one item drawn from its cluster's 25;
    // more neighbours cover more of them, so recall@20 grows with N. The
    // table must equal Recall@20 recomputed here (the item names are exact
    // catalog names, so a hit is the item in the first 20) and the choice the
    // best row.
    void tuningPicksBestOnHeldOut()
    {
        std::mt19937_64 rng(11);
        const std::size_t clusters = 8, perCluster = 60, itemsPerCluster = 25;
        NbcrsTrainingSet set("clusters");
        std::vector<std::vector<float>> vectors;
        for (std::size_t c = 0; c < clusters; ++c)
            for (std::size_t i = 0; i < perCluster; ++i) {
                std::vector<float> v(clusters, 0.0f);
                v[c] = 1.0f;
                v[(c + 1 + rng() % (clusters - 1)) % clusters] = 0.25f * float(rng() % 3); // off-cluster noise
                vectors.push_back(v);
                const std::size_t item = c * itemsPerCluster + rng() % itemsPerCluster;
                set.add("c" + std::to_string(c), {set.item(std::to_string(item), "Movie " + std::to_string(item))}, {});
            }
        NbcrsTuningOptions options;
        options.candidates = {1, 5, 20, 60, 200};
        options.holdout = 0.2;
        options.seed = 3;
        options.threads = 2;
        Progress progress;
        const NbcrsTuning tuning = tuneNbcrsNeighbours(set, matrix(vectors), options, progress);
        QCOMPARE(tuning.rows.size(), std::size_t(5));
        QCOMPARE(tuning.heldOutRows, std::size_t(96));
        QCOMPARE(tuning.trainRows, std::size_t(384));
        QCOMPARE(tuning.heldOutSamples, std::size_t(96));

        const auto [searched, held] = nbcrsHoldoutSplit(set.size(), 0.2, 3);
        std::vector<std::vector<float>> train;
        std::vector<std::vector<std::uint32_t>> items;
        for (std::size_t r : searched) {
            train.push_back(vectors[r]);
            items.push_back(set.examples()[r].items);
        }
        const NbcrsTuningRow *best = nullptr;
        for (const NbcrsTuningRow &row : tuning.rows) {
            double hits = 0;
            for (std::size_t h : held) {
                const auto ranked = bruteForce(train, items, vectors[h], row.neighbours, 20);
                const std::uint32_t truth = set.examples()[h].items.front();
                hits += std::any_of(ranked.begin(), ranked.end(), [&](const RankedItem &r) { return r.item == truth; });
            }
            QCOMPARE(row.recall20, hits / double(held.size()));
            if (!best || row.recall20 > best->recall20 || (row.recall20 == best->recall20 && row.ndcg10 > best->ndcg10))
                best = &row;
        }
        QCOMPARE(tuning.best, best->neighbours);
        QVERIFY2(tuning.best >= 20, qPrintable(QString::fromStdString(nbcrsTuningTable(tuning))));
        QVERIFY(tuning.rows.front().recall20 < tuning.rows[2].recall20);
        const std::string table = nbcrsTuningTable(tuning);
        QVERIFY(table.find("* chosen: N = " + std::to_string(tuning.best)) != std::string::npos);
    }

    // Twins: every conversation has a twin with the same context and the
    // same 20 items: 10 of its own and 10 of 12 popular ones (which 10
    // depends on the pair). The twin alone answers a held-out conversation
    // perfectly; more neighbours lift the 2 popular items the twin lacks
    // above 2 of its own, so N = 1 beats N = 5 and N = 10 (unless the twin
    // is held out too).
    void tuningPicksSmallN()
    {
        NbcrsTrainingSet set("twins");
        std::vector<std::vector<float>> vectors;
        const std::size_t pairs = 40;
        for (std::size_t p = 0; p < pairs; ++p)
            for (int twin = 0; twin < 2; ++twin) {
                std::vector<float> v(pairs, 0.25f);
                v[p] = 1.0f;
                vectors.push_back(v);
                std::vector<std::uint32_t> items;
                for (int o = 0; o < 10; ++o)
                    items.push_back(set.item("own" + std::to_string(p) + "." + std::to_string(o),
                                             "Own " + std::to_string(p) + " part " + std::to_string(o)));
                for (std::size_t d = 0; d < 12; ++d)
                    if (d != p % 12 && d != (p + 5) % 12)
                        items.push_back(set.item("popular" + std::to_string(d), "Popular " + std::to_string(d)));
                set.add("pair " + std::to_string(p), items, {});
            }
        NbcrsTuningOptions options;
        options.candidates = {10, 1, 5};
        options.holdout = 0.25;
        Progress progress;
        const NbcrsTuning tuning = tuneNbcrsNeighbours(set, matrix(vectors), options, progress);
        const QString table = QString::fromStdString(nbcrsTuningTable(tuning));
        QVERIFY2(tuning.best == 1, qPrintable(table));
        QCOMPARE(tuning.rows.size(), std::size_t(3));
        QCOMPARE(tuning.rows[0].neighbours, std::size_t(10)); // the table keeps the order given
        QVERIFY2(tuning.rows[1].recall20 > tuning.rows[2].recall20, qPrintable(table));
        QVERIFY2(tuning.rows[1].recall20 > tuning.rows[0].recall20, qPrintable(table));
    }

    // The built-in TF-IDF + SVD embedder through Embedder: a space question
    // finds the space conversations.
    void fitsBuiltInEmbedder()
    {
        NbcrsTrainingSet set("texts");
        const auto add = [&](const std::string &text, const std::string &title) {
            set.add(text, {set.item(title, title)}, {});
        };
        add("a film about astronauts on a space station orbiting mars", "Space Station");
        add("alien invasion from outer space with spaceships", "Alien Attack");
        add("astronauts lost in outer space far from earth", "Lost in Orbit");
        add("a romantic comedy about love in paris", "Paris Love");
        add("a sweet romance with a wedding and love letters", "The Wedding");
        add("a horror movie with a haunted house and ghosts", "Haunted");
        TfidfSvdEmbedder::Options embedOptions;
        embedOptions.dimension = 4;
        embedOptions.threads = 1;
        TfidfSvdEmbedder embedder(embedOptions);
        Progress progress;
        const Nbcrs model = Nbcrs::fit(set, embedder, progress);
        QCOMPARE(model.trainingSize(), std::size_t(6));
        QCOMPARE(model.dimension(), embedder.dimension());
        const auto rankings = model.recommend({"something with astronauts in outer space", "a love story in paris"},
                                              embedder, Nbcrs::Options{2, 20, 1}, progress);
        QCOMPARE(rankings.size(), std::size_t(2));
        QCOMPARE(rankings[0].size(), std::size_t(2));
        const std::string first = model.itemNames()[rankings[0][0].item];
        QVERIFY2(first == "Lost in Orbit" || first == "Space Station" || first == "Alien Attack", first.c_str());
        const std::string second = model.itemNames()[rankings[1][0].item];
        QVERIFY2(second == "Paris Love" || second == "The Wedding", second.c_str());
    }

    void badInput()
    {
        Progress progress;
        // An empty training set names its source.
        NbcrsTrainingSet empty("synthetic/out.jsonl");
        QString error = errorOf([&] { Nbcrs(empty, EmbeddingMatrix(0, 4)); });
        QVERIFY2(error.contains(QStringLiteral("synthetic/out.jsonl")) && error.contains(QStringLiteral("empty")), qPrintable(error));
        TfidfSvdEmbedder embedder;
        error = errorOf([&] { Nbcrs::fit(empty, embedder, progress); });
        QVERIFY2(error.contains(QStringLiteral("empty")), qPrintable(error));

        // A conversation without ground truth names file, line and field.
        Letters t;
        t.add("AB", 1);
        t.add("", 2);
        error = errorOf([&] { Nbcrs(t.set, matrix({{1, 0}, {0, 1}})); });
        QVERIFY2(error.startsWith(QStringLiteral("train.jsonl:2: ground_truth: ")), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("no ground-truth items")), qPrintable(error));
        error = errorOf([&] { tuneNbcrsNeighbours(t.set, matrix({{1, 0}, {0, 1}}), {}, progress); });
        QVERIFY2(error.startsWith(QStringLiteral("train.jsonl:2: ground_truth: ")), qPrintable(error));

        // Mismatched sizes and dimensions.
        Letters good;
        good.add("AB");
        good.add("C");
        error = errorOf([&] { Nbcrs(good.set, matrix({{1, 0}})); });
        QVERIFY2(error.contains(QStringLiteral("1 rows but the training set has 2")), qPrintable(error));
        const Nbcrs model(good.set, matrix({{1, 0}, {0, 1}}));
        error = errorOf([&] { model.recommend(matrix({{1, 0, 0}}), Nbcrs::Options{}, progress); });
        QVERIFY2(error.contains(QStringLiteral("dimension 3")) && error.contains(QStringLiteral("have 2")), qPrintable(error));
        error = errorOf([&] { model.recommend(matrix({{1, 0}}), Nbcrs::Options{0, 20, 1}, progress); });
        QVERIFY2(error.contains(QStringLiteral("at least 1")), qPrintable(error));
        error = errorOf([&] { tuneNbcrsNeighbours(good.set, matrix({{1, 0}}), {}, progress); });
        QVERIFY2(error.contains(QStringLiteral("1 rows but the training set has 2")), qPrintable(error));

        // Tuning's own limits.
        Letters one;
        one.add("A");
        error = errorOf([&] { tuneNbcrsNeighbours(one.set, matrix({{1, 0}}), {}, progress); });
        QVERIFY2(error.contains(QStringLiteral("at least 2")), qPrintable(error));
        NbcrsTuningOptions options;
        options.holdout = 1.0;
        error = errorOf([&] { tuneNbcrsNeighbours(good.set, matrix({{1, 0}, {0, 1}}), options, progress); });
        QVERIFY2(error.contains(QStringLiteral("strictly between 0 and 1")), qPrintable(error));
        options = {};
        options.candidates = {10, 0};
        error = errorOf([&] { tuneNbcrsNeighbours(good.set, matrix({{1, 0}, {0, 1}}), options, progress); });
        QVERIFY2(error.contains(QStringLiteral("candidate N of 0")), qPrintable(error));
    }
};

QTEST_APPLESS_MAIN(TestNbcrs)
#include "test_nbcrs.moc"
