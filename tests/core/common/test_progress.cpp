// Progress: throttling, final reports, sub-ranges and the shared cancel flag.
#include "common/load_report.h"
#include "common/parallel.h"
#include "common/progress.h"

#include <QtTest>

#include <atomic>
#include <thread>

using namespace crsw;

class TestProgress : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void throttlesButKeepsFinal();
    void subRangeMapsAndSharesCancel();
    void parallelForCoversEveryIndexOnce();
    void parallelForRethrows();
    void loadReportCountsBeyondDetailLimit();
};

void TestProgress::throttlesButKeepsFinal()
{
    std::vector<double> seen;
    Progress progress([&](double f, const std::string &) { seen.push_back(f); }, std::chrono::milliseconds(1000));
    for (int i = 0; i < 1000; ++i)
        progress.report(i / 1000.0);
    progress.report(1.0);
    progress.report(1.0); // repeated end reports are throttled
    QCOMPARE(seen.size(), size_t(2)); // the first report and the final one
    QCOMPARE(seen.front(), 0.0);
    QCOMPARE(seen.back(), 1.0);
}

void TestProgress::subRangeMapsAndSharesCancel()
{
    double last = -1;
    Progress progress([&](double f, const std::string &) { last = f; }, std::chrono::milliseconds(0));
    Progress second = progress.subRange(0.5, 1.0);
    second.reportNow(0.5);
    QCOMPARE(last, 0.75);
    Progress quarter = second.subRange(0.0, 0.5);
    quarter.reportNow(1.0);
    QCOMPARE(last, 0.75);
    QVERIFY(!progress.cancelled());
    quarter.cancel();
    QVERIFY(progress.cancelled());
    QVERIFY_THROWS_EXCEPTION(Cancelled, progress.throwIfCancelled());
}

void TestProgress::parallelForCoversEveryIndexOnce()
{
    std::vector<std::atomic<int>> hits(10007);
    parallelFor(hits.size(), 4, 13, [&](std::size_t b, std::size_t e, int) {
        for (std::size_t i = b; i < e; ++i)
            ++hits[i];
    });
    for (const auto &h : hits)
        QCOMPARE(h.load(), 1);
}

void TestProgress::parallelForRethrows()
{
    bool caught = false;
    try {
        parallelFor(100, 2, 1, [&](std::size_t b, std::size_t, int) {
            if (b == 42)
                throw std::runtime_error("boom");
        });
    } catch (const std::runtime_error &e) {
        caught = std::string(e.what()) == "boom";
    }
    QVERIFY(caught);
}

void TestProgress::loadReportCountsBeyondDetailLimit()
{
    LoadReport report(3);
    std::size_t streamed = 0;
    report.setSink([&](const InputProblem &) { ++streamed; });
    for (int i = 1; i <= 10; ++i)
        report.add({"f.jsonl", i, "rating", i % 2 ? "invalid JSON: x" : "expected a number"});
    QCOMPARE(report.count(), size_t(10));
    QCOMPARE(report.problems().size(), size_t(3));
    QCOMPARE(report.undetailed(), size_t(7));
    QCOMPARE(streamed, size_t(10));
    QCOMPARE(report.countsByReason().at("invalid JSON"), size_t(5));
    QCOMPARE(report.problems()[0].toString(), std::string("f.jsonl:1: rating: invalid JSON: x"));
    QVERIFY(report.summary().find("10 malformed lines") != std::string::npos);
}

QTEST_APPLESS_MAIN(TestProgress)
#include "test_progress.moc"
