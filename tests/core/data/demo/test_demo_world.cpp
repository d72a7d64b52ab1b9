// The demo world's files (METHOD.md §9): byte-for-byte determinism, the
// Amazon Reviews'23 and He et al. formats, counts, names, options and
// cancellation, checked on what was written.
#include "common/error.h"
#include "common/progress.h"
#include "data/demo/demo_name_generator.h"
#include "data/demo/demo_world.h"
#include "demo_world_files.h"

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <regex>
#include <set>

using namespace crsw;
using namespace crsw::test;

namespace {

std::vector<std::string> allFiles(const DemoWorldPaths &p)
{
    return {p.reviews, p.metadata, p.users, p.readme, p.testSet, p.entity2id, p.itemIds};
}

} // namespace

class TestDemoWorld : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void sameSeedSameBytes();
    void otherSeedOtherWorld();
    void counts();
    void metadataHasAmazonFields();
    void reviewsHaveAmazonFields();
    void ratingSummariesMatchReviews();
    void titlesUniqueFictionalAndFarApart();
    void filmUrisNameTheirTitles();
    void testSetHasHeFormat();
    void readmeSaysSynthetic();
    void smallWorld();
    void invalidOptionsThrow();
    void cancellationStopsBeforeWriting();

private:
    DemoWorldPaths generate(const QString &sub, const DemoWorldOptions &options, DemoWorldSummary *summary = nullptr);

    QTemporaryDir m_dir;
    DemoWorldFiles m_w;
};

DemoWorldPaths TestDemoWorld::generate(const QString &sub, const DemoWorldOptions &options, DemoWorldSummary *summary)
{
    const std::string root = m_dir.filePath(sub).toStdString();
    const DemoWorldPaths paths = DemoWorldPaths::inFolder(root + "/seed", root + "/bench");
    Progress progress;
    const DemoWorldSummary s = generateDemoWorld(paths, options, progress);
    if (summary)
        *summary = s;
    return paths;
}

void TestDemoWorld::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_w = DemoWorldFiles::generate(m_dir.filePath(QStringLiteral("default")).toStdString(), DemoWorldOptions{});
    qInfo("generated in %.3f s", m_w.summary.generationSeconds);
#ifdef NDEBUG
    QVERIFY(m_w.summary.generationSeconds < 2.0); // about 0.3 to 0.5 s in a release build
#endif
}

void TestDemoWorld::sameSeedSameBytes()
{
    const DemoWorldPaths again = generate(QStringLiteral("again"), DemoWorldOptions{});
    const auto a = allFiles(m_w.paths);
    const auto b = allFiles(again);
    for (std::size_t k = 0; k < a.size(); ++k) {
        const std::string bytes = readBytes(a[k]);
        QVERIFY2(!bytes.empty(), a[k].c_str());
        QVERIFY2(bytes == readBytes(b[k]), a[k].c_str());
    }
    // The gzip header carries no time stamp or name, and says "Unix".
    const std::string gz = readBytes(m_w.paths.reviews);
    QCOMPARE(gz.substr(0, 3), std::string("\x1f\x8b\x08", 3));
    QCOMPARE(gz.substr(4, 4), std::string(4, '\0'));
    QCOMPARE(int(gz[9]), 3);
}

void TestDemoWorld::otherSeedOtherWorld()
{
    DemoWorldOptions options;
    options.seed = 8;
    const DemoWorldPaths other = generate(QStringLiteral("seed8"), options);
    for (const auto &pair : {std::make_pair(m_w.paths.reviews, other.reviews), std::make_pair(m_w.paths.metadata, other.metadata),
                             std::make_pair(m_w.paths.testSet, other.testSet), std::make_pair(m_w.paths.entity2id, other.entity2id)})
        QVERIFY2(readBytes(pair.first) != readBytes(pair.second), pair.first.c_str());
}

