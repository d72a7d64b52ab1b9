// The parts of t-SNE: exact nearest neighbours (ties to the lower index) and
// the Barnes-Hut quadtree's repulsion (exact at theta = 0, close at 0.5).
#include "embed/projection/barnes_hut_tree.h"
#include "embed/projection/nearest_neighbors.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <random>

using namespace crsw;

class TestProjectionParts : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void nearestNeighborsMatchBruteForce_data();
    void nearestNeighborsMatchBruteForce();
    void nearestNeighborsCapK();
    void treeRepulsionIsExactAtThetaZero();
    void treeRepulsionApproximates();
    void treeHandlesDuplicates();
};

void TestProjectionParts::nearestNeighborsMatchBruteForce_data()
{
    QTest::addColumn<int>("baseRows");
    QTest::addColumn<int>("queryRows");
    QTest::addColumn<bool>("self");
    QTest::addColumn<int>("threads");
    QTest::newRow("self, blocks cross") << 3000 << 3000 << true << 2;
    QTest::newRow("self, one thread") << 3000 << 3000 << true << 1;
    QTest::newRow("queries") << 2500 << 700 << false << 2;
}

void TestProjectionParts::nearestNeighborsMatchBruteForce()
{
    QFETCH(int, baseRows);
    QFETCH(int, queryRows);
    QFETCH(bool, self);
    QFETCH(int, threads);
    // Small integer coordinates: float arithmetic is exact and ties are many,
    // so the order (distance, then index) is tested exactly.
    const std::size_t dim = 5, k = 12;
    std::mt19937 rng(3);
    std::vector<float> base(std::size_t(baseRows) * dim), queries(std::size_t(queryRows) * dim);
    for (float &v : base)
        v = float(rng() % 5);
    for (float &v : queries)
        v = float(rng() % 5);
    const float *q = self ? base.data() : queries.data();
    const std::size_t nq = self ? std::size_t(baseRows) : std::size_t(queryRows);
    Progress progress;
    const NearestNeighbors::Result result =
        NearestNeighbors::search(base.data(), std::size_t(baseRows), q, nq, dim, k, self, threads, progress);
    QCOMPARE(result.k, k);
    for (std::size_t i = 0; i < nq; ++i) {
        std::vector<std::pair<float, std::uint32_t>> all;
        for (std::size_t j = 0; j < std::size_t(baseRows); ++j) {
            if (self && j == i)
                continue;
            float d2 = 0.0f;
            for (std::size_t c = 0; c < dim; ++c)
                d2 += (q[i * dim + c] - base[j * dim + c]) * (q[i * dim + c] - base[j * dim + c]);
            all.emplace_back(d2, std::uint32_t(j));
        }
        std::partial_sort(all.begin(), all.begin() + std::ptrdiff_t(k), all.end());
        for (std::size_t j = 0; j < k; ++j) {
            QCOMPARE(result.indices[i * k + j], all[j].second);
            QCOMPARE(result.distances2[i * k + j], all[j].first);
        }
    }
}

void TestProjectionParts::nearestNeighborsCapK()
{
    const std::vector<float> base{0, 0, 1, 0, 5, 0};
    Progress progress;
    const NearestNeighbors::Result result = NearestNeighbors::search(base.data(), 3, base.data(), 3, 2, 10, true, 1, progress);
    QCOMPARE(result.k, std::size_t(2));
    QCOMPARE(result.indices, (std::vector<std::uint32_t>{1, 2, 0, 2, 1, 0}));
    QCOMPARE(result.distances2, (std::vector<float>{1, 25, 1, 16, 16, 25}));
}

namespace {

std::vector<double> randomPoints(std::size_t n, unsigned seed)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal;
    std::vector<double> xy(2 * n);
    for (std::size_t i = 0; i < n; ++i) {
        const double cluster = double(i % 3) * 6.0;
        xy[2 * i] = normal(rng) + cluster;
        xy[2 * i + 1] = normal(rng) * 2.0 - cluster;
    }
    return xy;
}

