// SeedCorpus: the join on parent_asin, every filter and its count, malformed
// versus filtered, the loader's file handling, and the corpus statistics.
#include "amazon_test_support.h"
#include "test_paths.h"

#include "common/error.h"
#include "data/amazon/corpus_stats.h"
#include "data/amazon/seed_corpus_builder.h"
#include "data/amazon/seed_corpus_loader.h"

#include <QtTest>

#include <cmath>

using namespace crsw;
using crsw::test::fixture;

namespace {

SeedCorpusLoader::Sources smallSources()
{
    return {{fixture(QStringLiteral("amazon/meta_small.jsonl")).toStdString()},
            {fixture(QStringLiteral("amazon/reviews_small.jsonl")).toStdString()}};
}

SeedCorpusLoader::Result loadSmall(const SeedCorpusBuilder::Options &options, LoadReport &report)
{
    Progress progress;
    return SeedCorpusLoader::load(smallSources(), options, report, progress);
}

// "noMeta=2 excluded=0 ..." : the review counts in one comparable line.
QString reviewCounts(const SeedCorpusBuilder::Counts &c)
{
    return QStringLiteral("read=%1 kept=%2 noMeta=%3/%4 excluded=%5 lowRating=%6 short=%7 overLimit=%8")
        .arg(c.reviewsRead)
        .arg(c.reviewsKept)
        .arg(c.reviewsDroppedNoMetadata)
        .arg(c.reviewsWithoutMetadata)
        .arg(c.reviewsOfExcludedItems)
        .arg(c.reviewsBelowMinRating)
        .arg(c.reviewsTextTooShort)
        .arg(c.reviewsOverItemLimit);
}

QList<int> keptLines(const SeedCorpus &corpus)
{
    QList<int> lines;
    for (const auto &r : corpus.reviews())
        lines.append(int(r.sourceLine));
    return lines;
}

} // namespace

class TestSeedCorpus : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void joinWithoutFilters();
    void filters_data();
    void filters();
    void keptReviewsWithoutMetadataGetBareItems();
    void metadataMustComeFirst();
    void malformedIsNotFiltered();
    void loaderChecksFilesFirst();
    void truncatedFileMakesLoadIncomplete();
    void statistics();
    void manyReviewsStayCompact();
};

void TestSeedCorpus::joinWithoutFilters()
{
    LoadReport report;
    const auto loaded = loadSmall({}, report);
    QVERIFY(report.empty());
    QVERIFY(loaded.complete);
    const SeedCorpus &c = loaded.corpus;
    QCOMPARE(loaded.counts.itemsRead, std::int64_t(6));
    QCOMPARE(loaded.counts.itemsKept, std::int64_t(5));
    QCOMPARE(loaded.counts.itemsDuplicate, std::int64_t(1));
    QCOMPARE(reviewCounts(loaded.counts),
             QStringLiteral("read=12 kept=10 noMeta=2/2 excluded=0 lowRating=0 short=0 overLimit=0"));
    QCOMPARE(c.itemCount(), size_t(5));
    QCOMPARE(c.reviewCount(), size_t(10));
    QCOMPARE(c.userCount(), size_t(8)); // AEUSER1..9 less AEUSER6, whose only review had no metadata
    QCOMPARE(keptLines(c), (QList<int>{1, 2, 3, 4, 5, 6, 7, 9, 10, 12}));

    // The first metadata line of a parent_asin wins.
    const std::uint32_t comedy = c.findItem("B0002COMED");
    QVERIFY(comedy != SeedCorpus::kNone);
    QCOMPARE(c.item(comedy).title, std::string_view("Laugh Lines"));
    QCOMPARE(c.item(comedy).priceText, std::string_view("from $4.99"));
    QCOMPARE(c.findItem("B9999NOMETA"), SeedCorpus::kNone);

    // Each item's reviews, in file order.
    const std::uint32_t star = c.findItem("B0001STAR1");
    QCOMPARE(c.itemAsin(star), std::string_view("B0001STAR1"));
    std::vector<int> starLines;
    for (const std::uint32_t r : c.reviewsOfItem(star))
        starLines.push_back(int(c.review(r).sourceLine));
    QCOMPARE(starLines, (std::vector<int>{1, 2, 3, 4, 10}));
    QCOMPARE(c.itemFeatures(star).size(), size_t(2));
    QCOMPARE(c.itemFeatures(star)[1], std::string_view("Dolby Digital 5.1"));
    QCOMPARE(c.itemDescription(star)[0], std::string_view("A long time ago, in a galaxy not so far away."));
    QCOMPARE(c.category(c.itemCategories(star)[2]), std::string_view("Science Fiction"));
    QCOMPARE(c.category(c.item(star).mainCategory), std::string_view("Movies & TV"));
    QCOMPARE(c.item(star).imageCount, std::uint16_t(2));

    // Review fields, ids interned.
    const CorpusReview &variant = c.review(4);
    QCOMPARE(c.asin(variant.asin), std::string_view("B0002VAR01"));
    QCOMPARE(variant.item, comedy);
    QCOMPARE(c.userId(variant.user), std::string_view("AEUSER2"));
    QCOMPARE(c.review(0).user, c.review(3).user); // AEUSER1 twice
    QCOMPARE(c.review(0).helpfulVotes, 3u);
    QCOMPARE(c.review(0).imageCount, std::uint16_t(1));
    QCOMPARE(c.review(0).timestamp, std::int64_t(1422835200000));
    QCOMPARE(c.findUser("AEUSER6"), SeedCorpus::kNone);
}

