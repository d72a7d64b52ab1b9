// runSelection(): every kind of bad input is a crsw::Error naming what is
// wrong; the dispatch and labels of the variants; RANDOM_UNIFORM; strategy names.
#include "common/error.h"
#include "common/progress.h"
#include "select/random_selection.h"
#include "select/run_selection.h"
#include "select/selection_random.h"

#include <QtTest>

#include <cmath>
#include <functional>
#include <limits>
#include <set>

using namespace crsw;

namespace {

EmbeddingMatrix unitRows(std::size_t n, std::size_t d, std::uint64_t seed)
{
    EmbeddingMatrix m(n, d);
    SelectionRandom random(seed);
    for (std::size_t i = 0; i < n; ++i) {
        double norm = 0.0;
        for (std::size_t j = 0; j < d; ++j) {
            m.mutableRow(i)[j] = float(random.uniform() - 0.5);
            norm += double(m.row(i)[j]) * m.row(i)[j];
        }
        for (std::size_t j = 0; j < d; ++j)
            m.mutableRow(i)[j] = float(m.row(i)[j] / std::sqrt(norm));
    }
    return m;
}

SelectionParams params(std::size_t budget, int clusters = 4)
{
    SelectionParams p;
    p.budget = budget;
    p.clusters = clusters;
    return p;
}

struct Case {
    const char *name;
    std::function<void()> run;
    const char *field;  ///< Error::where().field expected
    const char *says;   ///< a part of the message expected
};

} // namespace