void TestDemoWorld::counts()
{
    const DemoWorldOptions defaults;
    QCOMPARE(int(m_w.meta.size()), defaults.items);
    QCOMPARE(int(m_w.reviews.size()), defaults.reviews);
    QCOMPARE(int(m_w.users.size()), defaults.users);
    QCOMPARE(int(m_w.test.size()), defaults.testTurns);
    QCOMPARE(m_w.summary.items, defaults.items);
    QCOMPARE(m_w.summary.reviews, defaults.reviews);
    QCOMPARE(m_w.summary.users, defaults.users);
    QCOMPARE(m_w.summary.testTurns, defaults.testTurns);
    QCOMPARE(int(m_w.entity2id.size()), m_w.summary.entities);
    QCOMPARE(int(m_w.itemIds.size()), defaults.items);
    QVERIFY(m_w.summary.people > 100);
    QVERIFY(m_w.summary.genreEntities > 20);
}

void TestDemoWorld::metadataHasAmazonFields()
{
    const std::vector<std::string> order = {"main_category", "title", "subtitle", "average_rating", "rating_number",
                                            "features", "description", "price", "images", "videos", "store",
                                            "categories", "details", "parent_asin", "bought_together", "author"};
    for (const Json &m : m_w.meta) {
        std::vector<std::string> keys;
        for (auto it = m.begin(); it != m.end(); ++it)
            keys.push_back(it.key());
        QCOMPARE(keys, order);
        QCOMPARE(m["main_category"].get<std::string>(), std::string("Movies & TV (CRSW synthetic demo)"));
        QCOMPARE(m["store"].get<std::string>(), std::string("CRSW synthetic demo"));
        QVERIFY(m["title"].is_string() && m["subtitle"].is_string());
        QVERIFY(m["average_rating"].is_number_float());
        QVERIFY(m["rating_number"].is_number_integer());
        QVERIFY(m["price"].is_null() || m["price"].is_number());
        for (const char *array : {"features", "description", "images", "videos", "categories"})
            QVERIFY2(m[array].is_array(), array);
        for (const auto &f : m["features"])
            QVERIFY(f.is_string());
        QCOMPARE(m["categories"].size(), std::size_t(3));
        QVERIFY(m["details"].is_object());
        QVERIFY(m["parent_asin"].is_string() && m["parent_asin"].get<std::string>().size() == 10);
        QVERIFY(m["bought_together"].is_null() && m["author"].is_null());
        QVERIFY(m["description"].back().get<std::string>().find("does not exist") != std::string::npos);
    }
}

void TestDemoWorld::reviewsHaveAmazonFields()
{
    const std::vector<std::string> order = {"rating", "title", "text", "images", "asin", "parent_asin",
                                            "user_id", "timestamp", "helpful_vote", "verified_purchase"};
    for (const Json &r : m_w.reviews) {
        std::vector<std::string> keys;
        for (auto it = r.begin(); it != r.end(); ++it)
            keys.push_back(it.key());
        QCOMPARE(keys, order);
        QVERIFY(r["rating"].is_number_float());
        const double rating = r["rating"].get<double>();
        QVERIFY(rating >= 1.0 && rating <= 5.0 && rating == std::floor(rating));
        QVERIFY(r["title"].is_string() && !r["title"].get<std::string>().empty());
        QVERIFY(r["text"].is_string() && r["text"].get<std::string>().size() > 10);
        QVERIFY(r["images"].is_array());
        QVERIFY(r["helpful_vote"].is_number_integer() && r["verified_purchase"].is_boolean());
        const std::int64_t ts = r["timestamp"].get<std::int64_t>();
        QVERIFY(ts >= 1041379200000 && ts < 1693526400000); // 2003-01-01 .. 2023-09-01
        QVERIFY2(m_w.metaByAsin.count(r["parent_asin"].get<std::string>()), "review of an unknown item");
        QVERIFY2(m_w.userById.count(r["user_id"].get<std::string>()), "review by an unknown user");
    }
}

