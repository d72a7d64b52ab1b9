// The FISHER strategy: the fast greedy against the naive one (identical picks
// and bit-identical scores) on inputs of several shapes, the incremental
// greedy, ties to the lowest row, block views, diminishing scores, bad input,
// cancellation and the observer.
#include "common/error.h"
#include "select/fisher/fisher_greedy.h"
#include "select/fisher/fisher_reference.h"
#include "select/fisher/fisher_selection.h"

#include "fisher_test_data.h"

#include <QtTest>

#include <cmath>
#include <limits>

using namespace crsw;

namespace {

SelectionParams paramsOf(std::size_t budget, double lambda = 1.0, int threads = 0)
{
    SelectionParams p;
    p.budget = budget;
    p.lambda = lambda;
    p.threads = threads;
    return p;
}

SelectionResult runFast(const FeatureView &view, const SelectionParams &params, std::size_t maxChunk)
{
    const FisherFeatures features(view, FisherKernels::best(), params.threads);
    FisherTuning tuning;
    tuning.maxChunk = maxChunk;
    FisherGreedy greedy(features, params, tuning);
    SelectionResult result;
    Progress progress;
    greedy.run(result, progress, {});
    return result;
}

// Picks and scores equal bit for bit: both greedies rank rows by the same
// double-precision function of the same explicit inverse.
void expectSame(const SelectionResult &fast, const SelectionResult &naive)
{
    QCOMPARE(fast.picks.size(), naive.picks.size());
    for (std::size_t t = 0; t < naive.picks.size(); ++t) {
        if (fast.picks[t] != naive.picks[t] || fast.scores[t] != naive.scores[t])
            QFAIL(qPrintable(QStringLiteral("step %1: fast picked %2 (score %3), naive %4 (%5)")
                                 .arg(t).arg(fast.picks[t]).arg(fast.scores[t], 0, 'g', 17)
                                 .arg(naive.picks[t]).arg(naive.scores[t], 0, 'g', 17)));
    }
}

} // namespace

class TestFisherSelection : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void identicalToNaive_data();
    void identicalToNaive();
    void blockViewMatchesMaterialised();
    void everyPathAgainstNaive();
    void longChunksAgainstNaive();
    void largerAgainstIncremental();
    void incrementalMatchesNaive();
    void duplicatesTieToLowestRow();
    void basisVectorsTieInOrder();
    void scoresOnlyFall();
    void badInput_data();
    void badInput();
    void cancellation();
    void observerSeesEveryPick();
};

void TestFisherSelection::identicalToNaive_data()
{
    QTest::addColumn<int>("kind"); // 0 Gaussian, 1 clustered, 2 Gaussian with duplicated rows
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("dim");
    QTest::addColumn<int>("budget");
    QTest::addColumn<double>("lambda");
    QTest::addColumn<int>("maxChunk");
    QTest::addColumn<int>("threads");
    QTest::newRow("n > d, B < d") << 0 << 400 << 48 << 30 << 1.0 << 64 << 2;
    QTest::newRow("n > d, B > d") << 0 << 300 << 12 << 90 << 1.0 << 64 << 2;
    QTest::newRow("n < d, B = n") << 0 << 25 << 64 << 25 << 1.0 << 64 << 1;
    QTest::newRow("one row") << 0 << 1 << 8 << 1 << 1.0 << 64 << 1;
    QTest::newRow("small lambda") << 0 << 250 << 20 << 60 << 0.01 << 64 << 2;
    QTest::newRow("large lambda") << 0 << 250 << 20 << 60 << 100.0 << 64 << 2;
    QTest::newRow("chunk of 1") << 0 << 200 << 16 << 50 << 1.0 << 1 << 2;
    QTest::newRow("chunk of 3") << 1 << 500 << 24 << 80 << 1.0 << 3 << 1;
    QTest::newRow("clustered") << 1 << 2000 << 32 << 150 << 1.0 << 64 << 2;
    QTest::newRow("clustered, B > d") << 1 << 800 << 10 << 120 << 0.5 << 16 << 2;
    QTest::newRow("odd dimension") << 1 << 700 << 37 << 60 << 1.0 << 8 << 2;
    QTest::newRow("duplicated rows") << 2 << 300 << 16 << 80 << 1.0 << 8 << 2;
}

