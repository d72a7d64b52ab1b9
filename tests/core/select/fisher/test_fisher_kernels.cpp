// The FISHER kernels (every variant this CPU runs) against exact sums within
// their stated rounding bound, and FisherInverse against a direct inverse.
#include "select/fisher/fisher_inverse.h"
#include "select/fisher/fisher_kernels.h"

#include "fisher_test_data.h"

#include <QtTest>

#include <cmath>

using namespace crsw;

class TestFisherKernels : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void dotPackedWithinBound();
    void packVectorMatchesPack();
    void gemvRowsIndependentOfPosition();
    void inverseMatchesDirectInverse();

private:
    void checkInverse(const FisherKernels &kernels, std::size_t d);
};

void TestFisherKernels::dotPackedWithinBound()
{
    const double u = std::ldexp(1.0, -24);
    for (const FisherKernels *kernels : FisherKernels::available()) {
        for (std::size_t d : {1, 7, 15, 16, 17, 33, 64, 65, 100, 200, 768}) {
            const EmbeddingMatrix x = test::gaussianRows(53, d, d, false);
            const EmbeddingMatrix w = test::gaussianRows(97, d, d + 1, false);
            const double m = double(kernels->roundings(d));
            const double gamma = m * u / (1.0 - m * u);
            std::vector<float> packed(fisherPackedSize(w.rows(), d));
            std::vector<const float *> rowsOf(x.rows());
            for (std::size_t r = 0; r < x.rows(); ++r) // scattered order: pointers, not a stride
                rowsOf[r] = x.row((r * 7) % x.rows());
            // Exact products and sums of |terms| of every (row, vector) pair.
            std::vector<long double> exact(x.rows() * w.rows()), absolute(x.rows() * w.rows());
            for (std::size_t r = 0; r < x.rows(); ++r)
                for (std::size_t k = 0; k < w.rows(); ++k)
                    for (std::size_t j = 0; j < d; ++j) {
                        const long double term = (long double)rowsOf[r][j] * w.row(k)[j];
                        exact[r * w.rows() + k] += term;
                        absolute[r * w.rows() + k] += std::abs(term);
                    }
            for (std::size_t rows : {1, 2, 3, 4, 5, 8, 9, 17, 24, 35, 53})
                for (std::size_t count : {1, 5, 6, 7, 13, 16, 17, 33, 48, 50, 64, 97})
                    // first > 0: the vectors from a block start on, read in place.
                    for (std::size_t first : {std::size_t(0), std::size_t(16), std::size_t(32)}) {
                        if (first >= count)
                            continue;
                        fisherPack(w.data(), d, count, d, packed.data());
                        std::vector<float> out(rows * count, -1.0f);
                        const std::size_t n = count - first;
                        kernels->dotPacked(rowsOf.data(), rows, packed.data() + first * d, n, d, out.data(), n);
                        for (std::size_t r = 0; r < rows; ++r)
                            for (std::size_t k = 0; k < n; ++k) {
                                const std::size_t pair = r * w.rows() + first + k;
                                const double error = double(std::abs(out[r * n + k] - exact[pair]));
                                const double bound = gamma * double(absolute[pair]);
                                if (!(error <= bound)) // the message only on failure: it is slow to build
                                    QFAIL(qPrintable(QStringLiteral("%1 d=%2 rows=%3 count=%4 first=%7: error %5 > bound %6")
                                                         .arg(QString::fromLatin1(kernels->name)).arg(d).arg(rows)
                                                         .arg(count).arg(error).arg(bound).arg(first)));
                            }
                    }
        }
    }
}

void TestFisherKernels::packVectorMatchesPack()
{
    // Vectors packed one at a time into a zeroed array (as the greedy stores
    // its picks) equal a whole fisherPack(), padding included.
    const std::size_t d = 37, count = 41;
    const EmbeddingMatrix w = test::gaussianRows(count, d, 5, false);
    std::vector<float> whole(fisherPackedSize(count, d), -1.0f), incremental(fisherPackedSize(count, d), 0.0f);
    fisherPack(w.data(), d, count, d, whole.data());
    for (std::size_t k = 0; k < count; ++k)
        fisherPackVector(w.row(k), d, k, incremental.data());
    QCOMPARE(whole.size(), std::size_t(48 * d));
    QVERIFY(whole == incremental);
    QCOMPARE(whole[2 * 16 * d + 3 * 16 + 5], w.row(37)[3]); // block 2, element 3, vector 32 + 5
}