void TestSeedCorpus::filters_data()
{
    QTest::addColumn<double>("minRating");
    QTest::addColumn<int>("minTextChars");
    QTest::addColumn<QStringList>("categories");
    QTest::addColumn<int>("maxPerItem");
    QTest::addColumn<bool>("keepNoMeta");
    QTest::addColumn<QList<int>>("lines");
    QTest::addColumn<QString>("counts");
    QTest::addColumn<int>("itemsOutside");

    QTest::newRow("min rating 3") << 3.0 << 0 << QStringList() << 0 << false << QList<int>{1, 2, 5, 6, 7, 9, 10, 12}
                                  << QStringLiteral("read=12 kept=8 noMeta=2/2 excluded=0 lowRating=2 short=0 overLimit=0") << 0;
    QTest::newRow("min rating 2.5 keeps 2.5")
        << 2.5 << 0 << QStringList() << 0 << false << QList<int>{1, 2, 3, 5, 6, 7, 9, 10, 12}
        << QStringLiteral("read=12 kept=9 noMeta=2/2 excluded=0 lowRating=1 short=0 overLimit=0") << 0;
    QTest::newRow("min text 10") << 0.0 << 10 << QStringList() << 0 << false << QList<int>{1, 2, 3, 5, 6, 7, 9, 10}
                                 << QStringLiteral("read=12 kept=8 noMeta=2/2 excluded=0 lowRating=0 short=2 overLimit=0") << 0;
    // "Planète Terre — superbe." is 24 characters but 27 bytes: lengths count characters.
    QTest::newRow("min text 24 keeps 24 chars")
        << 0.0 << 24 << QStringList() << 0 << false << QList<int>{1, 2, 5, 6, 9, 10}
        << QStringLiteral("read=12 kept=6 noMeta=2/2 excluded=0 lowRating=0 short=4 overLimit=0") << 0;
    QTest::newRow("min text 25 drops it")
        << 0.0 << 25 << QStringList() << 0 << false << QList<int>{1, 2, 5, 6, 10}
        << QStringLiteral("read=12 kept=5 noMeta=2/2 excluded=0 lowRating=0 short=5 overLimit=0") << 0;
    QTest::newRow("category comedy") << 0.0 << 0 << QStringList{QStringLiteral("comedy")} << 0 << false
                                     << QList<int>{5, 6}
                                     << QStringLiteral("read=12 kept=2 noMeta=2/2 excluded=8 lowRating=0 short=0 overLimit=0") << 4;
    QTest::newRow("main category, any case")
        << 0.0 << 0 << QStringList{QStringLiteral("MOVIES & tv")} << 0 << false << QList<int>{1, 2, 3, 4, 5, 6, 10}
        << QStringLiteral("read=12 kept=7 noMeta=2/2 excluded=3 lowRating=0 short=0 overLimit=0") << 3;
    QTest::newRow("either of two, trimmed")
        << 0.0 << 0 << QStringList{QStringLiteral(" Documentary "), QStringLiteral("literature & fiction")} << 0
        << false << QList<int>{7, 9}
        << QStringLiteral("read=12 kept=2 noMeta=2/2 excluded=8 lowRating=0 short=0 overLimit=0") << 3;
    QTest::newRow("unknown category") << 0.0 << 0 << QStringList{QStringLiteral("Westerns")} << 0 << false
                                      << QList<int>{}
                                      << QStringLiteral("read=12 kept=0 noMeta=2/2 excluded=10 lowRating=0 short=0 overLimit=0") << 5;
    QTest::newRow("first 2 per item") << 0.0 << 0 << QStringList() << 2 << false << QList<int>{1, 2, 5, 6, 7, 9, 12}
                                      << QStringLiteral("read=12 kept=7 noMeta=2/2 excluded=0 lowRating=0 short=0 overLimit=3") << 0;
    // The cap counts only reviews that passed the other filters.
    QTest::newRow("first 2 per item after rating")
        << 3.0 << 0 << QStringList() << 2 << false << QList<int>{1, 2, 5, 6, 7, 9, 12}
        << QStringLiteral("read=12 kept=7 noMeta=2/2 excluded=0 lowRating=2 short=0 overLimit=1") << 0;
    QTest::newRow("first 1 per item") << 0.0 << 0 << QStringList() << 1 << false << QList<int>{1, 5, 7, 9, 12}
                                      << QStringLiteral("read=12 kept=5 noMeta=2/2 excluded=0 lowRating=0 short=0 overLimit=5") << 0;
    QTest::newRow("keep without metadata")
        << 0.0 << 0 << QStringList() << 0 << true << QList<int>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}
        << QStringLiteral("read=12 kept=12 noMeta=0/2 excluded=0 lowRating=0 short=0 overLimit=0") << 0;
    QTest::newRow("keep without metadata, rating still applies")
        << 3.0 << 0 << QStringList() << 0 << true << QList<int>{1, 2, 5, 6, 7, 8, 9, 10, 12}
        << QStringLiteral("read=12 kept=9 noMeta=0/2 excluded=0 lowRating=3 short=0 overLimit=0") << 0;
    // An item without metadata has no categories to match.
    QTest::newRow("keep without metadata, category filter")
        << 0.0 << 0 << QStringList{QStringLiteral("comedy")} << 0 << true << QList<int>{5, 6}
        << QStringLiteral("read=12 kept=2 noMeta=2/2 excluded=8 lowRating=0 short=0 overLimit=0") << 4;
    QTest::newRow("everything at once")
        << 4.0 << 10 << QStringList{QStringLiteral("Movies & TV"), QStringLiteral("documentary")} << 1 << false
        << QList<int>{1, 6, 9}
        << QStringLiteral("read=12 kept=3 noMeta=2/2 excluded=2 lowRating=3 short=0 overLimit=2") << 2;
}