void TestFisherSelection::identicalToNaive()
{
    QFETCH(int, kind);
    QFETCH(int, rows);
    QFETCH(int, dim);
    QFETCH(int, budget);
    QFETCH(double, lambda);
    QFETCH(int, maxChunk);
    QFETCH(int, threads);
    EmbeddingMatrix m = kind == 1 ? test::clusteredRows(std::size_t(rows), std::size_t(dim), 11)
                                  : test::gaussianRows(std::size_t(rows), std::size_t(dim), 5);
    if (kind == 2) // every tenth row again, plus one row three more times
        m = test::withCopies(m, {0, 10, 20, 30, 40, 50, 3, 3, 3});
    const FeatureView view(m);
    Progress progress;
    const SelectionParams params = paramsOf(std::size_t(budget), lambda, threads);
    const SelectionResult naive = selectFisherNaive(view, params, progress);
    expectSame(runFast(view, params, std::size_t(maxChunk)), naive);
    expectSame(selectFisher(view, params, progress), naive);
}

void TestFisherSelection::blockViewMatchesMaterialised()
{
    // x_i = [p_i ; 0.7 t_key(i)]: the fast path computes the table's part once
    // per table row; the naive greedy on the copied-out rows must agree.
    const EmbeddingMatrix primary = test::clusteredRows(900, 24, 3);
    const EmbeddingMatrix table = test::gaussianRows(40, 12, 9);
    FeatureView view(primary);
    view.addBlock(table, test::randomKeys(900, 40, 4), 0.7f, FeatureView::kMetadataBlock);
    EmbeddingMatrix flat(view.rows(), view.dimension());
    view.copyRows(0, view.rows(), flat.mutableData());
    Progress progress;
    const SelectionParams params = paramsOf(100, 1.0, 2);
    const SelectionResult naive = selectFisherNaive(FeatureView(flat), params, progress);
    expectSame(selectFisherNaive(view, params, progress), naive);
    expectSame(runFast(view, params, 64), naive);
    expectSame(runFast(view, params, 5), naive);
}

void TestFisherSelection::everyPathAgainstNaive()
{
    // Enough rows and picks that rows are deferred, caught up, refreshed
    // between passes, promoted and demoted; the stats show each happened.
    const EmbeddingMatrix m = test::clusteredRows(5000, 24, 21);
    const FeatureView view(m);
    const SelectionParams params = paramsOf(300, 1.0, 2);
    const FisherFeatures features(view, FisherKernels::best(), 2);
    FisherTuning tuning;
    tuning.maxChunk = 16;
    FisherGreedy greedy(features, params, tuning);
    SelectionResult fast;
    Progress progress;
    greedy.run(fast, progress, {});
    const FisherStats &st = greedy.stats();
    QVERIFY(st.chunks > 10);
    QVERIFY(st.deferrals > 0);
    QVERIFY(st.reactivations > 0);
    QVERIFY(st.catchUpDots > 0);
    QVERIFY(st.refreshes > 0);
    QVERIFY(st.promotions >= params.budget);
    QVERIFY(st.bulkDots + st.catchUpDots + st.refreshDots < double(m.rows()) * double(params.budget));
    expectSame(fast, selectFisherNaive(view, params, progress));
}

void TestFisherSelection::longChunksAgainstNaive()
{
    // Unclustered rows keep their scores close, so with long chunks many rows
    // are refreshed between passes, some only to the end of their block of
    // 16 picks (and finished by the blocked pass); picks stay the naive ones.
    const EmbeddingMatrix m = test::gaussianRows(6000, 24, 17);
    const FeatureView view(m);
    const SelectionParams params = paramsOf(400, 1.0, 2);
    const FisherFeatures features(view, FisherKernels::best(), 2);
    FisherTuning tuning;
    tuning.maxChunk = 64;
    FisherGreedy greedy(features, params, tuning);
    SelectionResult fast;
    Progress progress;
    greedy.run(fast, progress, {});
    QVERIFY(greedy.stats().partialRefreshes > 0);
    expectSame(fast, selectFisherNaive(view, params, progress));
}

void TestFisherSelection::largerAgainstIncremental()
{
    // Beyond the naive greedy's reach: 20,000 rows, the incremental greedy
    // (double scores updated per pick) as the reference.
    const EmbeddingMatrix m = test::clusteredRows(20000, 64, 5);
    const FeatureView view(m);
    Progress progress;
    const SelectionParams params = paramsOf(250, 1.0, 2);
    const SelectionResult incremental = selectFisherIncremental(view, params, progress);
    const SelectionResult fast = selectFisher(view, params, progress);
    QCOMPARE(fast.picks, incremental.picks);
    for (std::size_t t = 0; t < fast.scores.size(); ++t)
        QVERIFY(std::abs(fast.scores[t] - incremental.scores[t]) <= 1e-12);
}