void TestDemoWorld::ratingSummariesMatchReviews()
{
    std::map<std::string, std::pair<int, int>> sums; // asin -> (count, sum)
    std::map<std::string, int> perUser;
    for (const Json &r : m_w.reviews) {
        auto &s = sums[r["parent_asin"].get<std::string>()];
        ++s.first;
        s.second += int(r["rating"].get<double>());
        ++perUser[r["user_id"].get<std::string>()];
    }
    QCOMPARE(sums.size(), m_w.meta.size()); // every film has a review
    for (const Json &m : m_w.meta) {
        const auto &s = sums[m["parent_asin"].get<std::string>()];
        QCOMPARE(m["rating_number"].get<int>(), s.first);
        const double expected = std::round(10.0 * s.second / s.first) / 10.0;
        QVERIFY(std::abs(m["average_rating"].get<double>() - expected) < 1e-9);
    }
    for (const Json &u : m_w.users)
        QCOMPARE(u["review_count"].get<int>(), perUser[u["user_id"].get<std::string>()]);
}

void TestDemoWorld::titlesUniqueFictionalAndFarApart()
{
    std::vector<std::string> names;
    for (auto it = m_w.entity2id.begin(); it != m_w.entity2id.end(); ++it)
        names.push_back(heNameFromUri(it.key()));
    std::set<std::string> titles;
    for (const Json &m : m_w.meta) {
        const std::string title = m["title"].get<std::string>();
        QVERIFY2(titles.insert(title).second, title.c_str());
        QVERIFY2(std::regex_match(title, std::regex("[A-Za-z]+( [A-Za-z]+)*")), title.c_str());
        int nearest = 1000;
        for (const std::string &name : names)
            if (name != title)
                nearest = std::min(nearest, DemoNameGenerator::editDistance(name, title));
        QVERIFY2(nearest >= 3, title.c_str());
    }
}

void TestDemoWorld::filmUrisNameTheirTitles()
{
    std::set<std::int64_t> itemIds;
    for (const auto &id : m_w.itemIds)
        itemIds.insert(id.get<std::int64_t>());
    std::set<std::string> titles;
    for (const Json &m : m_w.meta)
        titles.insert(m["title"].get<std::string>());
    std::set<std::int64_t> ids;
    std::set<std::string> filmNames;
    for (auto it = m_w.entity2id.begin(); it != m_w.entity2id.end(); ++it) {
        const std::int64_t id = it.value().get<std::int64_t>();
        QVERIFY(ids.insert(id).second);
        QVERIFY(it.key().rfind("<http://crsw.demo/resource/", 0) == 0 && it.key().back() == '>');
        const bool film = it.key().find("_(film)>") != std::string::npos;
        QCOMPARE(film, itemIds.count(id) > 0);
        if (film) {
            QVERIFY2(titles.count(heNameFromUri(it.key())), it.key().c_str());
            filmNames.insert(heNameFromUri(it.key()));
        }
    }
    QCOMPARE(filmNames, titles);
    QCOMPARE(*ids.rbegin(), std::int64_t(ids.size()) - 1); // ids are 0..n-1
}