void TestSeedCorpus::filters()
{
    QFETCH(double, minRating);
    QFETCH(int, minTextChars);
    QFETCH(QStringList, categories);
    QFETCH(int, maxPerItem);
    QFETCH(bool, keepNoMeta);
    QFETCH(QList<int>, lines);
    QFETCH(QString, counts);
    QFETCH(int, itemsOutside);
    SeedCorpusBuilder::Options options;
    options.minRating = float(minRating);
    options.minTextChars = size_t(minTextChars);
    for (const QString &c : categories)
        options.categories.push_back(c.toStdString());
    options.maxReviewsPerItem = size_t(maxPerItem);
    options.keepReviewsWithoutMetadata = keepNoMeta;
    LoadReport report;
    const auto loaded = loadSmall(options, report);
    QVERIFY(report.empty()); // filtered records are never reported as malformed
    QCOMPARE(keptLines(loaded.corpus), lines);
    QCOMPARE(reviewCounts(loaded.counts), counts);
    QCOMPARE(loaded.counts.itemsOutsideCategories, std::int64_t(itemsOutside));
    QCOMPARE(loaded.counts.reviewsRead, loaded.counts.reviewsKept + loaded.counts.reviewsDropped());
    QCOMPARE(loaded.counts.itemsKept, std::int64_t(5 - itemsOutside));
    // The per-item index agrees with the reviews kept.
    std::size_t indexed = 0;
    for (std::size_t i = 0; i < loaded.corpus.itemCount(); ++i)
        for (const std::uint32_t r : loaded.corpus.reviewsOfItem(i)) {
            QCOMPARE(std::size_t(loaded.corpus.review(r).item), i);
            ++indexed;
        }
    QCOMPARE(indexed, loaded.corpus.reviewCount());
}