void TestFisherSelection::incrementalMatchesNaive()
{
    for (const bool clustered : {false, true}) {
        const EmbeddingMatrix m = clustered ? test::clusteredRows(600, 20, 2) : test::gaussianRows(600, 20, 2);
        const FeatureView view(m);
        Progress progress;
        const SelectionParams params = paramsOf(70);
        const SelectionResult naive = selectFisherNaive(view, params, progress);
        const SelectionResult incremental = selectFisherIncremental(view, params, progress);
        QCOMPARE(incremental.picks, naive.picks);
        for (std::size_t t = 0; t < naive.scores.size(); ++t)
            QVERIFY(std::abs(incremental.scores[t] - naive.scores[t]) <= 1e-12);
    }
}

void TestFisherSelection::duplicatesTieToLowestRow()
{
    // Row 7 is copied to the end three times and is the best first pick (rows
    // are unit length but row 7 has length 10): the original comes first and
    // each copy follows in row order whenever copies tie.
    EmbeddingMatrix m = test::gaussianRows(60, 6, 8);
    for (std::size_t j = 0; j < m.cols(); ++j)
        m.mutableRow(7)[j] *= 10.0f;
    m = test::withCopies(m, {7, 7, 7});
    const FeatureView view(m);
    Progress progress;
    const SelectionResult fast = selectFisher(view, paramsOf(m.rows()), progress);
    QCOMPARE(fast.picks.front(), 7u);
    std::vector<std::size_t> order;
    for (std::uint32_t row : fast.picks)
        if (row == 7 || row >= 60)
            order.push_back(row);
    QCOMPARE(order, (std::vector<std::size_t>{7, 60, 61, 62}));
    expectSame(fast, selectFisherNaive(view, paramsOf(m.rows()), progress));
}

void TestFisherSelection::basisVectorsTieInOrder()
{
    // Unit basis vectors, then the same again: every score ties exactly, so
    // the picks are 0, 1, 2, ... in row order.
    const std::size_t d = 9;
    EmbeddingMatrix m(2 * d, d);
    for (std::size_t i = 0; i < 2 * d; ++i)
        m.mutableRow(i)[i % d] = 1.0f;
    const FeatureView view(m);
    Progress progress;
    const SelectionResult fast = selectFisher(view, paramsOf(2 * d), progress);
    for (std::size_t t = 0; t < 2 * d; ++t)
        QCOMPARE(fast.picks[t], std::uint32_t(t));
    QCOMPARE(fast.scores.front(), 1.0);
    expectSame(fast, selectFisherNaive(view, paramsOf(2 * d), progress));
}

void TestFisherSelection::scoresOnlyFall()
{
    // Log-det is submodular: a row's score x_iᵀA_t⁻¹x_i never rises as picks
    // are added, so neither do the picks' scores. Check every row at every
    // step, and the trace, up to rounding.
    const EmbeddingMatrix m = test::clusteredRows(300, 10, 6);
    const FeatureView view(m);
    Progress progress;
    std::vector<double> previous(m.rows(), std::numeric_limits<double>::infinity());
    const FisherFeatures features(view, FisherKernels::best(), 1);
    FisherInverse inverse(view.dimension(), 1.0, FisherKernels::best());
    const SelectionResult fast = selectFisher(view, paramsOf(40), progress);
    std::vector<double> x(view.dimension()), u(view.dimension());
    for (std::size_t t = 0; t < fast.picks.size(); ++t) {
        for (std::size_t i = 0; i < m.rows(); ++i) {
            features.rowAsDouble(i, x.data());
            const double s = inverse.score(x.data());
            QVERIFY2(s <= previous[i] + 1e-13, qPrintable(QStringLiteral("row %1 rose at step %2").arg(i).arg(t)));
            previous[i] = s;
        }
        if (t > 0)
            QVERIFY(fast.scores[t] <= fast.scores[t - 1] + 1e-13);
        features.rowAsDouble(fast.picks[t], x.data());
        inverse.apply(x.data(), u.data());
        QCOMPARE(inverse.score(x.data(), u.data()), fast.scores[t]);
        inverse.update(u.data(), 1.0 + fast.scores[t]);
    }
    QVERIFY(fast.scores.back() < 0.5 * fast.scores.front());
}

