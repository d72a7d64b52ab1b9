// RandomizedSvd against Eigen's exact SVD (in double) on sparse matrices of
// several shapes with a decaying spectrum; determinism; the sign convention.
#include "common/error.h"
#include "embed/randomized_svd.h"
#include "embed/seeded_random.h"

#include <QtTest>

#include <Eigen/SVD>

#include <cmath>

using namespace crsw;

namespace {

// A sparse rows x cols matrix of rank `rank` (singular values falling by
// 0.7 a step) plus small noise on its non-zeros: the sum of rank-one terms
// whose factors are sparse, so each term covers a share `density` of the entries.
CsrMatrix lowRankSparse(std::size_t rows, std::size_t cols, std::size_t rank, double density, std::uint64_t seed)
{
    SeededRandom random(seed);
    const double keep = std::sqrt(density);
    Eigen::MatrixXd u = Eigen::MatrixXd::Zero(Eigen::Index(rows), Eigen::Index(rank));
    Eigen::MatrixXd v = Eigen::MatrixXd::Zero(Eigen::Index(cols), Eigen::Index(rank));
    for (Eigen::Index i = 0; i < u.size(); ++i)
        u.data()[i] = random.uniform() < keep ? random.gaussian() : 0.0;
    for (Eigen::Index i = 0; i < v.size(); ++i)
        v.data()[i] = random.uniform() < keep ? random.gaussian() : 0.0;
    for (std::size_t j = 0; j < rank; ++j)
        u.col(Eigen::Index(j)) *= 10.0 * std::pow(0.7, double(j));
    const Eigen::MatrixXd m = u * v.transpose();
    CsrMatrix a;
    a.rows = rows;
    a.cols = cols;
    for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t c = 0; c < cols; ++c) {
            const double value = m(Eigen::Index(r), Eigen::Index(c));
            if (value == 0.0)
                continue;
            a.columns.push_back(static_cast<std::uint32_t>(c));
            a.values.push_back(static_cast<float>(value + 1e-3 * random.gaussian()));
        }
        a.rowStart.push_back(a.columns.size());
    }
    return a;
}

Eigen::MatrixXd dense(const CsrMatrix &a)
{
    Eigen::MatrixXd m = Eigen::MatrixXd::Zero(Eigen::Index(a.rows), Eigen::Index(a.cols));
    for (std::size_t r = 0; r < a.rows; ++r)
        for (auto p = a.rowStart[r]; p < a.rowStart[r + 1]; ++p)
            m(Eigen::Index(r), Eigen::Index(a.columns[p])) = a.values[p];
    return m;
}

} // namespace

class TestRandomizedSvd : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesExactSvd_data();
    void matchesExactSvd();
    void multiplyMatchesDense();
    void deterministicForASeedOnAnyThreadCount();
    void rankIsLoweredToTheMatrix();
    void badInput();
};

void TestRandomizedSvd::matchesExactSvd_data()
{
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("cols");
    QTest::addColumn<int>("rank");
    QTest::addColumn<int>("k");
    QTest::addColumn<double>("density");
    QTest::newRow("tall") << 600 << 80 << 12 << 8 << 0.3;
    QTest::newRow("wide") << 70 << 900 << 10 << 10 << 0.2;
    QTest::newRow("square, dense") << 150 << 150 << 20 << 16 << 1.0;
    QTest::newRow("very sparse") << 2000 << 300 << 8 << 6 << 0.02;
    QTest::newRow("k at the full rank") << 40 << 25 << 25 << 25 << 0.5;
    QTest::newRow("rank above k + p: power iterations") << 500 << 400 << 60 << 8 << 0.1;
}

void TestRandomizedSvd::matchesExactSvd()
{
    QFETCH(int, rows);
    QFETCH(int, cols);
    QFETCH(int, rank);
    QFETCH(int, k);
    QFETCH(double, density);
    const CsrMatrix a = lowRankSparse(std::size_t(rows), std::size_t(cols), std::size_t(rank), density, 99);
    const Eigen::MatrixXd m = dense(a);
    const Eigen::JacobiSVD<Eigen::MatrixXd> exact(m, Eigen::ComputeThinV);
    RandomizedSvd::Options options;
    options.rank = std::size_t(k);
    Progress quiet;
    const RandomizedSvd::Result result = RandomizedSvd::compute(a, options, quiet);
    QCOMPARE(result.singularValues.size(), std::size_t(k));
    QCOMPARE(result.rightVectors.rows(), std::size_t(cols));
    QCOMPARE(result.rightVectors.cols(), std::size_t(k));
    const double top = exact.singularValues()(0);
    for (int j = 0; j < k; ++j) {
        const double want = exact.singularValues()(j);
        QVERIFY2(std::fabs(result.singularValues[std::size_t(j)] - want) < 1e-4 * top,
                 qPrintable(QStringLiteral("sigma_%1: ours %2, exact %3").arg(j).arg(result.singularValues[std::size_t(j)]).arg(want)));
    }
    // The right vectors: orthonormal, equal to the exact ones up to sign, and
    // the sign puts each vector's largest-magnitude entry positive.
    for (int j = 0; j < k; ++j) {
        double dot = 0.0, largest = 0.0, atLargest = 0.0;
        for (int i = 0; i < cols; ++i) {
            const double ours = result.rightVectors.row(std::size_t(i))[j];
            dot += ours * exact.matrixV()(i, j);
            if (std::fabs(ours) > largest) {
                largest = std::fabs(ours);
                atLargest = ours;
            }
        }
        QVERIFY2(std::fabs(std::fabs(dot) - 1.0) < 1e-3, qPrintable(QStringLiteral("vector %1: |cos| %2").arg(j).arg(dot)));
        QVERIFY(atLargest > 0.0);
        for (int h = 0; h < j; ++h) {
            double cross = 0.0;
            for (int i = 0; i < cols; ++i)
                cross += double(result.rightVectors.row(std::size_t(i))[j]) * result.rightVectors.row(std::size_t(i))[h];
            QVERIFY(std::fabs(cross) < 1e-4);
        }
    }
}