void TestSeedCorpus::keptReviewsWithoutMetadataGetBareItems()
{
    SeedCorpusBuilder::Options options;
    options.keepReviewsWithoutMetadata = true;
    LoadReport report;
    const auto loaded = loadSmall(options, report);
    const SeedCorpus &c = loaded.corpus;
    QCOMPARE(loaded.counts.itemsWithoutMetadata, std::int64_t(1));
    const std::uint32_t orphan = c.findItem("B9999NOMETA");
    QVERIFY(orphan != SeedCorpus::kNone);
    QVERIFY(!c.item(orphan).hasMetadata);
    QVERIFY(c.item(orphan).title.empty());
    QCOMPARE(c.item(orphan).mainCategory, CorpusItem::kNone);
    QCOMPARE(c.reviewsOfItem(orphan).size(), size_t(2));
    QVERIFY(c.itemCategories(orphan).empty());
}

void TestSeedCorpus::metadataMustComeFirst()
{
    SeedCorpusBuilder builder;
    AmazonReview review;
    review.rating = 5;
    review.parentAsin = "B1";
    review.userId = "U";
    builder.addReview(review);
    AmazonItem item;
    item.parentAsin = "B1";
    item.title = "late";
    QVERIFY_THROWS_EXCEPTION(Error, builder.addItem(item));
    // finish() hands the corpus over and starts again empty.
    const SeedCorpus first = builder.finish();
    QCOMPARE(first.reviewCount(), size_t(0));
    QCOMPARE(builder.counts().reviewsRead, std::int64_t(0));
    builder.addItem(item);
    builder.addReview(review);
    const SeedCorpus second = builder.finish();
    QCOMPARE(second.reviewCount(), size_t(1));
    QCOMPARE(second.item(0).title, std::string_view("late"));
}

void TestSeedCorpus::malformedIsNotFiltered()
{
    SeedCorpusLoader::Sources sources{{fixture(QStringLiteral("amazon/meta_bad.jsonl")).toStdString()},
                                      {fixture(QStringLiteral("amazon/reviews_bad.jsonl")).toStdString()}};
    SeedCorpusBuilder::Options options;
    options.minRating = 2.0f;
    LoadReport report;
    Progress progress;
    const auto loaded = SeedCorpusLoader::load(sources, options, report, progress);
    // 9 bad metadata lines + 16 bad review lines, reported; never counted as filtered.
    QCOMPARE(report.count(), size_t(25));
    QCOMPARE(loaded.malformedLines, std::int64_t(25));
    QCOMPARE(loaded.counts.itemsRead, std::int64_t(2));
    QCOMPARE(loaded.counts.reviewsRead, std::int64_t(3));
    // Valid reviews: line 1 (B0001STAR1, 4 stars), 10 (B0001STAR1, 2), 19 (B0002COMED, 1 star).
    QCOMPARE(reviewCounts(loaded.counts),
             QStringLiteral("read=3 kept=2 noMeta=0/0 excluded=0 lowRating=1 short=0 overLimit=0"));
    QCOMPARE(loaded.files.size(), size_t(2));
    QVERIFY(loaded.files[0].metadata);
    QCOMPARE(loaded.files[1].read.malformed, std::int64_t(16));
}

