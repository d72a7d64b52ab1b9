// TallQr: Q orthonormal and Q R = X, on well-conditioned blocks (CholeskyQR2)
// and on ill-conditioned or rank-deficient ones (the Householder fallback).
#include "embed/seeded_random.h"
#include "embed/tall_qr.h"

#include <QtTest>

#include <cmath>

using namespace crsw;

namespace {

// m x l with column j scaled by decay^j: cond(X) is about decay^-(l-1).
std::vector<float> block(std::size_t m, std::size_t l, double decay, std::uint64_t seed)
{
    SeededRandom random(seed);
    std::vector<float> x(m * l);
    for (std::size_t i = 0; i < m; ++i)
        for (std::size_t j = 0; j < l; ++j)
            x[i * l + j] = static_cast<float>(random.gaussian() * std::pow(decay, double(j)));
    return x;
}

double orthogonalityError(const std::vector<float> &q, std::size_t m, std::size_t l)
{
    double worst = 0.0;
    for (std::size_t a = 0; a < l; ++a)
        for (std::size_t b = a; b < l; ++b) {
            double dot = 0.0;
            for (std::size_t i = 0; i < m; ++i)
                dot += double(q[i * l + a]) * q[i * l + b];
            worst = std::max(worst, std::fabs(dot - (a == b ? 1.0 : 0.0)));
        }
    return worst;
}

double reconstructionError(const std::vector<float> &x, const std::vector<float> &q, const std::vector<double> &r,
                           std::size_t m, std::size_t l)
{
    double worst = 0.0, scale = 0.0;
    for (float v : x)
        scale = std::max(scale, double(std::fabs(v)));
    for (std::size_t i = 0; i < m; ++i)
        for (std::size_t j = 0; j < l; ++j) {
            double sum = 0.0;
            for (std::size_t h = 0; h <= j; ++h)
                sum += double(q[i * l + h]) * r[h * l + j];
            worst = std::max(worst, std::fabs(sum - x[i * l + j]));
        }
    return worst / scale;
}

} // namespace

class TestTallQr : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void orthonormalAndExact_data();
    void orthonormalAndExact();
    void onePassKeepsTheSpan();
};

void TestTallQr::orthonormalAndExact_data()
{
    QTest::addColumn<int>("m");
    QTest::addColumn<int>("l");
    QTest::addColumn<double>("decay");
    QTest::addColumn<bool>("fallback");
    QTest::newRow("well conditioned: CholeskyQR2") << 2000 << 40 << 0.98 << false;
    QTest::newRow("nearly square") << 60 << 30 << 0.99 << false;
    QTest::newRow("square: cond above 10^3") << 30 << 30 << 0.99 << true;
    QTest::newRow("cond 1e6: Householder") << 1500 << 30 << 0.62 << true;
    QTest::newRow("rank-deficient: Householder") << 500 << 20 << 0.0 << true;
}

void TestTallQr::orthonormalAndExact()
{
    QFETCH(int, m);
    QFETCH(int, l);
    QFETCH(double, decay);
    QFETCH(bool, fallback);
    std::vector<float> x = block(std::size_t(m), std::size_t(l), decay, 3);
    if (decay == 0.0) // two copies of the same 10 columns
        for (int i = 0; i < m; ++i)
            for (int j = 10; j < l; ++j)
                x[std::size_t(i * l + j)] = x[std::size_t(i * l + j - 10)];
    std::vector<float> q = x;
    std::vector<double> r;
    const bool fellBack = TallQr::orthonormalize(q.data(), std::size_t(m), std::size_t(l), true, &r);
    QCOMPARE(fellBack, fallback);
    QCOMPARE(r.size(), std::size_t(l * l));
    QVERIFY2(orthogonalityError(q, std::size_t(m), std::size_t(l)) < 1e-5,
             qPrintable(QString::number(orthogonalityError(q, std::size_t(m), std::size_t(l)))));
    QVERIFY2(reconstructionError(x, q, r, std::size_t(m), std::size_t(l)) < 1e-5,
             qPrintable(QString::number(reconstructionError(x, q, r, std::size_t(m), std::size_t(l)))));
    for (int i = 0; i < l; ++i)
        for (int j = 0; j < i; ++j)
            QCOMPARE(r[std::size_t(i * l + j)], 0.0);
}

void TestTallQr::onePassKeepsTheSpan()
{
    // cond about 50: one CholeskyQR pass; the columns are near-orthonormal and Q R = X.
    const std::size_t m = 3000, l = 50;
    const std::vector<float> x = block(m, l, 0.923, 8);
    std::vector<float> q = x;
    std::vector<double> r;
    QVERIFY(!TallQr::orthonormalize(q.data(), m, l, false, &r));
    QVERIFY(orthogonalityError(q, m, l) < 1e-3);
    QVERIFY(reconstructionError(x, q, r, m, l) < 1e-5);
}

QTEST_APPLESS_MAIN(TestTallQr)
#include "test_tall_qr.moc"