void TestFisherKernels::gemvRowsIndependentOfPosition()
{
    // The same row anywhere in the matrix gives the same bits (ties rely on it).
    const FisherKernels &kernels = FisherKernels::best();
    for (std::size_t d : {3, 8, 16, 21, 768}) {
        const EmbeddingMatrix f = test::gaussianRows(7, d, 40 + d, false);
        std::vector<double> a(7 * d), x(d);
        for (std::size_t q = 0; q < a.size(); ++q)
            a[q] = f.data()[q];
        for (std::size_t j = 0; j < d; ++j)
            x[j] = f.row(6)[j] * 0.5;
        std::copy_n(a.data() + 2 * d, d, a.data() + 5 * d);
        std::vector<double> y(7);
        kernels.gemv(a.data(), d, 7, x.data(), d, y.data());
        QCOMPARE(y[5], y[2]);
        double single = 0.0;
        kernels.gemv(a.data() + 2 * d, d, 1, x.data(), d, &single);
        QCOMPARE(single, y[2]);
        long double exact = 0;
        for (std::size_t j = 0; j < d; ++j)
            exact += (long double)a[2 * d + j] * x[j];
        QVERIFY(std::abs(double(exact) - y[2]) <= 1e-13 * (1.0 + std::abs(double(exact))));
    }
}

void TestFisherKernels::inverseMatchesDirectInverse()
{
    // After 70 updates (two folds and some pending terms) A⁻¹ equals the
    // inverse of λI + sum x xᵀ computed by Gauss-Jordan elimination; sizes
    // that reach the blocked fold and apply paths, every kernel variant.
    for (const FisherKernels *kernels : FisherKernels::available())
        for (const std::size_t d : {std::size_t(12), std::size_t(45)})
            checkInverse(*kernels, d);
}

void TestFisherKernels::checkInverse(const FisherKernels &kernels, std::size_t d)
{
    const double lambda = 0.8;
    const EmbeddingMatrix rows = test::gaussianRows(70, d, 77);
    FisherInverse inverse(d, lambda, kernels);
    std::vector<double> a(d * d, 0.0), x(d), u(d);
    for (std::size_t j = 0; j < d; ++j)
        a[j * d + j] = lambda;
    for (std::size_t i = 0; i < rows.rows(); ++i) {
        for (std::size_t j = 0; j < d; ++j)
            x[j] = rows.row(i)[j];
        inverse.apply(x.data(), u.data());
        const double score = inverse.score(x.data(), u.data());
        QCOMPARE(inverse.score(x.data()), score);
        inverse.update(u.data(), 1.0 + score);
        for (std::size_t p = 0; p < d; ++p)
            for (std::size_t q = 0; q < d; ++q)
                a[p * d + q] += x[p] * x[q];
    }
    QCOMPARE(inverse.updates(), std::size_t(70));
    // Gauss-Jordan on [a | I].
    std::vector<double> inv(d * d, 0.0);
    for (std::size_t j = 0; j < d; ++j)
        inv[j * d + j] = 1.0;
    for (std::size_t c = 0; c < d; ++c) {
        const double pivot = a[c * d + c];
        for (std::size_t q = 0; q < d; ++q) {
            a[c * d + q] /= pivot;
            inv[c * d + q] /= pivot;
        }
        for (std::size_t r = 0; r < d; ++r) {
            if (r == c)
                continue;
            const double f = a[r * d + c];
            for (std::size_t q = 0; q < d; ++q) {
                a[r * d + q] -= f * a[c * d + q];
                inv[r * d + q] -= f * inv[c * d + q];
            }
        }
    }
    std::vector<double> e(d, 0.0), column(d);
    for (std::size_t q = 0; q < d; ++q) {
        std::fill(e.begin(), e.end(), 0.0);
        e[q] = 1.0;
        inverse.apply(e.data(), column.data());
        for (std::size_t p = 0; p < d; ++p)
            QVERIFY2(std::abs(column[p] - inv[p * d + q]) <= 1e-12,
                     qPrintable(QStringLiteral("(%1,%2): %3 vs %4").arg(p).arg(q).arg(column[p]).arg(inv[p * d + q])));
    }
}

QTEST_APPLESS_MAIN(TestFisherKernels)
#include "test_fisher_kernels.moc"