void TestSeedCorpus::loaderChecksFilesFirst()
{
    QTemporaryDir dir;
    SeedCorpusLoader::Sources sources = smallSources();
    sources.reviewFiles.push_back(dir.filePath(QStringLiteral("missing.jsonl")).toStdString());
    bool metadataRead = false;
    Progress progress([&](double f, const std::string &) { metadataRead = metadataRead || f > 0; });
    LoadReport report;
    try {
        SeedCorpusLoader::load(sources, {}, report, progress);
        QFAIL("a missing file must stop the load before it starts");
    } catch (const Error &e) {
        QVERIFY2(std::string(e.what()).find("missing.jsonl: cannot open") != std::string::npos, e.what());
    }
    QVERIFY(!metadataRead);
    sources.reviewFiles.back() = dir.path().toStdString();
    QVERIFY_THROWS_EXCEPTION(Error, SeedCorpusLoader::load(sources, {}, report, progress));
}

void TestSeedCorpus::truncatedFileMakesLoadIncomplete()
{
    QTemporaryDir dir;
    std::string plain;
    for (int i = 0; i < 20000; ++i)
        plain += test::reviewLine(i) + "\n";
    const std::string gz = test::gzipBytes(plain);
    const QString cut = dir.filePath(QStringLiteral("cut.jsonl.gz"));
    test::writeBytes(cut, gz.substr(0, gz.size() * 2 / 3));
    // Metadata for every parent_asin the generated reviews use.
    std::string meta;
    for (int i = 0; i < 97; ++i)
        meta += "{\"title\": \"Item " + std::to_string(i) + "\", \"parent_asin\": \"B" + std::to_string(100000 + i)
                + "\"}\n";
    const QString metaFile = dir.filePath(QStringLiteral("meta.jsonl"));
    test::writeBytes(metaFile, meta);
    SeedCorpusLoader::Sources sources{{metaFile.toStdString()},
                                      {cut.toStdString(), fixture(QStringLiteral("amazon/reviews_small.jsonl")).toStdString()}};
    LoadReport report;
    Progress progress;
    AmazonReader::Options readerOptions;
    readerOptions.chunkBytes = 4096;
    const auto loaded = SeedCorpusLoader::load(sources, {}, report, progress, readerOptions);
    QVERIFY(!loaded.complete);
    QVERIFY2(loaded.incompleteReason.find("truncated gzip") != std::string::npos, loaded.incompleteReason.c_str());
    QVERIFY(!loaded.files[1].read.complete);
    QVERIFY(loaded.files[2].read.complete); // the next file was still read
    const auto readFromCut = loaded.files[1].read.records;
    QVERIFY(readFromCut > 1000 && readFromCut < 20000);
    QCOMPARE(loaded.corpus.reviewCount(), std::size_t(readFromCut));
    QCOMPARE(report.count(), size_t(1));
    QCOMPARE(loaded.malformedLines, std::int64_t(0));
    QCOMPARE(loaded.counts.reviewsWithoutMetadata, std::int64_t(12)); // the small file's items are not in meta.jsonl
}

