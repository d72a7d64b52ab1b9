// The demo world's files through the project's own readers: the Amazon
// Reviews'23 reader and the He et al. benchmark readers take them without a
// single malformed line, and every film's entity name is its title.
#include "common/load_report.h"
#include "common/progress.h"
#include "data/amazon/amazon_reader.h"
#include "data/benchmark/entity_catalog.h"
#include "data/benchmark/he_test_set.h"
#include "data/demo/demo_world.h"

#include <QTemporaryDir>
#include <QtTest>

#include <map>
#include <set>

using namespace crsw;

class TestDemoReaders : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void amazonReaderTakesEveryLine();
    void entityCatalogNamesFilmsByTitle();
    void heTestSetReadsCleanly();

private:
    QTemporaryDir m_dir;
    DemoWorldPaths m_paths;
    DemoWorldOptions m_options;
    std::map<std::string, std::string> m_titleByAsin;
};

void TestDemoReaders::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const std::string root = m_dir.path().toStdString();
    m_paths = DemoWorldPaths::inFolder(root + "/seed", root + "/bench");
    Progress progress;
    generateDemoWorld(m_paths, m_options, progress);
}

void TestDemoReaders::amazonReaderTakesEveryLine()
{
    LoadReport report;
    Progress progress;
    std::set<std::string> asins;
    const auto items = AmazonReader::readItems(
        m_paths.metadata,
        [&](const AmazonItem &item, std::int64_t) {
            asins.insert(item.parentAsin);
            m_titleByAsin[item.parentAsin] = item.title;
            QVERIFY(item.ratingNumber > 0);
            QVERIFY(item.averageRating >= 1.0 && item.averageRating <= 5.0);
        },
        report, progress);
    QVERIFY2(report.empty(), report.summary().c_str());
    QCOMPARE(items.records, std::int64_t(m_options.items));

    std::int64_t known = 0;
    const auto reviews = AmazonReader::readReviews(
        m_paths.reviews, [&](const AmazonReview &review, std::int64_t) { known += asins.count(review.parentAsin); },
        report, progress);
    QVERIFY2(report.empty(), report.summary().c_str());
    QVERIFY(reviews.complete);
    QCOMPARE(reviews.records, std::int64_t(m_options.reviews));
    QCOMPARE(known, reviews.records);
}

void TestDemoReaders::entityCatalogNamesFilmsByTitle()
{
    EntityCatalog catalog = EntityCatalog::readEntity2Id(m_paths.entity2id);
    catalog.readItemIds(m_paths.itemIds);
    QCOMPARE(catalog.itemIds().size(), std::size_t(m_options.items));
    std::set<std::string> titles;
    for (const auto &kv : m_titleByAsin)
        titles.insert(kv.second);
    std::set<std::string> filmNames;
    for (std::int64_t id : catalog.itemIds())
        filmNames.insert(catalog.name(id));
    QCOMPARE(filmNames, titles);
    // Names are unique, so the evaluation's nearest-name match of an exact title is that film.
    QCOMPARE(catalog.distinctNames().size(), catalog.size());
}

void TestDemoReaders::heTestSetReadsCleanly()
{
    Progress progress;
    const HeTestSet set = readHeTestSet(m_paths.testSet, progress);
    QVERIFY2(set.problems.empty(), set.problems.summary().c_str());
    QCOMPARE(int(set.turns.size()), m_options.testTurns);
    EntityCatalog catalog = EntityCatalog::readEntity2Id(m_paths.entity2id);
    catalog.readItemIds(m_paths.itemIds);
    for (const HeTestTurn &turn : set.turns) {
        for (std::int64_t id : turn.rec) {
            QVERIFY(catalog.isItem(id));
            QVERIFY2(turn.resp.find(catalog.name(id)) != std::string::npos, turn.resp.c_str());
        }
        for (std::int64_t id : turn.prevEntity)
            QVERIFY(catalog.contains(id));
    }
}

QTEST_APPLESS_MAIN(TestDemoReaders)
#include "test_demo_readers.moc"