void TestFisherSelection::badInput_data()
{
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("budget");
    QTest::addColumn<double>("lambda");
    QTest::addColumn<float>("poison"); // written into row 3, element 2 (0 = leave)
    QTest::addColumn<bool>("zeroRow");
    QTest::addColumn<QString>("expected");
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const float fnan = std::numeric_limits<float>::quiet_NaN();
    QTest::newRow("budget > rows") << 10 << 11 << 1.0 << 0.0f << false << QStringLiteral("budget");
    QTest::newRow("budget 0") << 10 << 0 << 1.0 << 0.0f << false << QStringLiteral("budget");
    QTest::newRow("empty corpus") << 0 << 1 << 1.0 << 0.0f << false << QStringLiteral("empty");
    QTest::newRow("lambda 0") << 10 << 3 << 0.0 << 0.0f << false << QStringLiteral("lambda");
    QTest::newRow("lambda < 0") << 10 << 3 << -1.0 << 0.0f << false << QStringLiteral("lambda");
    QTest::newRow("lambda NaN") << 10 << 3 << nan << 0.0f << false << QStringLiteral("lambda");
    QTest::newRow("NaN row") << 10 << 3 << 1.0 << fnan << false << QStringLiteral("row 3");
    QTest::newRow("Inf row") << 10 << 3 << 1.0 << std::numeric_limits<float>::infinity() << false
                             << QStringLiteral("row 3");
    QTest::newRow("zero row") << 10 << 3 << 1.0 << 0.0f << true << QStringLiteral("row 3");
}

void TestFisherSelection::badInput()
{
    QFETCH(int, rows);
    QFETCH(int, budget);
    QFETCH(double, lambda);
    QFETCH(float, poison);
    QFETCH(bool, zeroRow);
    QFETCH(QString, expected);
    EmbeddingMatrix m = rows > 0 ? test::gaussianRows(std::size_t(rows), 5, 1) : EmbeddingMatrix(0, 5);
    if (poison != 0.0f || std::isnan(poison))
        m.mutableRow(3)[2] = poison;
    if (zeroRow)
        std::fill(m.mutableRow(3), m.mutableRow(3) + 5, 0.0f);
    const FeatureView view(m);
    const SelectionParams params = paramsOf(std::size_t(budget), lambda);
    using Select = SelectionResult (*)(const FeatureView &, const SelectionParams &, Progress &, const PickObserver &);
    for (Select select : {Select(selectFisher), Select(selectFisherNaive), Select(selectFisherIncremental)}) {
        Progress progress;
        try {
            select(view, params, progress, {});
            QFAIL("no error");
        } catch (const Error &error) {
            QVERIFY2(QString::fromStdString(error.what()).contains(expected), error.what());
        }
    }
}

void TestFisherSelection::cancellation()
{
    const EmbeddingMatrix m = test::clusteredRows(3000, 16, 1);
    const FeatureView view(m);
    Progress progress;
    std::size_t seen = 0;
    const auto cancelAtFive = [&](std::size_t step, std::uint32_t, double) {
        seen = step + 1;
        if (step == 4)
            progress.cancel();
    };
    QVERIFY_THROWS_EXCEPTION(Cancelled, selectFisher(view, paramsOf(200), progress, cancelAtFive));
    QCOMPARE(seen, std::size_t(5));
    Progress cancelled;
    cancelled.cancel();
    QVERIFY_THROWS_EXCEPTION(Cancelled, selectFisher(view, paramsOf(10), cancelled));
    QVERIFY_THROWS_EXCEPTION(Cancelled, selectFisherNaive(view, paramsOf(10), cancelled));
}

void TestFisherSelection::observerSeesEveryPick()
{
    const EmbeddingMatrix m = test::gaussianRows(500, 12, 3);
    const FeatureView view(m);
    Progress progress;
    std::vector<std::size_t> steps;
    std::vector<std::uint32_t> rows;
    std::vector<double> scores;
    const SelectionResult fast = selectFisher(view, paramsOf(45), progress,
                                              [&](std::size_t step, std::uint32_t row, double score) {
                                                  steps.push_back(step);
                                                  rows.push_back(row);
                                                  scores.push_back(score);
                                              });
    QCOMPARE(steps.size(), std::size_t(45));
    for (std::size_t t = 0; t < steps.size(); ++t)
        QCOMPARE(steps[t], t);
    QCOMPARE(rows, fast.picks);
    QCOMPARE(scores, fast.scores);
    QCOMPARE(fast.strategy, SelectionStrategy::Fisher);
    QCOMPARE(fast.params.budget, std::size_t(45));
}

QTEST_APPLESS_MAIN(TestFisherSelection)
#include "test_fisher_selection.moc"