// sum_j q_ij and sum_j q_ij^2 (y_i - y_j) over j != i, directly.
double exactRepulsion(const std::vector<double> &xy, std::size_t i, double *fx, double *fy)
{
    double z = 0.0;
    *fx = *fy = 0.0;
    for (std::size_t j = 0; j < xy.size() / 2; ++j) {
        if (j == i)
            continue;
        const double dx = xy[2 * i] - xy[2 * j], dy = xy[2 * i + 1] - xy[2 * j + 1];
        const double q = 1.0 / (1.0 + dx * dx + dy * dy);
        z += q;
        *fx += q * q * dx;
        *fy += q * q * dy;
    }
    return z;
}

} // namespace

void TestProjectionParts::treeRepulsionIsExactAtThetaZero()
{
    const std::vector<double> xy = randomPoints(500, 1);
    BarnesHutTree tree;
    tree.build(xy.data(), 500);
    QVERIFY(tree.cellCount() > 500);
    for (std::size_t i = 0; i < 500; i += 7) {
        double fx = 0, fy = 0, ex, ey;
        const double z = tree.repulsion(xy[2 * i], xy[2 * i + 1], 0.0, &fx, &fy);
        const double ez = exactRepulsion(xy, i, &ex, &ey);
        QVERIFY(std::abs(z - ez) < 1e-10 * ez);
        QVERIFY(std::abs(fx - ex) < 1e-10 * (std::abs(ex) + 1e-3));
        QVERIFY(std::abs(fy - ey) < 1e-10 * (std::abs(ey) + 1e-3));
    }
}

void TestProjectionParts::treeRepulsionApproximates()
{
    // theta = 0.5 (t-SNE's default): Z within 2%, forces within a few percent
    // of the mean force magnitude (a single force can nearly cancel out).
    const std::vector<double> xy = randomPoints(4000, 2);
    BarnesHutTree tree;
    tree.build(xy.data(), 4000);
    double worstZ = 0.0, worstForce = 0.0, meanForce = 0.0;
    int samples = 0;
    for (std::size_t i = 0; i < 4000; i += 37) {
        double fx = 0, fy = 0, ex, ey;
        const double z = tree.repulsion(xy[2 * i], xy[2 * i + 1], 0.5, &fx, &fy);
        const double ez = exactRepulsion(xy, i, &ex, &ey);
        worstZ = std::max(worstZ, std::abs(z - ez) / ez);
        worstForce = std::max(worstForce, std::hypot(fx - ex, fy - ey));
        meanForce += std::hypot(ex, ey);
        ++samples;
    }
    meanForce /= samples;
    qInfo("theta 0.5: worst relative Z error %.4f, worst force error %.4f of the mean force", worstZ,
          worstForce / meanForce);
    QVERIFY(worstZ < 0.02);
    QVERIFY(worstForce < 0.05 * meanForce);
    // A smaller theta is more exact.
    double worstZFine = 0.0;
    for (std::size_t i = 0; i < 4000; i += 37) {
        double fx = 0, fy = 0, ex, ey;
        const double z = tree.repulsion(xy[2 * i], xy[2 * i + 1], 0.1, &fx, &fy);
        worstZFine = std::max(worstZFine, std::abs(z - exactRepulsion(xy, i, &ex, &ey)) / z);
    }
    QVERIFY(worstZFine < worstZ / 4);
}

void TestProjectionParts::treeHandlesDuplicates()
{
    // Three copies of one point and one other: each copy sees two duplicates at q = 1.
    const std::vector<double> xy{1, 1, 1, 1, 1, 1, 4, 5};
    BarnesHutTree tree;
    tree.build(xy.data(), 4);
    double fx = 0, fy = 0;
    const double z = tree.repulsion(1, 1, 0.0, &fx, &fy);
    const double q = 1.0 / (1.0 + 9.0 + 16.0);
    QVERIFY(std::abs(z - (2.0 + q)) < 1e-12);
    QVERIFY(std::abs(fx - q * q * -3.0) < 1e-12);
    QVERIFY(std::abs(fy - q * q * -4.0) < 1e-12);
    fx = fy = 0;
    QVERIFY(std::abs(tree.repulsion(4, 5, 0.0, &fx, &fy) - 3.0 * q) < 1e-12);
}

QTEST_GUILESS_MAIN(TestProjectionParts)
#include "test_projection_parts.moc"