void TestSeedCorpus::statistics()
{
    SeedCorpusBuilder::Options options;
    options.keepReviewsWithoutMetadata = true;
    LoadReport report;
    const auto loaded = loadSmall(options, report);
    const CorpusStats s = CorpusStats::compute(loaded.corpus, 3);
    QCOMPARE(s.items, size_t(6));
    QCOMPARE(s.itemsWithReviews, size_t(6));
    QCOMPARE(s.itemsWithoutMetadata, size_t(1));
    QCOMPARE(s.reviews, size_t(12));
    QCOMPARE(s.users, size_t(9));
    // Ratings 5,4,2.5,1,3,5,4,5,4.5,5,2,3: 2.5 -> 3 and 4.5 -> 5.
    QCOMPARE(s.ratingHistogram, (std::array<std::size_t, 5>{1, 1, 3, 2, 5}));
    QCOMPARE(s.meanRating, 44.0 / 12.0);
    QCOMPARE(s.verifiedPurchases, size_t(7));
    QCOMPARE(s.firstTimestamp, std::int64_t(1422835200000));
    QCOMPARE(s.lastTimestamp, std::int64_t(1650172800000));
    // Reviews per item: STAR 5, COMED 2, BOOK 1, DOCU 1, MIN 1, orphan 2.
    QCOMPARE(s.reviewsPerItem.size(), size_t(3));
    QCOMPARE(s.reviewsPerItem[0].low, 1u);
    QCOMPARE(s.reviewsPerItem[0].high, 1u);
    QCOMPARE(s.reviewsPerItem[0].items, size_t(3));
    QCOMPARE(s.reviewsPerItem[1].low, 2u);
    QCOMPARE(s.reviewsPerItem[1].high, 3u);
    QCOMPARE(s.reviewsPerItem[1].items, size_t(2));
    QCOMPARE(s.reviewsPerItem[2].low, 4u);
    QCOMPARE(s.reviewsPerItem[2].high, 7u);
    QCOMPARE(s.reviewsPerItem[2].items, size_t(1));
    QCOMPARE(s.reviewsPerItem[2].reviews, size_t(5));
    QCOMPARE(s.textChars.min, 0u);
    QCOMPARE(s.textChars.max, 65u); // the café line, counted in characters (the emoji is one)
    // Categories by items: "Movies & TV" (STAR, COMED; main and listed count once), then names in order.
    QCOMPARE(s.topCategories.size(), size_t(3));
    QCOMPARE(s.topCategories[0].name, std::string("Movies & TV"));
    QCOMPARE(s.topCategories[0].items, size_t(2));
    QCOMPARE(s.topCategories[0].reviews, size_t(7));
    QCOMPARE(s.topCategories[1].name, std::string("Books"));
    QCOMPARE(s.topCategories[1].items, size_t(1));
    QCOMPARE(s.topCategories[2].name, std::string("Comedy"));
    QVERIFY(s.toText().find("reviews: 12") != std::string::npos);

    const CorpusStats empty = CorpusStats::compute(SeedCorpus());
    QCOMPARE(empty.reviews, size_t(0));
    QVERIFY(empty.reviewsPerItem.empty());
    QCOMPARE(empty.textChars.max, 0u);
}

void TestSeedCorpus::manyReviewsStayCompact()
{
    // 200,000 reviews over 5,000 items and 50,000 users built in memory.
    SeedCorpusBuilder builder;
    AmazonItem item;
    for (int i = 0; i < 5000; ++i) {
        item.parentAsin = "B" + std::to_string(1000000 + i);
        item.title = "Item " + std::to_string(i);
        builder.addItem(item);
    }
    AmazonReview review;
    std::size_t textBytes = 0;
    for (int i = 0; i < 200000; ++i) {
        review.rating = float(1 + i % 5);
        review.parentAsin = "B" + std::to_string(1000000 + (i * 7919) % 5000);
        review.userId = "USER" + std::to_string(i % 50000);
        review.text = "Review " + std::to_string(i) + " says something about the film.";
        textBytes += review.text.size();
        builder.addReview(review, 0, i + 1);
    }
    const SeedCorpus corpus = builder.finish();
    QCOMPARE(corpus.reviewCount(), size_t(200000));
    QCOMPARE(corpus.userCount(), size_t(50000));
    QCOMPARE(corpus.reviewsOfItem(0).size(), size_t(40));
    QCOMPARE(corpus.userId(corpus.review(123456).user), std::string_view("USER23456"));
    // Fixed-size records plus the text itself plus a small overhead; no per-string allocations.
    const std::size_t expected = 200000 * sizeof(CorpusReview) + textBytes;
    QVERIFY2(corpus.memoryBytes() < expected * 3 / 2 + (8u << 20), std::to_string(corpus.memoryBytes()).c_str());
    QVERIFY(sizeof(CorpusReview) <= 80);
}

QTEST_APPLESS_MAIN(TestSeedCorpus)
#include "test_seed_corpus.moc"
