// The JS strategy against the naive implementation (naive_js.cpp) on random
// inputs of several shapes, ties to the lowest row, thread-count
// independence, the two kernel variants, block views and cancellation.
#include "common/progress.h"
#include "select/js_kernel.h"
#include "select/js_selection.h"
#include "select/selection_random.h"

#include "naive_js.h"
#include "synthetic_embeddings.h"

#include <QtTest>

#include <cmath>

using namespace crsw;

namespace {

EmbeddingMatrix randomUnitRows(std::size_t n, std::size_t d, std::uint64_t seed)
{
    EmbeddingMatrix m(n, d);
    SelectionRandom random(seed);
    for (std::size_t i = 0; i < n; ++i) {
        double norm = 0.0;
        for (std::size_t j = 0; j < d; ++j) {
            const float v = float(random.uniform() * 2.0 - 1.0);
            m.mutableRow(i)[j] = v;
            norm += double(v) * v;
        }
        for (std::size_t j = 0; j < d; ++j)
            m.mutableRow(i)[j] = float(m.row(i)[j] / std::sqrt(norm));
    }
    return m;
}

SelectionParams paramsOf(std::size_t budget, int clusters, double tau, int threads = 0)
{
    SelectionParams p;
    p.budget = budget;
    p.clusters = clusters;
    p.tau = tau;
    p.seed = 7;
    p.threads = threads;
    return p;
}

// Follows the fast picks step by step: each must be the naive argmax (lowest
// row on ties), or, where `nearTies` is allowed, a row whose naive score is
// within 1e-13 of the naive best (scores that differ only by rounding, e.g.
// JS = ln 2 for rows whose p are one-hot to the last bit at a sharp tau).
void compareWithNaive(const FeatureView &view, const SelectionResult &fast, double tau, bool nearTies = false)
{
    const test::NaiveJs naive(view, fast.centers, std::size_t(fast.params.clusters), tau);
    QCOMPARE(fast.picks.size(), fast.params.budget);
    std::vector<std::uint32_t> picked;
    int tolerated = 0;
    for (std::size_t t = 0; t < fast.picks.size(); ++t) {
        const std::vector<double> scores = naive.scores(picked);
        const std::size_t best = test::NaiveJs::argmax(scores);
        const std::uint32_t row = fast.picks[t];
        if (row != best) {
            const bool tie = std::abs(scores[row] - scores[best]) <= 1e-13;
            if (!nearTies || !tie)
                QFAIL(qPrintable(QStringLiteral("step %1: fast picked %2 (naive score %3), naive %4 (%5)")
                                     .arg(t).arg(row).arg(scores[row], 0, 'g', 17).arg(best)
                                     .arg(scores[best], 0, 'g', 17)));
            ++tolerated;
        }
        QVERIFY2(std::abs(fast.scores[t] - scores[row]) <= 1e-12 * std::max(1.0, std::abs(scores[row])),
                 qPrintable(QStringLiteral("step %1: score %2 vs %3").arg(t).arg(fast.scores[t], 0, 'g', 17)
                                .arg(scores[row], 0, 'g', 17)));
        picked.push_back(row);
    }
    if (tolerated)
        qInfo("%d of %zu picks were rounding-level ties", tolerated, fast.picks.size());
}

} // namespace

