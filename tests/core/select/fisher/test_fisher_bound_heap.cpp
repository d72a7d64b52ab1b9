// FisherBoundHeap: entries come out largest first, each key at least the
// bound it was given (float rounding upward, negative bounds included), and
// build() after append() orders like pushes do.
#include "select/fisher/fisher_bound_heap.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <random>
#include <utility>
#include <vector>

using namespace crsw;

class TestFisherBoundHeap : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void popsInOrderWithBoundsRoundedUp();
    void roundsUpAcrossSignsAndScales();
};

void TestFisherBoundHeap::popsInOrderWithBoundsRoundedUp()
{
    std::mt19937_64 random(3);
    std::uniform_real_distribution<double> uniform(-2.0, 2.0);
    for (const bool built : {false, true}) {
        std::vector<std::pair<double, std::uint32_t>> entries;
        FisherBoundHeap heap;
        for (std::uint32_t row = 0; row < 5000; ++row) {
            // Many near-equal bounds: they share a float key and order by row.
            const double bound = row % 7 == 0 ? 0.1 + 1e-12 * row : uniform(random);
            entries.emplace_back(bound, row);
            if (built)
                heap.append(bound, row);
            else
                heap.push(bound, row);
        }
        if (built)
            heap.build();
        QCOMPARE(heap.size(), entries.size());
        double previous = INFINITY;
        std::vector<bool> seen(entries.size(), false);
        while (!heap.empty()) {
            const double top = heap.topBound();
            const std::uint32_t row = heap.topRow();
            QVERIFY(top <= previous);
            QVERIFY(top >= entries[row].first);
            QVERIFY(top - entries[row].first <= std::ldexp(std::abs(entries[row].first), -23) + 1e-44); // one float step
            QVERIFY(!seen[row]);
            seen[row] = true;
            previous = top;
            heap.pop();
        }
        QVERIFY(std::all_of(seen.begin(), seen.end(), [](bool s) { return s; }));
    }
}

void TestFisherBoundHeap::roundsUpAcrossSignsAndScales()
{
    const double bounds[] = {0.0, -0.0, 1e-300, -1e-300, 1.0 / 3.0, -1.0 / 3.0, 1e30, -1e30, 7.0};
    for (const double bound : bounds) {
        FisherBoundHeap heap;
        heap.push(bound, 42);
        QVERIFY2(heap.topBound() >= bound, qPrintable(QString::number(bound, 'g', 17)));
        QCOMPARE(heap.topRow(), std::uint32_t(42));
    }
    // Order across signs: the largest first.
    FisherBoundHeap heap;
    for (std::uint32_t i = 0; i < 9; ++i)
        heap.push(bounds[i], i);
    QCOMPARE(heap.topRow(), std::uint32_t(6)); // 1e30
    heap.pop();
    QCOMPARE(heap.topRow(), std::uint32_t(8)); // 7
}

QTEST_APPLESS_MAIN(TestFisherBoundHeap)
#include "test_fisher_bound_heap.moc"