void TestRandomizedSvd::multiplyMatchesDense()
{
    const CsrMatrix a = lowRankSparse(300, 120, 5, 0.1, 4);
    const Eigen::MatrixXd m = dense(a);
    for (std::size_t k : {1, 7, 16, 33}) {
        std::vector<float> b(120 * k), out(300 * k), outT(120 * k), c(300 * k);
        for (std::size_t i = 0; i < b.size(); ++i)
            b[i] = float(int(i % 13) - 6) * 0.125f;
        for (std::size_t i = 0; i < c.size(); ++i)
            c[i] = float(int(i % 7) - 3) * 0.5f;
        a.multiply(b.data(), k, out.data(), 3);
        a.transposed().multiply(c.data(), k, outT.data(), 2);
        for (std::size_t r = 0; r < 300; ++r)
            for (std::size_t j = 0; j < k; ++j) {
                double want = 0.0;
                for (std::size_t i = 0; i < 120; ++i)
                    want += m(Eigen::Index(r), Eigen::Index(i)) * b[i * k + j];
                QVERIFY(std::fabs(out[r * k + j] - want) < 1e-3);
            }
        for (std::size_t r = 0; r < 120; ++r)
            for (std::size_t j = 0; j < k; ++j) {
                double want = 0.0;
                for (std::size_t i = 0; i < 300; ++i)
                    want += m(Eigen::Index(i), Eigen::Index(r)) * c[i * k + j];
                QVERIFY(std::fabs(outT[r * k + j] - want) < 1e-3);
            }
    }
}

void TestRandomizedSvd::deterministicForASeedOnAnyThreadCount()
{
    const CsrMatrix a = lowRankSparse(3000, 400, 30, 0.05, 7);
    RandomizedSvd::Options options;
    options.rank = 20;
    Progress quiet;
    options.threads = 1;
    const RandomizedSvd::Result one = RandomizedSvd::compute(a, options, quiet);
    for (int threads : {2, 5}) {
        options.threads = threads;
        const RandomizedSvd::Result many = RandomizedSvd::compute(a, options, quiet);
        QCOMPARE(many.singularValues, one.singularValues);
        QVERIFY(std::memcmp(many.rightVectors.data(), one.rightVectors.data(), 400 * 20 * sizeof(float)) == 0);
    }
    // Another seed draws another test matrix: not bit-identical, the same leading values.
    options.seed = 12345;
    const RandomizedSvd::Result other = RandomizedSvd::compute(a, options, quiet);
    QVERIFY(std::memcmp(other.rightVectors.data(), one.rightVectors.data(), 400 * 20 * sizeof(float)) != 0);
    QVERIFY(std::fabs(other.singularValues[0] - one.singularValues[0]) < 1e-4 * one.singularValues[0]);
}

void TestRandomizedSvd::rankIsLoweredToTheMatrix()
{
    const CsrMatrix a = lowRankSparse(5, 30, 3, 1.0, 1);
    RandomizedSvd::Options options;
    options.rank = 256;
    Progress quiet;
    const RandomizedSvd::Result result = RandomizedSvd::compute(a, options, quiet);
    QCOMPARE(result.singularValues.size(), std::size_t(5));
    QCOMPARE(result.sampledDirections, std::size_t(5));
    QCOMPARE(result.rightVectors.cols(), std::size_t(5));
}

void TestRandomizedSvd::badInput()
{
    Progress quiet;
    RandomizedSvd::Options options;
    QVERIFY_THROWS_EXCEPTION(Error, RandomizedSvd::compute(CsrMatrix(), options, quiet));
    CsrMatrix a = lowRankSparse(10, 10, 2, 1.0, 1);
    a.values[3] = std::nanf("");
    QVERIFY_THROWS_EXCEPTION(Error, RandomizedSvd::compute(a, options, quiet));
    a.values[3] = 1.0f;
    options.rank = 0;
    QVERIFY_THROWS_EXCEPTION(Error, RandomizedSvd::compute(a, options, quiet));
    options.rank = 3;
    Progress cancelled;
    cancelled.cancel();
    QVERIFY_THROWS_EXCEPTION(Cancelled, RandomizedSvd::compute(a, options, cancelled));
}

QTEST_APPLESS_MAIN(TestRandomizedSvd)
#include "test_randomized_svd.moc"
