// PcaProjection against NumPy (a golden made by tests/data/embed/projection/make_pca_golden.py),
// analytic cases, the subspace-iteration path (d > 1024) against Eigen's full solver, and errors.
#include "common/error.h"
#include "embed/projection/pca_projection.h"

#include "test_paths.h"

#include <Eigen/Dense>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <cmath>
#include <cstring>
#include <random>

using namespace crsw;

namespace {

EmbeddingMatrix matrixOf(const std::vector<std::vector<double>> &rows)
{
    EmbeddingMatrix m(rows.size(), rows.empty() ? 0 : rows[0].size());
    for (std::size_t i = 0; i < rows.size(); ++i)
        for (std::size_t j = 0; j < rows[i].size(); ++j)
            m.mutableRow(i)[j] = float(rows[i][j]);
    return m;
}

PcaProjection::Result pca(const EmbeddingMatrix &x, std::size_t k, std::size_t blockRows = 2048)
{
    Progress progress;
    PcaProjection::Options options;
    options.components = k;
    options.blockRows = blockRows;
    return PcaProjection::compute(x, options, progress);
}

} // namespace

class TestPcaProjection : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesNumpyGolden();
    void analyticAxes();
    void pointsOnALine();
    void blockSizeDoesNotMatter();
    void sameBitsForAnyThreadCount();
    void subspaceIterationAboveFullSolverLimit();
    void rejectsBadInput_data();
    void rejectsBadInput();
    void cancels();
};

