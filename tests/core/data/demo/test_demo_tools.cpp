// The demo world's building blocks: its portable random source and samplers,
// name generation, deterministic gzip and the figures' formatting.
#include "common/error.h"
#include "data/demo/demo_gzip.h"
#include "data/demo/demo_name_generator.h"
#include "data/demo/demo_random.h"
#include "data/demo/demo_world_stats.h"

#include <QtTest>

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <set>

using namespace crsw;

namespace {

std::string gunzip(const std::string &gz)
{
    z_stream zs;
    std::memset(&zs, 0, sizeof zs);
    inflateInit2(&zs, 15 + 16);
    std::string out(1 << 20, '\0');
    zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(gz.data()));
    zs.avail_in = uInt(gz.size());
    zs.next_out = reinterpret_cast<Bytef *>(&out[0]);
    zs.avail_out = uInt(out.size());
    const int status = inflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    inflateEnd(&zs);
    return status == Z_STREAM_END ? out : std::string("<damaged>");
}

} // namespace

class TestDemoTools : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void splitMix64MatchesReference();
    void xoshiroIsPinned();
    void streamsDiffer();
    void belowAndBetweenStayInRange();
    void uniformAndBellNoiseMoments();
    void weightedFollowsWeights();
    void weightedDistinctAndShuffle();
    void weightedRejectsNoWeight();
    void editDistance_data();
    void editDistance();
    void namesAreDistinctAndPlain();
    void gzipIsDeterministicAndValid();
    void trigramRatio();
    void fixedFormatting_data();
    void fixedFormatting();
};

void TestDemoTools::splitMix64MatchesReference()
{
    // Reference outputs of splitmix64 for seed 1234567 (Vigna's C code).
    std::uint64_t state = 1234567;
    const std::uint64_t expected[] = {6457827717110365317ULL, 3203168211198807973ULL, 9817491932198370423ULL,
                                      4593380528125082431ULL, 16408922859458223821ULL};
    for (std::uint64_t e : expected)
        QCOMPARE(DemoRandom::splitMix64(state), e);
}

void TestDemoTools::xoshiroIsPinned()
{
    // xoshiro256** seeded by splitmix64(7): pinned so any change to the
    // generator (which would change every demo file) is deliberate.
    DemoRandom random(7);
    const std::uint64_t expected[] = {12923355070828475994ULL, 5142052590334782674ULL, 15488392906492639638ULL,
                                      18098058644649177664ULL};
    for (std::uint64_t e : expected)
        QCOMPARE(random.next(), e);
}

void TestDemoTools::streamsDiffer()
{
    DemoRandom a = DemoRandom::stream(7, 1);
    DemoRandom b = DemoRandom::stream(7, 2);
    DemoRandom c = DemoRandom::stream(7, 1);
    const std::uint64_t first = a.next();
    QVERIFY(first != b.next());
    QCOMPARE(c.next(), first);
}

void TestDemoTools::belowAndBetweenStayInRange()
{
    DemoRandom random(1);
    std::vector<int> hits(7, 0);
    for (int k = 0; k < 70000; ++k) {
        const std::uint64_t v = random.below(7);
        QVERIFY(v < 7);
        ++hits[v];
        const int w = random.between(-3, 3);
        QVERIFY(w >= -3 && w <= 3);
    }
    for (int h : hits)
        QVERIFY(h > 9000 && h < 11000);
    QCOMPARE(random.between(5, 5), 5);
    QVERIFY_THROWS_EXCEPTION(Error, random.below(0));
}

void TestDemoTools::uniformAndBellNoiseMoments()
{
    DemoRandom random(2);
    double sum = 0, sumNoise = 0, sumNoise2 = 0;
    const int n = 100000;
    for (int k = 0; k < n; ++k) {
        const double u = random.uniform();
        QVERIFY(u >= 0.0 && u < 1.0);
        sum += u;
        const double z = random.bellNoise();
        QVERIFY(std::abs(z) < 3.5);
        sumNoise += z;
        sumNoise2 += z * z;
    }
    QVERIFY(std::abs(sum / n - 0.5) < 0.01);
    QVERIFY(std::abs(sumNoise / n) < 0.02);
    QVERIFY(std::abs(sumNoise2 / n - 1.0) < 0.03);
}

void TestDemoTools::weightedFollowsWeights()
{
    DemoRandom random(3);
    const std::vector<double> weights = {1.0, 0.0, 3.0, 6.0};
    std::vector<int> hits(weights.size(), 0);
    for (int k = 0; k < 100000; ++k)
        ++hits[random.weighted(weights)];
    QCOMPARE(hits[1], 0);
    QVERIFY(std::abs(hits[0] / 100000.0 - 0.1) < 0.01);
    QVERIFY(std::abs(hits[2] / 100000.0 - 0.3) < 0.01);
    QVERIFY(std::abs(hits[3] / 100000.0 - 0.6) < 0.01);
}