class TestJsSelection : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void matchesNaive_data()
    {
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("dim");
        QTest::addColumn<int>("clusters");
        QTest::addColumn<double>("tau");
        QTest::addColumn<int>("budget");
        QTest::addColumn<bool>("clustered"); // synthetic clustered data or uniform random directions
        QTest::addColumn<bool>("nearTies");  // p saturate to one-hot: JS ties up to rounding
        QTest::newRow("tiny, every row") << 9 << 3 << 2 << 1.0 << 9 << false << false;
        QTest::newRow("small") << 200 << 16 << 5 << 1.0 << 50 << false << false;
        QTest::newRow("odd sizes") << 333 << 37 << 7 << 0.3 << 100 << true << false;
        QTest::newRow("K = 50") << 600 << 64 << 50 << 1.0 << 150 << true << false;
        QTest::newRow("sharp tau") << 400 << 24 << 12 << 0.02 << 120 << true << true;
        QTest::newRow("wide tau") << 300 << 9 << 6 << 25.0 << 80 << false << false;
        QTest::newRow("B = n") << 64 << 8 << 4 << 1.0 << 64 << true << false;
    }

    void matchesNaive()
    {
        QFETCH(int, rows);
        QFETCH(int, dim);
        QFETCH(int, clusters);
        QFETCH(double, tau);
        QFETCH(int, budget);
        QFETCH(bool, clustered);
        QFETCH(bool, nearTies);
        test::SyntheticEmbeddings::Options o;
        o.rows = std::size_t(rows);
        o.dimension = std::size_t(dim);
        o.clusters = 10;
        o.seed = std::uint64_t(rows);
        const EmbeddingMatrix x = clustered ? test::SyntheticEmbeddings::generate(o)
                                            : randomUnitRows(std::size_t(rows), std::size_t(dim), 3);
        const FeatureView view(x);
        Progress progress;
        // Centres from k-means ...
        const SelectionResult fast = selectJS(view, paramsOf(std::size_t(budget), clusters, tau), progress);
        QCOMPARE(fast.centers.size(), std::size_t(clusters * dim));
        QCOMPARE(fast.clusterOf.size(), std::size_t(rows));
        compareWithNaive(view, fast, tau, nearTies);
        // ... and given centres (rows of the data, so some distances are 0).
        EmbeddingMatrix centers(static_cast<std::size_t>(clusters), static_cast<std::size_t>(dim));
        for (int c = 0; c < clusters; ++c)
            std::copy(x.row(std::size_t(c) * 3 % std::size_t(rows)), x.row(std::size_t(c) * 3 % std::size_t(rows)) + dim,
                      centers.mutableRow(std::size_t(c)));
        const SelectionResult given = selectJS(view, paramsOf(std::size_t(budget), 1, tau), progress, {}, &centers);
        QVERIFY(given.centersGiven);
        QCOMPARE(given.params.clusters, clusters);
        compareWithNaive(view, given, tau, nearTies);
        // The portable kernel (CPUs without AVX-512) against the naive too.
        JsOptions portable;
        portable.portableKernel = true;
        compareWithNaive(view, selectJS(view, paramsOf(std::size_t(budget), 1, tau), progress, {}, &centers, portable),
                         tau, nearTies);
    }

    void tiesGoToTheLowestRow()
    {
        // Rows repeat a few vectors: equal rows have equal scores to the last bit.
        const EmbeddingMatrix base = randomUnitRows(4, 6, 11);
        const std::size_t pattern[] = {2, 0, 1, 0, 3, 2, 1, 3, 3, 0, 2, 1, 0, 1, 2, 3, 1};
        EmbeddingMatrix x(std::size(pattern), 6);
        for (std::size_t i = 0; i < std::size(pattern); ++i)
            std::copy(base.row(pattern[i]), base.row(pattern[i]) + 6, x.mutableRow(i));
        const FeatureView view(x);
        Progress progress;
        const SelectionResult fast = selectJS(view, paramsOf(x.rows(), 3, 1.0), progress);
        compareWithNaive(view, fast, 1.0);
        // Every copy of a vector is picked in row order.
        for (std::size_t v = 0; v < 4; ++v) {
            std::vector<std::uint32_t> order;
            for (std::uint32_t row : fast.picks)
                if (pattern[row] == v)
                    order.push_back(row);
            QVERIFY(std::is_sorted(order.begin(), order.end()));
        }
        // K = 1: p = (1) for every row, every score 0: the picks are 0, 1, 2, ...
        const SelectionResult flat = selectJS(view, paramsOf(10, 1, 1.0), progress);
        for (std::size_t t = 0; t < 10; ++t) {
            QCOMPARE(flat.picks[t], std::uint32_t(t));
            QCOMPARE(flat.scores[t], 0.0);
        }
    }

    void sameForAnyThreadCount()
    {
        test::SyntheticEmbeddings::Options o;
        o.rows = 9000; // several row blocks and chunks
        o.dimension = 20;
        const EmbeddingMatrix x = test::SyntheticEmbeddings::generate(o);
        const FeatureView view(x);
        Progress progress;
        const SelectionResult one = selectJS(view, paramsOf(300, 16, 1.0, 1), progress);
        for (int threads : {2, 3, 5}) {
            const SelectionResult many = selectJS(view, paramsOf(300, 16, 1.0, threads), progress);
            QCOMPARE(many.picks, one.picks);
            QCOMPARE(many.scores, one.scores); // bit for bit
            QCOMPARE(many.centers, one.centers);
            QCOMPARE(many.kmeansInertia, one.kmeansInertia);
        }
        // The float screening picks exactly what scoring every row in double picks.
        JsOptions plain;
        plain.floatScreening = false;
        const SelectionResult unscreened = selectJS(view, paramsOf(300, 16, 1.0, 2), progress, {}, nullptr, plain);
        QCOMPARE(unscreened.picks, one.picks);
        QCOMPARE(unscreened.scores, one.scores);
    }

    void screeningEqualsDoubleScoring_data()
    {
        QTest::addColumn<double>("tau");
        QTest::addColumn<int>("clusters");
        QTest::newRow("tau 1, K 50") << 1.0 << 50;
        QTest::newRow("tau 0.02, K 12 (saturated p, rounding-level ties)") << 0.02 << 12;
        QTest::newRow("tau 0.3, K 3") << 0.3 << 3;
    }

    void screeningEqualsDoubleScoring()
    {
        QFETCH(double, tau);
        QFETCH(int, clusters);
        test::SyntheticEmbeddings::Options o;
        o.rows = 3001;
        o.dimension = 24;
        const EmbeddingMatrix x = test::SyntheticEmbeddings::generate(o);
        const FeatureView view(x);
        Progress progress;
        JsOptions plain;
        plain.floatScreening = false;
        const SelectionResult screened = selectJS(view, paramsOf(400, clusters, tau), progress);
        const SelectionResult unscreened = selectJS(view, paramsOf(400, clusters, tau), progress, {}, nullptr, plain);
        QCOMPARE(screened.picks, unscreened.picks); // even through the ties: bit-identical scores
        QCOMPARE(screened.scores, unscreened.scores);
    }

    void kernelVariantsAgree()
    {
        const JsKernel &fast = JsKernel::best(), &generic = JsKernel::generic();
        qInfo("run-time kernel: %s", fast.name);
        const std::size_t n = 203, d = 45, k = 13;
        const EmbeddingMatrix x = randomUnitRows(n, d, 5), c = randomUnitRows(k, d, 6);
        const std::vector<double> centers(c.data(), c.data() + k * d);
        const std::size_t groups = (n + 7) / 8;
        std::vector<double> p1(groups * k * 8), p2(p1.size()), h1(groups * 8), h2(groups * 8);
        fast.probabilities(x.data(), n, d, centers.data(), k, 0.7, p1.data(), h1.data());
        generic.probabilities(x.data(), n, d, centers.data(), k, 0.7, p2.data(), h2.data());
        QCOMPARE(p1, p2); // same summation order: bit-identical
        QCOMPARE(h1, h2);
        std::vector<double> halfQ(k);
        for (std::size_t j = 0; j < k; ++j)
            halfQ[j] = 0.5 / double(k) * (1.0 + 0.1 * std::sin(double(j)));
        std::vector<std::uint8_t> selected(groups, 0);
        selected[3] = 0x5a;
        selected.back() = std::uint8_t(0xffu << (n % 8));
        double s1 = 0, s2 = 0;
        std::uint64_t r1 = 0, r2 = 0;
        fast.bestScore(p1.data(), h1.data(), selected.data(), groups, k, halfQ.data(), 2.5, 0, &s1, &r1);
        generic.bestScore(p2.data(), h2.data(), selected.data(), groups, k, halfQ.data(), 2.5, 0, &s2, &r2);
        QCOMPARE(r1, r2);
        QVERIFY(std::abs(s1 - s2) <= 1e-14);
        // Everything masked: no row.
        std::vector<std::uint8_t> all(groups, 0xff);
        fast.bestScore(p1.data(), h1.data(), all.data(), groups, k, halfQ.data(), 2.5, 0, &s1, &r1);
        QCOMPARE(r1, ~std::uint64_t(0));
    }

    void blockViewEqualsMaterialisedVectors()
    {
        const EmbeddingMatrix reviews = randomUnitRows(150, 10, 21), items = randomUnitRows(12, 5, 22);
        std::vector<std::uint32_t> keys(150);
        for (std::size_t i = 0; i < keys.size(); ++i)
            keys[i] = std::uint32_t((i * 7) % 12);
        FeatureView view(reviews);
        view.addBlock(items, keys, 0.5f, FeatureView::kMetadataBlock);
        EmbeddingMatrix flat(150, 15);
        view.copyRows(0, 150, flat.mutableData());
        QCOMPARE(flat.row(3)[12], 0.5f * items.row(keys[3])[2]);
        Progress progress;
        const SelectionResult a = selectJS(view, paramsOf(40, 6, 1.0), progress);
        const SelectionResult b = selectJS(FeatureView(flat), paramsOf(40, 6, 1.0), progress);
        QCOMPARE(a.picks, b.picks);
        QCOMPARE(a.scores, b.scores);
    }

    void observerAndCancel()
    {
        const EmbeddingMatrix x = randomUnitRows(100, 8, 2);
        const FeatureView view(x);
        std::vector<std::uint32_t> seen;
        Progress progress;
        const SelectionResult r = selectJS(view, paramsOf(20, 4, 1.0), progress,
                                           [&](std::size_t step, std::uint32_t row, double) {
                                               QCOMPARE(step, seen.size());
                                               seen.push_back(row);
                                           });
        QCOMPARE(seen, r.picks);
        Progress cancelling;
        QVERIFY_THROWS_EXCEPTION(Cancelled, selectJS(view, paramsOf(20, 4, 1.0), cancelling,
                                                     [&](std::size_t step, std::uint32_t, double) {
                                                         if (step == 5)
                                                             cancelling.cancel();
                                                     }));
    }
};

QTEST_APPLESS_MAIN(TestJsSelection)
#include "test_js_selection.moc"
