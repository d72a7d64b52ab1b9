// TsneProjection: well-separated clusters stay separated in 2-D, the layout is
// identical for a seed whatever the thread count, the sample cap places every
// row, and it reports progress, cancels and rejects bad input.
#include "common/error.h"
#include "embed/projection/tsne_projection.h"

#include <QtTest>

#include <mutex>
#include <cmath>
#include <cstring>
#include <random>

using namespace crsw;

namespace {

constexpr std::size_t kClusters = 5;
constexpr std::size_t kPerCluster = 80;
constexpr std::size_t kDim = 30;

// Five Gaussian clusters (std 1) whose centres are ~14 apart in 30-D, rows interleaved.
EmbeddingMatrix clusteredData(std::size_t perCluster = kPerCluster)
{
    std::mt19937_64 rng(42);
    std::normal_distribution<double> normal;
    std::vector<std::vector<double>> centres(kClusters, std::vector<double>(kDim));
    for (auto &centre : centres)
        for (double &v : centre)
            v = normal(rng) * 2.5;
    EmbeddingMatrix x(kClusters * perCluster, kDim);
    for (std::size_t i = 0; i < x.rows(); ++i)
        for (std::size_t j = 0; j < kDim; ++j)
            x.mutableRow(i)[j] = float(centres[i % kClusters][j] + normal(rng));
    return x;
}

TsneProjection::Options fastOptions()
{
    TsneProjection::Options options;
    options.iterations = 500;
    options.perplexity = 20.0;
    return options;
}

// Share of rows whose nearest other row in 2-D belongs to the same cluster.
double nearestNeighbourPurity(const EmbeddingMatrix &y)
{
    std::size_t same = 0;
    for (std::size_t i = 0; i < y.rows(); ++i) {
        double best = HUGE_VAL;
        std::size_t bestJ = 0;
        for (std::size_t j = 0; j < y.rows(); ++j) {
            if (j == i)
                continue;
            const double d = std::hypot(y.row(i)[0] - y.row(j)[0], y.row(i)[1] - y.row(j)[1]);
            if (d < best) {
                best = d;
                bestJ = j;
            }
        }
        same += (bestJ % kClusters) == (i % kClusters);
    }
    return double(same) / double(y.rows());
}

// The smallest distance between two cluster centroids over the largest
// cluster radius (95th percentile of the distances to its centroid).
double separation(const EmbeddingMatrix &y)
{
    std::vector<double> cx(kClusters, 0.0), cy(kClusters, 0.0), count(kClusters, 0.0);
    for (std::size_t i = 0; i < y.rows(); ++i) {
        cx[i % kClusters] += y.row(i)[0];
        cy[i % kClusters] += y.row(i)[1];
        count[i % kClusters] += 1.0;
    }
    for (std::size_t c = 0; c < kClusters; ++c) {
        cx[c] /= count[c];
        cy[c] /= count[c];
    }
    double radius = 0.0;
    for (std::size_t c = 0; c < kClusters; ++c) {
        std::vector<double> d;
        for (std::size_t i = c; i < y.rows(); i += kClusters)
            d.push_back(std::hypot(y.row(i)[0] - cx[c], y.row(i)[1] - cy[c]));
        std::sort(d.begin(), d.end());
        radius = std::max(radius, d[std::size_t(0.95 * double(d.size() - 1))]);
    }
    double gap = HUGE_VAL;
    for (std::size_t a = 0; a < kClusters; ++a)
        for (std::size_t b = a + 1; b < kClusters; ++b)
            gap = std::min(gap, std::hypot(cx[a] - cx[b], cy[a] - cy[b]));
    return gap / radius;
}

bool sameBytes(const EmbeddingMatrix &a, const EmbeddingMatrix &b)
{
    return a.rows() == b.rows() && a.cols() == b.cols()
           && std::memcmp(a.data(), b.data(), a.rows() * a.cols() * sizeof(float)) == 0;
}

} // namespace

class TestTsneProjection : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void separatesClusters_data();
    void separatesClusters();
    void deterministicForSeed();
    void sampleCapPlacesEveryRow();
    void reportsProgressAndCancels();
    void rejectsBadInput();
};

void TestTsneProjection::separatesClusters_data()
{
    QTest::addColumn<int>("init");
    QTest::newRow("pca init") << int(TsneProjection::Init::Pca);
    QTest::newRow("random init") << int(TsneProjection::Init::Random);
}