void TestDemoTools::weightedDistinctAndShuffle()
{
    DemoRandom random(4);
    const auto chosen = random.weightedDistinct({1, 0, 2, 3, 4}, 10);
    QCOMPARE(chosen.size(), std::size_t(4)); // only four positive weights
    QCOMPARE(std::set<std::size_t>(chosen.begin(), chosen.end()).size(), std::size_t(4));
    QVERIFY(std::find(chosen.begin(), chosen.end(), std::size_t(1)) == chosen.end());

    std::vector<int> values(100);
    for (int k = 0; k < 100; ++k)
        values[std::size_t(k)] = k;
    std::vector<int> shuffled = values;
    random.shuffle(shuffled);
    QVERIFY(shuffled != values);
    std::sort(shuffled.begin(), shuffled.end());
    QCOMPARE(shuffled, values);
}

void TestDemoTools::weightedRejectsNoWeight()
{
    DemoRandom random(5);
    QVERIFY_THROWS_EXCEPTION(Error, random.weighted({0.0, 0.0}));
    QVERIFY_THROWS_EXCEPTION(Error, random.weighted({}));
}

void TestDemoTools::editDistance_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<int>("distance");
    QTest::newRow("same") << "Velmora" << "Velmora" << 0;
    QTest::newRow("case only") << "The Velmora Protocol" << "the velmora protocol" << 0;
    QTest::newRow("substitution") << "Kasar" << "Kesar" << 1;
    QTest::newRow("insertion") << "Orbit" << "Orbits" << 1;
    QTest::newRow("empty") << "" << "abc" << 3;
    QTest::newRow("kitten") << "kitten" << "sitting" << 3;
}

void TestDemoTools::editDistance()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(int, distance);
    QCOMPARE(DemoNameGenerator::editDistance(a.toStdString(), b.toStdString()), distance);
    QCOMPARE(DemoNameGenerator::editDistance(b.toStdString(), a.toStdString()), distance);
}

void TestDemoTools::namesAreDistinctAndPlain()
{
    DemoRandom random(6);
    DemoNameGenerator names(random);
    names.reserve("Folk horror");
    std::vector<std::string> all;
    for (int k = 0; k < 200; ++k)
        all.push_back(names.personName());
    const std::vector<std::string> nouns = {"Harvest", "Rite", "Moor"};
    std::vector<std::string> titles;
    for (int k = 0; k < 200; ++k)
        titles.push_back(names.filmTitle(nouns));
    for (const auto &title : titles) {
        for (char c : title)
            QVERIFY2((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == ' ', title.c_str());
        QVERIFY(title.find("  ") == std::string::npos && title.front() != ' ' && title.back() != ' ');
    }
    all.insert(all.end(), titles.begin(), titles.end());
    for (std::size_t i = 0; i < all.size(); ++i)
        for (std::size_t j = i + 1; j < all.size(); ++j) {
            const int d = DemoNameGenerator::editDistance(all[i], all[j]);
            QVERIFY2(d >= 1, all[i].c_str());
            if (i >= 200 || j >= 200) // a title is far from every other name
                QVERIFY2(d >= DemoNameGenerator::kMinTitleDistance, (all[i] + " / " + all[j]).c_str());
        }
}

void TestDemoTools::gzipIsDeterministicAndValid()
{
    std::string text;
    for (int k = 0; k < 5000; ++k)
        text += "{\"line\": " + std::to_string(k) + "}\n";
    const std::string a = gzipDeterministic(text);
    QCOMPARE(gzipDeterministic(text), a);
    QVERIFY(a.size() < text.size() / 3);
    QCOMPARE(gunzip(a), text);
    QCOMPARE(std::uint8_t(a[3]), std::uint8_t(0)); // no name, no comment, no extra
    QCOMPARE(a.substr(4, 4), std::string(4, '\0')); // no time stamp
    QCOMPARE(std::uint8_t(a[9]), std::uint8_t(3));  // OS: Unix, whatever built it
    QCOMPARE(gunzip(gzipDeterministic(std::string())), std::string());
}

void TestDemoTools::trigramRatio()
{
    QCOMPARE(DemoWorldStats::distinctTrigramRatio({"a b c d", "A b c d!"}), 0.5);
    QCOMPARE(DemoWorldStats::distinctTrigramRatio({"one two three", "four five six"}), 1.0);
    QCOMPARE(DemoWorldStats::distinctTrigramRatio({"too short"}), 0.0);
}

void TestDemoTools::fixedFormatting_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<int>("decimals");
    QTest::addColumn<QString>("text");
    QTest::newRow("round up") << 0.6543 << 1 << "0.7";
    QTest::newRow("pad") << 4.05 << 3 << "4.050";
    QTest::newRow("whole") << 12.0 << 0 << "12";
    QTest::newRow("negative") << -1.25 << 2 << "-1.25";
    QTest::newRow("small") << 0.004 << 2 << "0.00";
}

void TestDemoTools::fixedFormatting()
{
    QFETCH(double, value);
    QFETCH(int, decimals);
    QFETCH(QString, text);
    QCOMPARE(QString::fromStdString(DemoWorldStats::fixed(value, decimals)), text);
}

QTEST_APPLESS_MAIN(TestDemoTools)
#include "test_demo_tools.moc"
