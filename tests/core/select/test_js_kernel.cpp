// The JS kernels: the float log of the screening within its stated bound
// over every normal float in (0, 1], and screened scores within
// JsKernel::screenErrorBound of the double scores (what makes the screened
// loop pick exactly what the all-double loop picks).
#include "common/parallel.h"
#include "select/js_kernel.h"
#include "select/selection_random.h"

#include <QtTest>

#include <cmath>
#include <cstring>

using namespace crsw;

class TestJsKernel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void floatLogWithinBound()
    {
        const JsKernel &kernel = JsKernel::best();
        if (!kernel.logFloat)
            QSKIP("no AVX-512 on this CPU: the screening is not used");
        // Every normal float from 2^-126 to 1.0 (about 1.07e9 values).
        const std::uint32_t lo = 0x00800000u, hi = 0x3f800000u;
        const std::size_t block = 1u << 20, blocks = (hi - lo) / block + 1;
        std::vector<double> worst(std::size_t(defaultThreadCount()), 0.0);
        std::vector<std::uint32_t> worstAt(worst.size(), 0);
        parallelFor(blocks, defaultThreadCount(), 1, [&](std::size_t b0, std::size_t b1, int worker) {
            std::vector<float> in(block), out(block);
            for (std::size_t b = b0; b < b1; ++b) {
                const std::uint64_t first = lo + std::uint64_t(b) * block;
                const std::size_t n = std::size_t(std::min<std::uint64_t>(block, hi + 1 - first));
                for (std::size_t i = 0; i < n; ++i) {
                    const std::uint32_t bits = std::uint32_t(first + i);
                    std::memcpy(&in[i], &bits, sizeof bits);
                }
                kernel.logFloat(in.data(), n, out.data());
                for (std::size_t i = 0; i < n; ++i) {
                    const double exact = std::log(double(in[i]));
                    const double ratio = std::abs(double(out[i]) - exact)
                                         / (JsKernel::kLogAbsolute + JsKernel::kLogRelative * std::abs(exact));
                    if (ratio > worst[std::size_t(worker)]) {
                        worst[std::size_t(worker)] = ratio;
                        worstAt[std::size_t(worker)] = std::uint32_t(first + i);
                    }
                }
            }
        });
        std::size_t w = 0;
        for (std::size_t i = 1; i < worst.size(); ++i)
            if (worst[i] > worst[w])
                w = i;
        float at;
        std::memcpy(&at, &worstAt[w], sizeof at);
        qInfo("largest error / bound: %.3f (at %.9g)", worst[w], double(at));
        QVERIFY(worst[w] <= 1.0);
        const float one = 1.0f;
        float logOne = 1.0f;
        kernel.logFloat(&one, 1, &logOne);
        QCOMPARE(logOne, 0.0f);
    }

    void screenedScoresWithinBound_data()
    {
        QTest::addColumn<int>("clusters");
        QTest::addColumn<double>("tau");
        QTest::newRow("K 50, tau 1") << 50 << 1.0;
        QTest::newRow("K 7, tau 0.3") << 7 << 0.3;
        QTest::newRow("K 64, sharp tau 0.01") << 64 << 0.01;
        QTest::newRow("K 1") << 1 << 1.0;
    }

    void screenedScoresWithinBound()
    {
        QFETCH(int, clusters);
        QFETCH(double, tau);
        const JsKernel &kernel = JsKernel::best();
        if (!kernel.screenScores)
            QSKIP("no AVX-512 on this CPU: the screening is not used");
        const std::size_t n = 64 * 16 + 5, d = 12, k = std::size_t(clusters), L = JsKernel::kLanes,
                          S = JsKernel::kScreenLanes;
        SelectionRandom random(static_cast<std::uint64_t>(clusters));
        std::vector<float> x(n * d);
        for (float &v : x)
            v = float(random.uniform() - 0.5);
        std::vector<double> centers(k * d);
        for (double &v : centers)
            v = random.uniform() - 0.5;
        const std::size_t groups = (n + L - 1) / L, groups16 = (n + S - 1) / S;
        std::vector<double> halfP(groups * k * L), entropy(groups16 * S, 0.0);
        kernel.probabilities(x.data(), n, d, centers.data(), k, tau, halfP.data(), entropy.data());
        std::vector<float> halfPf(groups16 * k * S, 0.0f);
        for (std::size_t r = 0; r < n; ++r)
            for (std::size_t c = 0; c < k; ++c)
                halfPf[((r / S) * k + c) * S + r % S] = float(halfP[((r / L) * k + c) * L + r % L]);
        // P_S: the mean of a few rows' p.
        std::vector<double> halfQ(k, 0.0);
        for (std::size_t r : {3u, 77u, 500u})
            for (std::size_t c = 0; c < k; ++c)
                halfQ[c] += halfP[((r / L) * k + c) * L + r % L] / 3.0;
        std::vector<float> halfQf(k);
        double hq = 0.0;
        for (std::size_t c = 0; c < k; ++c) {
            halfQf[c] = float(halfQ[c]);
            const double q = 2.0 * halfQ[c];
            if (q > 0)
                hq -= q * std::log(q);
        }
        std::vector<std::uint16_t> selected16(groups16, 0);
        selected16.back() = std::uint16_t(0xffffu << (n % S));
        std::vector<double> screened(groups16 * S);
        double top = 0.0;
        kernel.screenScores(halfPf.data(), entropy.data(), selected16.data(), groups16, k, halfQf.data(), hq,
                            screened.data(), &top);
        const double bound = JsKernel::screenErrorBound(k) / 2.0; // without the safety factor
        double worst = 0.0, best = -INFINITY;
        for (std::size_t r = 0; r < n; ++r) {
            // The double score of row r alone.
            std::uint8_t mask = std::uint8_t(~(1u << (r % L)));
            double score = 0.0;
            std::uint64_t row = 0;
            kernel.bestScore(halfP.data() + (r / L) * k * L, entropy.data() + (r / L) * L, &mask, 1, k, halfQ.data(),
                             hq, (r / L) * L, &score, &row);
            QCOMPARE(row, std::uint64_t(r));
            worst = std::max(worst, std::abs(screened[r] - score));
            best = std::max(best, screened[r]);
        }
        QCOMPARE(top, best);
        QVERIFY(std::isinf(screened[n]) && screened[n] < 0); // a missing row is masked
        qInfo("largest |screened - double| %.3g, bound %.3g", worst, bound);
        QVERIFY(worst <= bound);
    }
};

QTEST_APPLESS_MAIN(TestJsKernel)
#include "test_js_kernel.moc"