void TestPcaProjection::matchesNumpyGolden()
{
    const QString dir = test::fixture(QStringLiteral("embed/projection"));
    const EmbeddingMatrix x = EmbeddingMatrix::mapNpy((dir + QStringLiteral("/pca_input.npy")).toStdString());
    QFile file(dir + QStringLiteral("/pca_expected.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject expected = QJsonDocument::fromJson(file.readAll()).object();
    const QJsonArray components = expected[QStringLiteral("components")].toArray();
    const QJsonArray variances = expected[QStringLiteral("explained_variance")].toArray();
    const QJsonArray coords = expected[QStringLiteral("coords")].toArray();
    const QJsonArray mean = expected[QStringLiteral("mean")].toArray();
    const std::size_t k = std::size_t(components.size());
    QCOMPARE(k, std::size_t(3));

    const PcaProjection::Result result = pca(x, k, 64); // several blocks
    QCOMPARE(result.coords.rows(), x.rows());
    QCOMPARE(result.coords.cols(), k);
    QVERIFY(std::abs(result.totalVariance - expected[QStringLiteral("total_variance")].toDouble())
            < 1e-5 * result.totalVariance);
    for (std::size_t j = 0; j < x.cols(); ++j)
        QVERIFY(std::abs(result.mean[j] - mean[int(j)].toDouble()) < 1e-6);
    for (std::size_t c = 0; c < k; ++c) {
        const double variance = variances[int(c)].toDouble();
        QVERIFY2(std::abs(result.explainedVariance[c] - variance) < 1e-5 * variance,
                 qPrintable(QStringLiteral("component %1: %2 vs %3").arg(c).arg(result.explainedVariance[c]).arg(variance)));
        const QJsonArray axis = components[int(c)].toArray();
        for (std::size_t j = 0; j < x.cols(); ++j)
            QVERIFY2(std::abs(result.components[c * x.cols() + j] - axis[int(j)].toDouble()) < 1e-5,
                     qPrintable(QStringLiteral("component %1, loading %2").arg(c).arg(j)));
    }
    double worst = 0.0;
    for (std::size_t i = 0; i < x.rows(); ++i) {
        const QJsonArray row = coords[int(i)].toArray();
        for (std::size_t c = 0; c < k; ++c)
            worst = std::max(worst, std::abs(double(result.coords.row(i)[c]) - row[int(c)].toDouble()));
    }
    QVERIFY2(worst < 1e-4, qPrintable(QString::number(worst)));
}

void TestPcaProjection::analyticAxes()
{
    // Six points at +-3 e1, +-2 e2, +-1 e3 around (5, 5, 5, 5): the axes are
    // e1, e2, e3 with variances 2a^2 / (n - 1) = 3.6, 1.6, 0.4.
    std::vector<std::vector<double>> rows;
    for (int axis = 0; axis < 3; ++axis) {
        for (int sign : {1, -1}) {
            std::vector<double> row(4, 5.0);
            row[std::size_t(axis)] += sign * (3 - axis);
            rows.push_back(row);
        }
    }
    const PcaProjection::Result result = pca(matrixOf(rows), 2);
    QVERIFY(std::abs(result.explainedVariance[0] - 3.6) < 1e-6);
    QVERIFY(std::abs(result.explainedVariance[1] - 1.6) < 1e-6);
    QVERIFY(std::abs(result.totalVariance - 5.6) < 1e-6);
    QVERIFY(std::abs(result.explainedRatio(0) - 3.6 / 5.6) < 1e-9);
    QVERIFY(std::abs(result.components[0] - 1.0) < 1e-9); // e1, sign positive
    QVERIFY(std::abs(result.components[4 + 1] - 1.0) < 1e-9); // e2
    QVERIFY(std::abs(result.coords.row(0)[0] - 3.0f) < 1e-6f);
    QVERIFY(std::abs(result.coords.row(0)[1]) < 1e-6f);
    QVERIFY(std::abs(result.coords.row(3)[1] + 2.0f) < 1e-6f);
}

void TestPcaProjection::pointsOnALine()
{
    std::vector<std::vector<double>> rows;
    for (int i = 0; i < 10; ++i)
        rows.push_back({1.0 + i, 2.0 - 2.0 * i, 0.5 * i});
    const PcaProjection::Result result = pca(matrixOf(rows), 2);
    QVERIFY(std::abs(result.explainedRatio(0) - 1.0) < 1e-6);
    QVERIFY(result.explainedVariance[1] < 1e-6);
    // The axis is the line's direction (1, -2, 0.5) / |.|, largest loading (-2) made positive.
    const double norm = std::sqrt(1.0 + 4.0 + 0.25);
    QVERIFY(std::abs(result.components[0] + 1.0 / norm) < 1e-6);
    QVERIFY(std::abs(result.components[1] - 2.0 / norm) < 1e-6);
    // Equally spaced points project to equally spaced values.
    const float step = result.coords.row(1)[0] - result.coords.row(0)[0];
    QVERIFY(std::abs(std::abs(step) - float(norm)) < 1e-5f);
}

void TestPcaProjection::blockSizeDoesNotMatter()
{
    std::mt19937_64 rng(7);
    std::normal_distribution<double> normal;
    EmbeddingMatrix x(1000, 16);
    for (std::size_t i = 0; i < x.rows(); ++i)
        for (std::size_t j = 0; j < x.cols(); ++j)
            x.mutableRow(i)[j] = float(normal(rng) * (1.0 + double(j)) + 3.0);
    const PcaProjection::Result a = pca(x, 2, 7);
    const PcaProjection::Result b = pca(x, 2, 4096);
    for (std::size_t c = 0; c < 2; ++c)
        QVERIFY(std::abs(a.explainedVariance[c] - b.explainedVariance[c]) < 1e-6 * a.explainedVariance[c]);
    for (std::size_t i = 0; i < x.rows(); ++i)
        for (std::size_t c = 0; c < 2; ++c)
            QVERIFY(std::abs(a.coords.row(i)[c] - b.coords.row(i)[c]) < 1e-4f);
}

void TestPcaProjection::sameBitsForAnyThreadCount()
{
    // Blocks are summed in block order whatever runs them: 1 and 3 threads agree to the bit.
    std::mt19937_64 rng(9);
    std::normal_distribution<double> normal;
    EmbeddingMatrix x(5000, 64);
    for (std::size_t i = 0; i < x.rows(); ++i)
        for (std::size_t j = 0; j < x.cols(); ++j)
            x.mutableRow(i)[j] = float(normal(rng) * (1.0 + double(j % 7)));
    PcaProjection::Options options;
    options.components = 3;
    options.blockRows = 300;
    Progress progress;
    options.threads = 1;
    const PcaProjection::Result one = PcaProjection::compute(x, options, progress);
    options.threads = 3;
    const PcaProjection::Result three = PcaProjection::compute(x, options, progress);
    QCOMPARE(one.explainedVariance, three.explainedVariance);
    QCOMPARE(one.components, three.components);
    QVERIFY(std::memcmp(one.coords.data(), three.coords.data(), x.rows() * 3 * sizeof(float)) == 0);
}

void TestPcaProjection::subspaceIterationAboveFullSolverLimit()
{
    // d = 1100 > 1024 takes the iterative path: its components must be the
    // leading eigenvectors of the covariance that Eigen's full solver finds.
    const std::size_t n = 300, d = 1100;
    std::mt19937_64 rng(11);
    std::normal_distribution<double> normal;
    EmbeddingMatrix x(n, d);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < d; ++j)
            x.mutableRow(i)[j] = float(normal(rng) * (j < 3 ? 8.0 - 2.0 * double(j) : 1.0));
    const PcaProjection::Result result = pca(x, 2);

    Eigen::MatrixXd xd(n, d);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < d; ++j)
            xd(Eigen::Index(i), Eigen::Index(j)) = x.row(i)[j];
    const Eigen::MatrixXd centred = xd.rowwise() - xd.colwise().mean();
    const Eigen::MatrixXd cov = centred.transpose() * centred / double(n - 1);
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> full(cov);
    for (std::size_t c = 0; c < 2; ++c) {
        const double lambda = full.eigenvalues()(Eigen::Index(d - 1 - c));
        QVERIFY2(std::abs(result.explainedVariance[c] - lambda) < 1e-5 * lambda,
                 qPrintable(QStringLiteral("%1 vs %2").arg(result.explainedVariance[c]).arg(lambda)));
        const Eigen::Map<const Eigen::VectorXd> v(&result.components[c * d], Eigen::Index(d));
        QVERIFY(std::abs(v.norm() - 1.0) < 1e-9);
        QVERIFY((cov * v - lambda * v).norm() < 1e-4 * lambda);
        QVERIFY(std::abs(v.dot(full.eigenvectors().col(Eigen::Index(d - 1 - c)))) > 1.0 - 1e-6);
    }
    QVERIFY(std::abs(std::abs(result.totalVariance) - cov.trace()) < 1e-5 * cov.trace());
}

