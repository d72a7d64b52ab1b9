// The scoring of METHOD.md §6.3-6.5 on small hand-computed cases.
#include "eval/he_protocol.h"

#include <QtTest>

#include <cmath>

using namespace crsw;

namespace {

TurnPredictions turn(std::vector<std::pair<std::string, int>> predictions, std::vector<std::string> gt,
                     std::vector<std::string> prev)
{
    TurnPredictions t;
    for (auto &[name, distance] : predictions)
        t.recList.push_back({name + "?", distance, name});
    t.gtList = std::move(gt);
    t.prevList = std::move(prev);
    return t;
}

// Column of a metric in metricNames({1, 5, 10, 20}).
std::size_t column(const char *name)
{
    const auto names = metricNames({1, 5, 10, 20});
    return static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
}

} // namespace

class TestHeProtocol : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void metricNamesInHeOrder();
    void rankMetrics();
    void filteredDropsFarPredictionsBeforeRanking();
    void excludeSeenAndDiscussion();
    void duplicatePredictionsUseFirstRank();
    void summaryStatisticsMatchPandas();
};

void TestHeProtocol::metricNamesInHeOrder()
{
    const auto names = metricNames({1, 5});
    QCOMPARE(names, (std::vector<std::string>{"recall@1", "ndcg@1", "mrr@1", "recall@5", "ndcg@5", "mrr@5"}));
}

void TestHeProtocol::rankMetrics()
{
    // Ground truth at rank 3 (0-based 2).
    const auto scores = scoreSetting({turn({{"A", 0}, {"B", 0}, {"C", 0}}, {"C"}, {})}, false, false);
    QCOMPARE(scores.samples.size(), size_t(1));
    const auto &v = scores.samples[0].values;
    QCOMPARE(v[column("recall@1")], 0.0);
    QCOMPARE(v[column("recall@5")], 1.0);
    QCOMPARE(v[column("ndcg@5")], 1.0 / std::log2(4.0));
    QCOMPARE(v[column("mrr@5")], 1.0 / 3.0);
    QCOMPARE(v[column("mrr@20")], 1.0 / 3.0);
}

void TestHeProtocol::filteredDropsFarPredictionsBeforeRanking()
{
    const auto t = turn({{"A", 5}, {"B", 3}, {"C", 2}}, {"C"}, {});
    const auto unfiltered = scoreSetting({t}, false, false);
    const auto filtered = scoreSetting({t}, true, false);
    QCOMPARE(unfiltered.samples[0].values[column("recall@1")], 0.0);
    QCOMPARE(filtered.samples[0].values[column("recall@1")], 1.0); // A and B dropped: C is first
}

void TestHeProtocol::excludeSeenAndDiscussion()
{
    const auto t = turn({{"Seen", 0}, {"GT", 0}}, {"GT", "Seen"}, {"Seen"});
    const auto plain = scoreSetting({t}, false, false);
    QCOMPARE(plain.samples.size(), size_t(2));
    QVERIFY(!plain.samples[0].discussion);
    QVERIFY(plain.samples[1].discussion);
    QCOMPARE(plain.samples[0].values[column("recall@1")], 0.0);
    QCOMPARE(plain.samples[1].values[column("recall@1")], 1.0);
    const auto excluded = scoreSetting({t}, false, true);
    QCOMPARE(excluded.samples[0].values[column("recall@1")], 1.0); // "Seen" removed, GT moves up
    QCOMPARE(excluded.samples[1].values[column("recall@20")], 0.0); // a seen ground truth can never hit
    QCOMPARE(excluded.summary[0].condition, std::string("recommendation"));
    QCOMPARE(excluded.summary[1].condition, std::string("discussion"));
    QCOMPARE(excluded.summary[2].condition, std::string("all"));
    QCOMPARE(excluded.summary[1].samples, size_t(1));
}

void TestHeProtocol::duplicatePredictionsUseFirstRank()
{
    const auto scores = scoreSetting({turn({{"X", 0}, {"Y", 0}, {"X", 0}, {"Y", 0}}, {"Y"}, {})}, false, false);
    QCOMPARE(scores.samples[0].values[column("mrr@5")], 0.5);
}

void TestHeProtocol::summaryStatisticsMatchPandas()
{
    // pandas: s = pd.Series([1, 0, 0, 1, 1]); s.mean() 0.6, s.sem() 0.24494897427831783
    const MetricStat stat = summarize({1, 0, 0, 1, 1});
    QCOMPARE(stat.mean, 0.6);
    QVERIFY(std::abs(stat.se - 0.24494897427831783) < 1e-15);
    QVERIFY(std::abs(stat.ci - 1.96 * 0.24494897427831783) < 1e-15);
    QVERIFY(std::isnan(summarize({}).mean));
    QVERIFY(std::isnan(summarize({1.0}).se)); // pandas' sem of one value is NaN
    QCOMPARE(summarize({1.0}).mean, 1.0);
}

QTEST_APPLESS_MAIN(TestHeProtocol)
#include "test_he_protocol.moc"