void TestDemoWorld::testSetHasHeFormat()
{
    const std::vector<std::string> order = {"context", "resp", "rec", "entity", "prev_entity", "dialog_id",
                                            "turn_id", "is_user", "entity_name", "input"};
    std::set<std::int64_t> entityIds, itemIds;
    for (auto it = m_w.entity2id.begin(); it != m_w.entity2id.end(); ++it)
        entityIds.insert(it.value().get<std::int64_t>());
    for (const auto &id : m_w.itemIds)
        itemIds.insert(id.get<std::int64_t>());
    std::set<std::string> turnIds;
    for (const Json &t : m_w.test) {
        std::vector<std::string> keys;
        for (auto it = t.begin(); it != t.end(); ++it)
            keys.push_back(it.key());
        QCOMPARE(keys, order);
        QCOMPARE(t["is_user"].get<int>(), 0);
        QVERIFY(turnIds.insert(t["turn_id"].get<std::string>()).second);
        const auto &context = t["context"];
        QVERIFY(context.size() >= 2 && context[0].get<std::string>().empty());
        std::string input;
        for (std::size_t k = 1; k < context.size(); ++k)
            input += (k % 2 ? "\nUser: " : "\nSystem: ") + context[k].get<std::string>();
        QCOMPARE(t["input"].get<std::string>(), input + "\nSystem: ");
        QVERIFY(!t["rec"].empty());
        std::set<std::int64_t> prev;
        for (const auto &id : t["prev_entity"]) {
            QVERIFY(entityIds.count(id.get<std::int64_t>()));
            prev.insert(id.get<std::int64_t>());
        }
        QVERIFY(!prev.empty());
        for (const auto &id : t["rec"]) {
            QVERIFY(itemIds.count(id.get<std::int64_t>()));
            QVERIFY(!prev.count(id.get<std::int64_t>())); // never a film already mentioned
        }
        QCOMPARE(t["entity"].size(), t["entity_name"].size());
        // Every entity of the response is named in it ("Folk horror" as "folk horror").
        for (const auto &entityName : t["entity_name"]) {
            std::string name = entityName.get<std::string>();
            const std::string resp = t["resp"].get<std::string>();
            bool named = resp.find(name) != std::string::npos;
            name[0] = char(std::tolower(static_cast<unsigned char>(name[0])));
            named = named || resp.find(name) != std::string::npos;
            QVERIFY2(named, resp.c_str());
        }
    }
}

void TestDemoWorld::readmeSaysSynthetic()
{
    const std::string readme = readBytes(m_w.paths.readme);
    QVERIFY(readme.find("synthetic") != std::string::npos);
    QVERIFY(readme.find("hidden truth") != std::string::npos);
    QVERIFY(readme.find(formatDemoWorldFigures(m_w.summary)) != std::string::npos);
}

void TestDemoWorld::smallWorld()
{
    DemoWorldOptions options;
    options.seed = 3;
    options.items = 40;
    options.users = 100;
    options.reviews = 600;
    options.testTurns = 20;
    DemoWorldSummary summary;
    const DemoWorldPaths paths = generate(QStringLiteral("small"), options, &summary);
    QCOMPARE(readJsonLines(paths.metadata).size(), std::size_t(40));
    QCOMPARE(readJsonLines(paths.reviews).size(), std::size_t(600));
    QCOMPARE(readJsonLines(paths.testSet).size(), std::size_t(20));
    QCOMPARE(summary.users, 100);
}

void TestDemoWorld::invalidOptionsThrow()
{
    const auto attempt = [this](DemoWorldOptions o) {
        try {
            generate(QStringLiteral("invalid"), o);
        } catch (const Error &) {
            return true;
        }
        return false;
    };
    DemoWorldOptions o;
    o.items = 5;
    QVERIFY(attempt(o));
    o = {};
    o.reviews = o.items + o.users - 1;
    QVERIFY(attempt(o));
    o = {};
    o.testTurns = 0;
    QVERIFY(attempt(o));
    o = {};
    o.testTurns = o.users + 1;
    QVERIFY(attempt(o));
}

void TestDemoWorld::cancellationStopsBeforeWriting()
{
    const std::string root = m_dir.filePath(QStringLiteral("cancelled")).toStdString();
    const DemoWorldPaths paths = DemoWorldPaths::inFolder(root + "/seed", root + "/bench");
    Progress progress([&](double fraction, const std::string &) {
        if (fraction > 0.3)
            progress.cancel();
    }, std::chrono::milliseconds(0));
    QVERIFY_THROWS_EXCEPTION(Cancelled, generateDemoWorld(paths, DemoWorldOptions{}, progress));
    QVERIFY(!QFile::exists(QString::fromStdString(paths.reviews)));
    QVERIFY(!QFile::exists(QString::fromStdString(paths.testSet)));
}

QTEST_APPLESS_MAIN(TestDemoWorld)
#include "test_demo_world.moc"