void TestPcaProjection::rejectsBadInput_data()
{
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("components");
    QTest::addColumn<bool>("nan");
    QTest::addColumn<QString>("message");
    QTest::newRow("one row") << 1 << 2 << false << QStringLiteral("at least 2 rows");
    QTest::newRow("no components") << 5 << 0 << false << QStringLiteral("between 1 and the dimension 3");
    QTest::newRow("too many components") << 5 << 4 << false << QStringLiteral("between 1 and the dimension 3");
    QTest::newRow("NaN") << 5 << 2 << true << QStringLiteral("row 3 holds a NaN");
}

void TestPcaProjection::rejectsBadInput()
{
    QFETCH(int, rows);
    QFETCH(int, components);
    QFETCH(bool, nan);
    QFETCH(QString, message);
    EmbeddingMatrix x(std::size_t(rows), 3);
    for (int i = 0; i < rows; ++i)
        x.mutableRow(std::size_t(i))[i % 3] = float(i);
    if (nan)
        x.mutableRow(3)[1] = std::nanf("");
    try {
        pca(x, std::size_t(components));
        QFAIL("no error");
    } catch (const Error &e) {
        QVERIFY2(QString::fromStdString(e.what()).contains(message), e.what());
    }
}

void TestPcaProjection::cancels()
{
    EmbeddingMatrix x(100, 4);
    Progress progress;
    progress.cancel();
    QVERIFY_THROWS_EXCEPTION(Cancelled, PcaProjection::compute(x, PcaProjection::Options(), progress));
}

QTEST_GUILESS_MAIN(TestPcaProjection)
#include "test_pca_projection.moc"
