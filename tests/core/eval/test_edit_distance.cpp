// The fast edit-distance paths against the plain dynamic programme, and the
// matcher against brute force (including the lowest-index tie rule).
#include "eval/edit_distance.h"
#include "eval/title_matcher.h"

#include "common/python_text.h"

#include <QtTest>

#include <random>

using namespace crsw;

namespace {

// Strings over a small alphabet so that near and tied distances are common.
std::u32string randomString(std::mt19937_64 &rng, int maxLength, bool unicode)
{
    static const char32_t alphabet[] = {U'a', U'b', U'c', U' ', U'e', U'1', U'\u00e9', U'\u6771', U'-'};
    const int size = unicode ? 9 : 5;
    std::u32string s(rng() % static_cast<unsigned>(maxLength + 1), U'a');
    for (auto &c : s)
        c = alphabet[rng() % static_cast<unsigned>(size)];
    return s;
}

} // namespace

class TestEditDistance : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void knownDistances();
    void bitParallelAgreesWithReference_data();
    void bitParallelAgreesWithReference();
    void histogramBoundNeverExceedsDistance();
    void matcherAgreesWithBruteForce_data();
    void matcherAgreesWithBruteForce();
    void matcherIsCaseInsensitiveAndPrefersEarlierCandidates();
    void matchAllEqualsMatchAndCancels();
};

void TestEditDistance::knownDistances()
{
    QCOMPARE(levenshtein(U"kitten", U"sitting"), 3);
    QCOMPARE(levenshtein(U"", U"abc"), 3);
    QCOMPARE(levenshtein(U"flaw", U"lawn"), 2);
    QCOMPARE(EditDistancePattern(U"kitten").distance(U"sitting", 100), 3);
    QCOMPARE(EditDistancePattern(U"").distance(U"abc", 100), 3);
    QCOMPARE(EditDistancePattern(U"abc").distance(U"", 100), 3);
    // Over the limit: any value above the limit.
    QVERIFY(EditDistancePattern(U"kitten").distance(U"sitting", 2) > 2);
}

void TestEditDistance::bitParallelAgreesWithReference_data()
{
    QTest::addColumn<int>("maxLength");
    QTest::addColumn<bool>("unicode");
    QTest::newRow("short ascii") << 12 << false;
    QTest::newRow("short unicode") << 12 << true;
    QTest::newRow("up to 64") << 64 << true;
    QTest::newRow("longer than a word") << 150 << true;
}

void TestEditDistance::bitParallelAgreesWithReference()
{
    QFETCH(int, maxLength);
    QFETCH(bool, unicode);
    std::mt19937_64 rng(42);
    for (int trial = 0; trial < 3000; ++trial) {
        const std::u32string a = randomString(rng, maxLength, unicode);
        const std::u32string b = randomString(rng, maxLength, unicode);
        const int expected = levenshtein(a, b);
        const EditDistancePattern pattern(a);
        QCOMPARE(pattern.distance(b, 1 << 20), expected);
        const int limit = static_cast<int>(rng() % static_cast<unsigned>(maxLength + 2));
        const int bounded = pattern.distance(b, limit);
        if (expected <= limit)
            QCOMPARE(bounded, expected);
        else
            QVERIFY2(bounded > limit, qPrintable(QStringLiteral("limit %1 expected %2 got %3").arg(limit).arg(expected).arg(bounded)));
    }
}

void TestEditDistance::histogramBoundNeverExceedsDistance()
{
    std::mt19937_64 rng(7);
    int tight = 0;
    for (int trial = 0; trial < 5000; ++trial) {
        const std::u32string a = randomString(rng, 30, true);
        const std::u32string b = randomString(rng, 30, true);
        const int d = levenshtein(a, b);
        const int lengthDifference = std::abs(int(a.size()) - int(b.size()));
        const int bound = editDistanceLowerBound(CharHistogram::l1(CharHistogram::of(a), CharHistogram::of(b)), lengthDifference);
        QVERIFY(bound <= d);
        tight += bound == d ? 1 : 0;
    }
    QVERIFY(tight > 100); // the bound is useful, not trivially zero
}