class TestRunSelection : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void badInputIsAClearError()
    {
        const EmbeddingMatrix x = unitRows(20, 6, 1), items = unitRows(5, 3, 2), empty;
        EmbeddingMatrix nan = unitRows(20, 6, 1), inf = unitRows(20, 6, 1), zero = unitRows(20, 6, 1);
        nan.mutableRow(5)[2] = std::numeric_limits<float>::quiet_NaN();
        inf.mutableRow(7)[0] = std::numeric_limits<float>::infinity();
        std::fill(zero.mutableRow(3), zero.mutableRow(3) + 6, 0.0f);
        EmbeddingMatrix zeroItems = unitRows(5, 3, 2);
        std::fill(zeroItems.mutableRow(4), zeroItems.mutableRow(4) + 3, 0.0f);
        const EmbeddingMatrix centers5 = unitRows(4, 5, 3);
        std::vector<std::uint32_t> keys(20);
        for (std::size_t i = 0; i < keys.size(); ++i)
            keys[i] = std::uint32_t(i % 5);
        Progress progress;
        const auto run = [&](const FeatureView &view, SelectionStrategy s, SelectionParams p,
                             const EmbeddingMatrix *c = nullptr) { runSelection(view, s, p, progress, {}, c); };
        const auto withItems = [&](const EmbeddingMatrix &table, float weight) {
            FeatureView view(x);
            view.addBlock(table, keys, weight, FeatureView::kMetadataBlock);
            return view;
        };
        SelectionParams badTau = params(3), badLambda = params(3), badWeight = params(3);
        badTau.tau = 0.0;
        badLambda.lambda = -1.0;
        badWeight.metadataWeight = std::nan("");
        const std::vector<Case> cases = {
            {"empty corpus", [&] { run(FeatureView(empty), SelectionStrategy::JS, params(1)); }, "embeddings", "empty"},
            {"B = 0", [&] { run(FeatureView(x), SelectionStrategy::RandomUniform, params(0)); }, "budget", "at least 1"},
            {"B > n", [&] { run(FeatureView(x), SelectionStrategy::Fisher, params(21)); }, "budget", "exceeds the 20"},
            {"NaN", [&] { run(FeatureView(nan), SelectionStrategy::JS, params(3)); }, "row 5", "NaN"},
            {"Inf", [&] { run(FeatureView(inf), SelectionStrategy::Fisher, params(3)); }, "row 7", "Inf"},
            {"zero vector", [&] { run(FeatureView(zero), SelectionStrategy::RandomUniform, params(3)); }, "row 3", "all zero"},
            {"zero item vector", [&] { run(withItems(zeroItems, 1.0f), SelectionStrategy::MetadataJS, params(3)); },
             "row 4", "all zero"},
            {"K > n", [&] { run(FeatureView(x), SelectionStrategy::JS, params(3, 21)); }, "clusters", "between 1 and the 20"},
            {"K = 0", [&] { run(FeatureView(x), SelectionStrategy::UserJS, params(3, 0)); }, "clusters", "between 1"},
            {"centres of another width", [&] { run(FeatureView(x), SelectionStrategy::JS, params(3), &centers5); },
             "centers", "5 dimensions but the features have 6"},
            {"centres for FISHER", [&] { run(FeatureView(x), SelectionStrategy::Fisher, params(3), &centers5); },
             "centers", "JS strategies only"},
            {"JS on a metadata view", [&] { run(withItems(items, 1.0f), SelectionStrategy::JS, params(3)); },
             "features", "use METADATA_JS"},
            {"METADATA_JS on a plain view", [&] { run(FeatureView(x), SelectionStrategy::MetadataJS, params(3)); },
             "features", "\"metadata\" block"},
            {"USER_FISHER on a metadata view", [&] { run(withItems(items, 1.0f), SelectionStrategy::UserFisher, params(3)); },
             "features", "\"user\" block"},
            {"block weight differs", [&] { run(withItems(items, 0.5f), SelectionStrategy::MetadataJS, params(3)); },
             "metadata weight", "weighted 0.5"},
            {"tau 0", [&] { run(FeatureView(x), SelectionStrategy::JS, badTau); }, "tau", "> 0"},
            {"lambda < 0", [&] { run(FeatureView(x), SelectionStrategy::Fisher, badLambda); }, "lambda", "> 0"},
            {"weight NaN", [&] { run(withItems(items, 1.0f), SelectionStrategy::MetadataFisher, badWeight); },
             "metadata weight", "finite"},
            {"unknown strategy", [&] { parseStrategy("KMEDOIDS"); }, "strategy", "USER_FISHER"},
            {"keys of another length", [&] { withItems(items, 1.0f).addBlock(items, {1, 2}, 1.0f, "x"); }, "",
             "2 keys for 20 samples"},
            {"key out of range", [&] { FeatureView(x).addBlock(items, std::vector<std::uint32_t>(20, 5), 1.0f); }, "",
             "row 5 of a table with 5 rows"},
        };
        for (const Case &c : cases) {
            bool threw = false;
            try {
                c.run();
            } catch (const Error &e) {
                threw = true;
                QVERIFY2(e.where().field == c.field,
                         qPrintable(QStringLiteral("%1: field \"%2\" in: %3").arg(QLatin1String(c.name),
                                                                                  QString::fromStdString(e.where().field),
                                                                                  QString::fromUtf8(e.what()))));
                QVERIFY2(std::string(e.what()).find(c.says) != std::string::npos,
                         qPrintable(QStringLiteral("%1: %2").arg(QLatin1String(c.name), QString::fromUtf8(e.what()))));
            }
            QVERIFY2(threw, c.name);
        }
    }

    void strategyNames()
    {
        for (SelectionStrategy s : {SelectionStrategy::RandomUniform, SelectionStrategy::JS, SelectionStrategy::Fisher,
                                    SelectionStrategy::MetadataJS, SelectionStrategy::MetadataFisher,
                                    SelectionStrategy::UserJS, SelectionStrategy::UserFisher})
            QCOMPARE(parseStrategy(strategyName(s)), s);
        QCOMPARE(parseStrategy("metadata_js"), SelectionStrategy::MetadataJS);
        QCOMPARE(parseStrategy("random-uniform"), SelectionStrategy::RandomUniform);
        QCOMPARE(baseAlgorithm(SelectionStrategy::UserFisher), SelectionStrategy::Fisher);
        QCOMPARE(baseAlgorithm(SelectionStrategy::MetadataJS), SelectionStrategy::JS);
    }

    void randomUniform()
    {
        SelectionParams p = params(50);
        p.seed = 9;
        Progress progress;
        const SelectionResult a = selectRandomUniform(200, p, progress);
        const SelectionResult b = selectRandomUniform(200, p, progress);
        QCOMPARE(a.picks, b.picks);
        QCOMPARE(std::set<std::uint32_t>(a.picks.begin(), a.picks.end()).size(), std::size_t(50));
        for (std::size_t t = 0; t < 50; ++t) {
            QVERIFY(a.picks[t] < 200);
            QCOMPARE(a.scores[t], 1.0 / double(200 - t));
        }
        p.seed = 10;
        QVERIFY(selectRandomUniform(200, p, progress).picks != a.picks);
        // B = n: a permutation.
        p.budget = 200;
        const SelectionResult all = selectRandomUniform(200, p, progress);
        QCOMPARE(std::set<std::uint32_t>(all.picks.begin(), all.picks.end()).size(), std::size_t(200));
        // Roughly uniform: each row's share of first picks over many seeds.
        std::vector<int> firsts(10, 0);
        p.budget = 1;
        for (std::uint64_t seed = 0; seed < 5000; ++seed) {
            p.seed = seed;
            ++firsts[selectRandomUniform(10, p, progress).picks[0]];
        }
        for (int count : firsts)
            QVERIFY2(count > 400 && count < 600, qPrintable(QString::number(count)));
    }

    void dispatchAndLabels()
    {
        const EmbeddingMatrix x = unitRows(60, 8, 4), users = unitRows(7, 4, 5);
        std::vector<std::uint32_t> keys(60);
        for (std::size_t i = 0; i < keys.size(); ++i)
            keys[i] = std::uint32_t(i % 7);
        FeatureView userView(x);
        userView.addBlock(users, keys, 0.7f, FeatureView::kUserBlock);
        SelectionParams p = params(10, 5);
        p.userWeight = 0.7;
        Progress progress;
        std::vector<std::uint32_t> observed;
        const PickObserver observer = [&](std::size_t, std::uint32_t row, double) { observed.push_back(row); };
        for (SelectionStrategy s : {SelectionStrategy::UserJS, SelectionStrategy::UserFisher}) {
            observed.clear();
            const SelectionResult r = runSelection(userView, s, p, progress, observer);
            QCOMPARE(r.strategy, s);
            QCOMPARE(r.picks.size(), std::size_t(10));
            QCOMPARE(observed, r.picks);
            QCOMPARE(std::set<std::uint32_t>(r.picks.begin(), r.picks.end()).size(), std::size_t(10));
        }
        // Given centres set K.
        const EmbeddingMatrix centers = unitRows(3, 8, 6);
        const SelectionResult given = runSelection(FeatureView(x), SelectionStrategy::JS, p, progress, {}, &centers);
        QCOMPARE(given.params.clusters, 3);
        QVERIFY(given.centersGiven);
        // RANDOM_UNIFORM takes any view and ignores its vectors.
        const SelectionResult random = runSelection(userView, SelectionStrategy::RandomUniform, p, progress);
        QCOMPARE(random.picks, selectRandomUniform(60, p, progress).picks);
    }
};

QTEST_APPLESS_MAIN(TestRunSelection)
#include "test_run_selection.moc"