void TestTsneProjection::separatesClusters()
{
    QFETCH(int, init);
    const EmbeddingMatrix x = clusteredData();
    TsneProjection::Options options = fastOptions();
    options.init = TsneProjection::Init(init);
    options.pcaDimensions = 10; // reduced below the input's 30
    Progress progress;
    const TsneProjection::Result result = TsneProjection::compute(x, options, progress);
    QCOMPARE(result.coords.rows(), x.rows());
    QCOMPARE(result.sample.size(), x.rows());
    const double purity = nearestNeighbourPurity(result.coords);
    const double ratio = separation(result.coords);
    qInfo("nearest-neighbour purity %.4f, centroid gap / cluster radius %.2f, KL %.3f", purity, ratio,
          result.klDivergence);
    QCOMPARE(purity, 1.0);
    QVERIFY2(ratio > 2.0, qPrintable(QString::number(ratio)));
    QVERIFY(result.klDivergence > 0.0 && result.klDivergence < 2.0);
}

void TestTsneProjection::deterministicForSeed()
{
    const EmbeddingMatrix x = clusteredData();
    TsneProjection::Options options = fastOptions();
    options.iterations = 300;
    options.init = TsneProjection::Init::Random;
    options.seed = 7;
    options.threads = 2;
    Progress progress;
    const TsneProjection::Result a = TsneProjection::compute(x, options, progress);
    const TsneProjection::Result b = TsneProjection::compute(x, options, progress);
    options.threads = 1;
    const TsneProjection::Result c = TsneProjection::compute(x, options, progress);
    QVERIFY(sameBytes(a.coords, b.coords));
    QVERIFY(sameBytes(a.coords, c.coords));
    QCOMPARE(a.klDivergence, c.klDivergence);
    options.seed = 8;
    const TsneProjection::Result d = TsneProjection::compute(x, options, progress);
    QVERIFY(!sameBytes(a.coords, d.coords));
}

void TestTsneProjection::sampleCapPlacesEveryRow()
{
    const EmbeddingMatrix x = clusteredData(120); // 600 rows
    TsneProjection::Options options = fastOptions();
    options.maxPoints = 200;
    options.seed = 3;
    Progress progress;
    const TsneProjection::Result result = TsneProjection::compute(x, options, progress);
    QCOMPARE(result.sample.size(), std::size_t(200));
    QVERIFY(std::is_sorted(result.sample.begin(), result.sample.end()));
    QVERIFY(std::adjacent_find(result.sample.begin(), result.sample.end()) == result.sample.end());
    QCOMPARE(result.coords.rows(), x.rows());
    for (std::size_t i = 0; i < x.rows(); ++i)
        QVERIFY(std::isfinite(result.coords.row(i)[0]) && std::isfinite(result.coords.row(i)[1]));
    // Placed rows land among their own cluster.
    QVERIFY2(nearestNeighbourPurity(result.coords) > 0.98, qPrintable(QString::number(nearestNeighbourPurity(result.coords))));
    QVERIFY(separation(result.coords) > 2.0);
    // Another seed samples other rows.
    options.seed = 4;
    QVERIFY(TsneProjection::compute(x, options, progress).sample != result.sample);
}

void TestTsneProjection::reportsProgressAndCancels()
{
    const EmbeddingMatrix x = clusteredData();
    // Reports come from worker threads too (the neighbour search): count under a lock.
    std::mutex mutex;
    int reports = 0, iterations = 0;    // guarded by mutex
    double lastIterationFraction = 0.0; // guarded by mutex
    Progress progress(
        [&](double fraction, const std::string &message) {
            std::lock_guard<std::mutex> lock(mutex);
            ++reports;
            if (message.rfind("t-SNE: iteration", 0) == 0) {
                lastIterationFraction = fraction;
                if (++iterations == 20)
                    progress.cancel();
            }
        },
        std::chrono::milliseconds(0));
    TsneProjection::Options options = fastOptions();
    options.iterations = 100000; // would run for minutes: only cancelling ends it
    QVERIFY_THROWS_EXCEPTION(Cancelled, TsneProjection::compute(x, options, progress));
    QCOMPARE(iterations, 20); // stopped at the next check
    QVERIFY(reports > 20);
    QVERIFY(lastIterationFraction > 0.3 && lastIterationFraction < 0.31);
}

void TestTsneProjection::rejectsBadInput()
{
    Progress progress;
    QVERIFY_THROWS_EXCEPTION(Error, TsneProjection::compute(EmbeddingMatrix(3, 4), TsneProjection::Options(), progress));
    TsneProjection::Options options;
    options.perplexity = 0.0;
    QVERIFY_THROWS_EXCEPTION(Error, TsneProjection::compute(EmbeddingMatrix(10, 4), options, progress));
    options = TsneProjection::Options();
    options.iterations = 0;
    QVERIFY_THROWS_EXCEPTION(Error, TsneProjection::compute(EmbeddingMatrix(10, 4), options, progress));
    EmbeddingMatrix bad(10, 4);
    bad.mutableRow(5)[2] = std::numeric_limits<float>::infinity();
    QVERIFY_THROWS_EXCEPTION(Error, TsneProjection::compute(bad, TsneProjection::Options(), progress));
}

QTEST_GUILESS_MAIN(TestTsneProjection)
#include "test_tsne_projection.moc"