void TestEditDistance::matcherAgreesWithBruteForce_data()
{
    QTest::addColumn<int>("candidates");
    QTest::addColumn<int>("maxLength");
    QTest::newRow("many short") << 400 << 8;
    QTest::newRow("fewer long") << 120 << 40;
    QTest::newRow("over a word") << 60 << 90;
}

void TestEditDistance::matcherAgreesWithBruteForce()
{
    QFETCH(int, candidates);
    QFETCH(int, maxLength);
    std::mt19937_64 rng(1234);
    std::vector<std::string> names;
    std::vector<std::u32string> lowered;
    for (int i = 0; i < candidates; ++i) {
        std::u32string s = randomString(rng, maxLength, true);
        if (i % 7 == 0 && !s.empty())
            s[0] = U'A'; // upper case: must match its lower-case twin at distance 0
        names.push_back(pytext::encodeUtf8(s));
        lowered.push_back(pytext::lower(s));
    }
    const TitleMatcher matcher(names);
    for (int q = 0; q < 400; ++q) {
        const std::u32string query = randomString(rng, maxLength, true);
        int bestD = 1 << 30;
        std::size_t bestI = 0;
        for (std::size_t i = 0; i < lowered.size(); ++i) {
            const int d = levenshtein(pytext::lower(query), lowered[i]);
            if (d < bestD) { // strictly less: the first listed wins ties
                bestD = d;
                bestI = i;
            }
        }
        const TitleMatch got = matcher.match(pytext::encodeUtf8(query));
        QCOMPARE(got.distance, bestD);
        QCOMPARE(got.candidate, bestI);
    }
}

void TestEditDistance::matcherIsCaseInsensitiveAndPrefersEarlierCandidates()
{
    const TitleMatcher matcher({"Frozen", "Frozen II", "Frozen 3", "UP", "Up", "Heat"});
    QCOMPARE(matcher.match("frozen").distance, 0);
    QCOMPARE(matcher.candidate(matcher.match("FROZEN").candidate), std::string("Frozen"));
    // "Frozen 2" is 1 away from "Frozen 3" and 2 from "Frozen II" and "Frozen".
    QCOMPARE(matcher.candidate(matcher.match("Frozen 2").candidate), std::string("Frozen 3"));
    const TitleMatcher tied({"Heat", "Beat", "Meat"});
    QCOMPARE(tied.match("Xeat").candidate, size_t(0));
    QCOMPARE(matcher.candidate(matcher.match("up").candidate), std::string("UP"));
    // An empty prediction goes to the shortest name, earliest first.
    QCOMPARE(matcher.candidate(matcher.match("").candidate), std::string("UP"));
    QCOMPARE(matcher.match("").distance, 2);
}

void TestEditDistance::matchAllEqualsMatchAndCancels()
{
    std::mt19937_64 rng(99);
    std::vector<std::string> names;
    for (int i = 0; i < 300; ++i)
        names.push_back(pytext::encodeUtf8(randomString(rng, 15, false)));
    const TitleMatcher matcher(names);
    std::vector<std::string> titles;
    for (int i = 0; i < 500; ++i)
        titles.push_back(i % 3 ? pytext::encodeUtf8(randomString(rng, 15, false)) : names[size_t(i) % names.size()]);
    Progress progress;
    const auto all = matcher.matchAll(titles, progress, 2);
    for (std::size_t i = 0; i < titles.size(); ++i) {
        const TitleMatch one = matcher.match(titles[i]);
        QCOMPARE(all[i].distance, one.distance);
        QCOMPARE(all[i].candidate, one.candidate);
    }
    Progress cancelled;
    cancelled.cancel();
    QVERIFY_THROWS_EXCEPTION(Cancelled, matcher.matchAll(titles, cancelled, 2));
}

QTEST_APPLESS_MAIN(TestEditDistance)
#include "test_edit_distance.moc"
