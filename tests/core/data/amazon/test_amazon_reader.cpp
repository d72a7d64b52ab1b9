// The Amazon Reviews'23 readers: line validation (exact field and reason),
// file-level reports with exact "file:line: field: reason" texts, gzip,
// damaged and odd input, progress and cancellation, on one thread and with
// the reading thread.
#include "amazon_test_support.h"
#include "test_paths.h"

#include "common/error.h"
#include "common/line_reader.h"
#include "data/amazon/amazon_line_parser.h"
#include "data/amazon/amazon_reader.h"

#include <QtTest>

#include <cmath>

using namespace crsw;
using crsw::test::fixture;

class TestAmazonReader : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { QVERIFY(m_dir.isValid()); }
    void reviewLine_data();
    void reviewLine();
    void itemLine_data();
    void itemLine();
    void reviewValues();
    void itemValues();
    void unpaddedEqualsPadded();
    void badReviewFileReport_data() { threadColumn(); }
    void badReviewFileReport();
    void badMetadataFileReport();
    void gzipGivesSameRecords();
    void truncatedGzipKeepsWhatWasRead_data() { threadColumn(); }
    void truncatedGzipKeepsWhatWasRead();
    void invalidUtf8Lines();
    void emptyFile();
    void tenMegabyteLine_data() { threadColumn(); }
    void tenMegabyteLine();
    void overLongLineIsReported_data() { threadColumn(); }
    void overLongLineIsReported();
    void directoryAndMissingFileThrow();
    void crlfLineEnds();
    void progressAndCancel_data() { threadColumn(); }
    void progressAndCancel();

private:
    // Runs a test with the reading done on the calling thread and on a second one.
    static void threadColumn()
    {
        QTest::addColumn<int>("threads");
        QTest::newRow("one thread") << 1;
        QTest::newRow("reading thread") << 2;
    }
    static AmazonReader::Options withThreads(AmazonReader::Options options = {})
    {
        QFETCH(int, threads);
        options.threads = threads;
        return options;
    }
    QString path(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)); }
    QTemporaryDir m_dir;
};

void TestAmazonReader::reviewLine_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("reason"); // empty: the line is valid
    const QByteArray tail = R"("parent_asin": "B1", "user_id": "U1"})";
    const auto row = [&](const char *name, const QByteArray &line, const char *field, const char *reason) {
        QTest::newRow(name) << line << QString::fromUtf8(field) << QString::fromUtf8(reason);
    };
    row("minimal", R"({"rating": 5.0, "text": "t", )" + tail, "", "");
    row("integer rating", R"({"rating": 3, "text": "t", )" + tail, "", "");
    row("fields in any order", R"({"user_id": "U1", "text": "t", "parent_asin": "B1", "rating": 1.0})", "", "");
    row("nulls in optional fields",
        R"({"rating": 2.0, "text": "t", "title": null, "images": null, "asin": null, "timestamp": null, "helpful_vote": null, "verified_purchase": null, )"
            + tail, "", "");
    row("whitespace around", "  \t" R"({"rating": 5.0, "text": "t", )" + tail + "  ", "", "");
    row("unknown field skipped", R"({"rating": 5.0, "text": "t", "x": {"y": [1, {"z": null}]}, )" + tail, "", "");
    row("rating string", R"({"rating": "5", "text": "t", )" + tail, "rating", "expected a number, got a string");
    row("rating null", R"({"rating": null, "text": "t", )" + tail, "rating", "expected a number, got null");
    row("rating zero", R"({"rating": 0, "text": "t", )" + tail, "rating", "out of range (expected 1 to 5)");
    row("rating 5.5", R"({"rating": 5.5, "text": "t", )" + tail, "rating", "out of range (expected 1 to 5)");
    row("text missing", R"({"rating": 5.0, )" + tail, "text", "missing");
    row("text number", R"({"rating": 5.0, "text": 42, )" + tail, "text", "expected a string, got a number");
    row("text array", R"({"rating": 5.0, "text": ["a"], )" + tail, "text", "expected a string, got an array");
    row("parent_asin missing", R"({"rating": 5.0, "text": "t", "user_id": "U1"})", "parent_asin", "missing");
    row("user_id object", R"({"rating": 5.0, "text": "t", "parent_asin": "B1", "user_id": {}})", "user_id",
        "expected a string, got an object");
    row("timestamp float", R"({"rating": 5.0, "text": "t", "timestamp": 1.5e12, )" + tail, "timestamp",
        "expected an integer, got a non-integer number");
    row("timestamp string", R"({"rating": 5.0, "text": "t", "timestamp": "2020", )" + tail, "timestamp",
        "expected an integer, got a string");
    row("helpful negative", R"({"rating": 5.0, "text": "t", "helpful_vote": -1, )" + tail, "helpful_vote",
        "out of range (negative)");
    row("verified number", R"({"rating": 5.0, "text": "t", "verified_purchase": 1, )" + tail, "verified_purchase",
        "expected true or false, got a number");
    row("images string", R"({"rating": 5.0, "text": "t", "images": "none", )" + tail, "images",
        "expected an array, got a string");
    row("bad escape", R"({"rating": 5.0, "text": "a\qb", )" + tail, "text", "invalid JSON: bad string escape");
    row("bad number", R"({"rating": 5.0.1, "text": "t", )" + tail, "rating", "invalid JSON: bad number");
    row("unclosed string", R"({"rating": 5.0, "text": "t)", "", "invalid JSON: unclosed string");
    row("missing comma", R"({"rating": 5.0 "text": "t", )" + tail, "", "invalid JSON: bad structure");
    row("unclosed object", R"({"rating": 5.0, "text": "t", "parent_asin": "B1", "user_id": "U1")", "",
        "invalid JSON: bad structure");
    row("two objects", R"({"rating": 5.0, "text": "t", )" + tail + " {}", "", "invalid JSON: content after the object");
    row("array", "[1, 2]", "", "not a JSON object: got an array");
    row("number", "42", "", "not a JSON object: got a number");
    row("string", "\"text\"", "", "not a JSON object: got a string");
    row("bare words", "this is not json", "", "invalid JSON: bad literal");
    row("control char in string", "{\"rating\": 5.0, \"text\": \"a\tb\", " + tail, "",
        "invalid JSON: control character in a string");
    // Values the record does not keep are still read through, so JSON errors inside them count.
    row("bad literal in unknown field", R"({"rating": 5.0, "text": "t", "extra": t4rue, )" + tail, "extra",
        "invalid JSON: bad literal");
    row("bad number deep in unknown field", R"({"rating": 5.0, "text": "t", "x": {"y": [{"z": 1.2.3}]}, )" + tail,
        "x", "invalid JSON: bad number");
    row("bad structure inside an image", R"({"rating": 5.0, "text": "t", "images": [{"u": [1,]}], )" + tail,
        "images", "invalid JSON: bad structure");
    row("nested too deeply", R"({"rating": 5.0, "text": "t", "x": )" + QByteArray(100, '[') + QByteArray(100, ']')
                                  + ", " + tail, "x", "invalid JSON: nested too deeply");
    // Python's json accepts a lone surrogate; it cannot be stored as UTF-8, so it is refused.
    row("lone surrogate escape", R"({"rating": 5.0, "text": "a\ud800b", )" + tail, "text",
        "invalid JSON: bad string escape");
    row("invalid UTF-8", "{\"rating\": 5.0, \"text\": \"caf\xe9\", " + tail, "", "invalid UTF-8");
    row("overlong UTF-8", "{\"rating\": 5.0, \"text\": \"\xc0\xaf\", " + tail, "", "invalid UTF-8");
    row("empty", "", "", "empty line");
}

void TestAmazonReader::reviewLine()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, field);
    QFETCH(QString, reason);
    AmazonLineParser parser;
    AmazonReview review;
    InputProblem problem;
    const bool ok = parser.parseReview(std::string_view(line.constData(), size_t(line.size())), false, review,
                                       problem);
    QCOMPARE(ok, reason.isEmpty());
    if (!ok) {
        QCOMPARE(QString::fromStdString(problem.field), field);
        QCOMPARE(QString::fromStdString(problem.reason), reason);
    }
}

void TestAmazonReader::itemLine_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("reason");
    const auto row = [&](const char *name, const QByteArray &line, const char *field, const char *reason) {
        QTest::newRow(name) << line << QString::fromUtf8(field) << QString::fromUtf8(reason);
    };
    row("minimal", R"({"title": "T", "parent_asin": "B1"})", "", "");
    row("all nullable null",
        R"({"title": "T", "parent_asin": "B1", "main_category": null, "subtitle": null, "average_rating": null, "rating_number": null, "features": null, "description": null, "price": null, "images": null, "videos": null, "store": null, "categories": null, "details": null, "bought_together": null, "author": null})",
        "", "");
    row("title missing", R"({"parent_asin": "B1"})", "title", "missing");
    row("parent_asin missing", R"({"title": "T"})", "parent_asin", "missing");
    row("title null", R"({"title": null, "parent_asin": "B1"})", "title", "expected a string, got null");
    row("feature not a string", R"({"title": "T", "parent_asin": "B1", "features": ["a", "b", 3]})", "features[2]",
        "expected a string, got a number");
    row("description string", R"({"title": "T", "parent_asin": "B1", "description": "d"})", "description",
        "expected an array of strings, got a string");
    row("price boolean", R"({"title": "T", "parent_asin": "B1", "price": false})", "price",
        "expected a number, a string or null, got a boolean");
    row("details array", R"({"title": "T", "parent_asin": "B1", "details": []})", "details",
        "expected an object, got an array");
    row("author number", R"({"title": "T", "parent_asin": "B1", "author": 1})", "author",
        "expected a string, an object or null, got a number");
    row("author name number", R"({"title": "T", "parent_asin": "B1", "author": {"name": 1}})", "author.name",
        "expected a string, got a number");
    row("rating_number float", R"({"title": "T", "parent_asin": "B1", "rating_number": 2.5})", "rating_number",
        "expected an integer, got a non-integer number");
    row("bad literal inside details", R"({"title": "T", "parent_asin": "B1", "details": {"a": "b", "c": tru}})",
        "details", "invalid JSON: bad literal");
    row("bad value in author object",
        R"({"title": "T", "parent_asin": "B1", "author": {"name": "N", "about": [1,]}})", "author",
        "invalid JSON: bad structure");
    row("bad literal in an image", R"({"title": "T", "parent_asin": "B1", "images": [{"hi_res": nul}]})", "images",
        "invalid JSON: bad literal");
    row("videos object", R"({"title": "T", "parent_asin": "B1", "videos": {}})", "videos",
        "expected an array, got an object");
}

void TestAmazonReader::itemLine()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, field);
    QFETCH(QString, reason);
    AmazonLineParser parser;
    AmazonItem item;
    InputProblem problem;
    const bool ok = parser.parseItem(std::string_view(line.constData(), size_t(line.size())), false, item, problem);
    QCOMPARE(ok, reason.isEmpty());
    if (!ok) {
        QCOMPARE(QString::fromStdString(problem.field), field);
        QCOMPARE(QString::fromStdString(problem.reason), reason);
    }
}

void TestAmazonReader::reviewValues()
{
    const auto pass = test::readReviewFile(fixture(QStringLiteral("amazon/reviews_small.jsonl")));
    QCOMPARE(pass.reviews.size(), size_t(12));
    QVERIFY(pass.problems.empty());
    QVERIFY(pass.result.complete);
    const AmazonReview &first = pass.reviews[0];
    QCOMPARE(first.rating, 5.0f);
    QCOMPARE(first.title, std::string("Epic"));
    QCOMPARE(first.text, std::string("An epic space opera. Loved every minute!"));
    QCOMPARE(first.imageCount, 1u);
    QCOMPARE(first.asin, std::string("B0001STAR1"));
    QCOMPARE(first.parentAsin, std::string("B0001STAR1"));
    QCOMPARE(first.userId, std::string("AEUSER1"));
    QCOMPARE(first.timestamp, std::int64_t(1422835200000));
    QCOMPARE(first.helpfulVotes, std::int64_t(3));
    QCOMPARE(first.verifiedPurchase, true);
    QCOMPARE(pass.reviews[2].rating, 2.5f);
    // Escapes (\u00e9, a surrogate pair, \", \n) are decoded to UTF-8.
    QCOMPARE(QString::fromStdString(pass.reviews[5].text),
             QStringLiteral("The caf\u00e9 scene is hilarious \U0001F600 and the \"twist\" too.\nTwo thumbs up."));
    QCOMPARE(pass.reviews[4].asin, std::string("B0002VAR01"));
    // Absent and null optional fields read as empty/zero; records are not left
    // holding the previous line's values.
    const AmazonReview &last = pass.reviews[11];
    QVERIFY(last.title.empty());
    QVERIFY(last.text.empty());
    QVERIFY(last.asin.empty());
    QCOMPARE(last.imageCount, 0u);
    QCOMPARE(last.timestamp, std::int64_t(0));
    QCOMPARE(last.verifiedPurchase, false);
    QCOMPARE(pass.lines.back(), std::int64_t(12));
}

void TestAmazonReader::itemValues()
{
    std::vector<AmazonItem> items;
    LoadReport report;
    Progress progress;
    const auto result = AmazonReader::readItems(
        fixture(QStringLiteral("amazon/meta_small.jsonl")).toStdString(),
        [&](const AmazonItem &item, std::int64_t) { items.push_back(item); }, report, progress);
    QCOMPARE(result.records, std::int64_t(6));
    QVERIFY(report.empty());
    const AmazonItem &star = items[0];
    QCOMPARE(star.parentAsin, std::string("B0001STAR1"));
    QCOMPARE(star.mainCategory, std::string("Movies & TV"));
    QVERIFY(star.subtitle.empty());
    QCOMPARE(star.averageRating, 4.8);
    QCOMPARE(star.ratingNumber, std::int64_t(1500));
    QCOMPARE(star.features, (std::vector<std::string>{"Widescreen", "Dolby Digital 5.1"}));
    QCOMPARE(star.description.size(), size_t(2));
    QCOMPARE(star.price, 14.99);
    QVERIFY(star.priceText.empty());
    QCOMPARE(star.imageCount, 2u);
    QCOMPARE(star.videoCount, 1u);
    QCOMPARE(star.store, std::string("Lucid Films"));
    QCOMPARE(star.categories,
             (std::vector<std::string>{"Movies & TV", "Genre for Featured Categories", "Science Fiction"}));
    // details: compact JSON, whitespace inside strings kept.
    QCOMPARE(star.details,
             std::string(R"({"Aspect Ratio":"2.35:1","Number of discs":"1","Run time":"2 hours and 1 minute"})"));
    QCOMPARE(items[1].priceText, std::string("from $4.99"));
    QVERIFY(std::isnan(items[1].price));
    QCOMPARE(items[2].author, std::string("Jane Author"));
    QVERIFY(std::isnan(items[2].price));
    QCOMPARE(QString::fromStdString(items[3].title), QStringLiteral("Plan\u00e8te Terre"));
    QCOMPARE(QString::fromStdString(items[3].features[0]), QStringLiteral("Narr\u00e9 en fran\u00e7ais"));
    QCOMPARE(items[3].details, std::string("{}"));
    QVERIFY(items[3].mainCategory.empty());
    QCOMPARE(items[5].title, std::string("Bare Minimum"));
    QVERIFY(items[5].categories.empty());
    QVERIFY(std::isnan(items[5].averageRating));
}

void TestAmazonReader::unpaddedEqualsPadded()
{
    // The in-place (padded) path and the copying path read the same record.
    const std::string line = test::reviewLine(7, "same either way");
    std::string padded = line + std::string(LineReader::kPadding, ' ');
    AmazonLineParser parser;
    AmazonReview a, b;
    InputProblem problem;
    QVERIFY(parser.parseReview(std::string_view(padded.data(), line.size()), true, a, problem));
    QVERIFY(parser.parseReview(line, false, b, problem));
    QCOMPARE(a.text, b.text);
    QCOMPARE(a.userId, b.userId);
    QCOMPARE(a.timestamp, b.timestamp);
    QVERIFY(QByteArray(parser.kernelName()).size() > 0);
}

void TestAmazonReader::badReviewFileReport()
{
    const QString file = fixture(QStringLiteral("amazon/reviews_bad.jsonl"));
    const auto pass = test::readReviewFile(file, withThreads());
    const std::string f = file.toStdString();
    const std::vector<std::string> expected{
        f + ":2: rating: expected a number, got a string",
        f + ":3: user_id: missing",
        f + ":4: empty line",
        f + ":5: invalid JSON: bad literal",
        f + ":6: not a JSON object: got an array",
        f + ":7: invalid JSON: content after the object",
        f + ":8: rating: out of range (expected 1 to 5)",
        f + ":9: title: expected a string, got a number",
        f + ":11: user_id: expected a string, got null",
        f + ":12: invalid JSON: unclosed string",
        f + ":13: helpful_vote: expected an integer, got a non-integer number",
        f + ":14: verified_purchase: expected true or false, got a string",
        f + ":15: images: expected an array, got an object",
        f + ":16: text: invalid JSON: bad string escape",
        f + ":17: rating: missing",
        f + ":18: empty line",
    };
    QCOMPARE(pass.problems, expected);
    QCOMPARE(pass.lines, (std::vector<std::int64_t>{1, 10, 19}));
    QCOMPARE(pass.result.lines, std::int64_t(19));
    QCOMPARE(pass.result.records, std::int64_t(3));
    QCOMPARE(pass.result.malformed, std::int64_t(16));
    QVERIFY(pass.result.complete);
    QCOMPARE(pass.reviews[2].rating, 1.0f);
}

void TestAmazonReader::badMetadataFileReport()
{
    const QString file = fixture(QStringLiteral("amazon/meta_bad.jsonl"));
    std::vector<std::string> titles;
    LoadReport report;
    Progress progress;
    const auto result = AmazonReader::readItems(
        file.toStdString(), [&](const AmazonItem &item, std::int64_t) { titles.push_back(item.title); }, report,
        progress);
    std::vector<std::string> problems;
    for (const auto &p : report.problems())
        problems.push_back(p.toString());
    const std::string f = file.toStdString();
    const std::vector<std::string> expected{
        f + ":2: title: missing",
        f + ":3: features[1]: expected a string, got a number",
        f + ":4: price: expected a number, a string or null, got a boolean",
        f + ":5: details: expected an object, got a string",
        f + ":6: title: expected a string, got null",
        f + ":7: categories: expected an array of strings, got a string",
        f + ":8: author: expected a string, an object or null, got a number",
        f + ":9: average_rating: expected a number, got a string",
        f + ":10: rating_number: out of range (negative)",
    };
    QCOMPARE(problems, expected);
    QCOMPARE(titles, (std::vector<std::string>{"Fine", "Also fine"}));
    QCOMPARE(result.malformed, std::int64_t(9));
}

void TestAmazonReader::gzipGivesSameRecords()
{
    const QString plain = fixture(QStringLiteral("amazon/reviews_bad.jsonl"));
    const QString gz = path("reviews_bad.jsonl.gz");
    test::writeBytes(gz, test::gzipBytes(test::readBytes(plain)));
    const auto a = test::readReviewFile(plain);
    const auto b = test::readReviewFile(gz);
    QCOMPARE(b.lines, a.lines);
    QCOMPARE(b.problems.size(), a.problems.size());
    for (std::size_t i = 0; i < a.reviews.size(); ++i)
        QCOMPARE(b.reviews[i].text, a.reviews[i].text);
    // Same reasons, named after the gzip file.
    QCOMPARE(QString::fromStdString(b.problems[0]), gz + QStringLiteral(":2: rating: expected a number, got a string"));
}

void TestAmazonReader::truncatedGzipKeepsWhatWasRead()
{
    std::string plain;
    for (int i = 0; i < 30000; ++i)
        plain += test::reviewLine(i) + "\n";
    const std::string gz = test::gzipBytes(plain);
    const QString file = path("cut.jsonl.gz");
    test::writeBytes(file, gz.substr(0, gz.size() / 2));
    AmazonReader::Options options = withThreads();
    options.chunkBytes = 4096; // deliver lines soon after they are inflated
    const auto pass = test::readReviewFile(file, options);
    QVERIFY(!pass.result.complete);
    QVERIFY(pass.reviews.size() > 1000);
    QVERIFY(pass.reviews.size() < 30000);
    QCOMPARE(pass.result.records, std::int64_t(pass.reviews.size()));
    QCOMPARE(pass.result.malformed, std::int64_t(0));
    // Records delivered are the file's first lines, in order.
    for (std::size_t i = 0; i < pass.reviews.size(); ++i)
        QCOMPARE(pass.lines[i], std::int64_t(i + 1));
    QCOMPARE(pass.reviews.back().text, "Review number " + std::to_string(pass.reviews.size() - 1));
    // The damage is the report's last (and only) entry, at the line it cut.
    QCOMPARE(pass.problems.size(), size_t(1));
    const std::string expected = file.toStdString() + ":" + std::to_string(pass.reviews.size() + 1)
                                 + ": truncated gzip stream (the file ends before the compressed data does)";
    QCOMPARE(pass.problems[0], expected);
    QVERIFY2(pass.result.stopReason.find("truncated gzip") != std::string::npos, pass.result.stopReason.c_str());
}

void TestAmazonReader::invalidUtf8Lines()
{
    const std::string good = test::reviewLine(1);
    std::string bad = test::reviewLine(2, "bad \xff byte");
    std::string surrogate = test::reviewLine(3, "lone \xed\xa0\x80 surrogate");
    std::string cut = test::reviewLine(4, "cut \xe2\x82 sequence");
    const QString file = path("utf8.jsonl");
    test::writeBytes(file, good + "\n" + bad + "\n" + surrogate + "\n" + cut + "\n" + good + "\n");
    const auto pass = test::readReviewFile(file);
    const std::string f = file.toStdString();
    QCOMPARE(pass.problems, (std::vector<std::string>{f + ":2: invalid UTF-8", f + ":3: invalid UTF-8",
                                                      f + ":4: invalid UTF-8"}));
    QCOMPARE(pass.lines, (std::vector<std::int64_t>{1, 5}));
}

void TestAmazonReader::emptyFile()
{
    const QString file = path("empty.jsonl");
    test::writeBytes(file, "");
    const auto pass = test::readReviewFile(file);
    QVERIFY(pass.reviews.empty());
    QVERIFY(pass.problems.empty());
    QVERIFY(pass.result.complete);
    QCOMPARE(pass.result.lines, std::int64_t(0));
    // An empty gzip member reads the same way.
    test::writeBytes(file, test::gzipBytes(""));
    const auto gz = test::readReviewFile(file);
    QVERIFY(gz.reviews.empty() && gz.problems.empty() && gz.result.complete);
}

void TestAmazonReader::tenMegabyteLine()
{
    std::string big;
    big.reserve(10 << 20);
    while (big.size() < (std::size_t(10) << 20))
        big += "A very long review, again and again. ";
    const QString file = path("big.jsonl");
    test::writeBytes(file, test::reviewLine(1) + "\n" + test::reviewLine(2, big) + "\n" + test::reviewLine(3) + "\n");
    const auto pass = test::readReviewFile(file, withThreads());
    QVERIFY(pass.problems.empty());
    QCOMPARE(pass.reviews.size(), size_t(3));
    QCOMPARE(pass.reviews[1].text.size(), big.size());
    QVERIFY(pass.reviews[1].text == big);
    QCOMPARE(pass.reviews[2].text, std::string("Review number 3"));
}

void TestAmazonReader::overLongLineIsReported()
{
    const QString file = path("long.jsonl");
    test::writeBytes(file, test::reviewLine(1) + "\n" + test::reviewLine(2, std::string(5000, 'x')) + "\n"
                               + test::reviewLine(3) + "\n");
    AmazonReader::Options options = withThreads();
    options.maxLineBytes = 1000;
    options.chunkBytes = 512;
    const auto pass = test::readReviewFile(file, options);
    QCOMPARE(pass.problems, (std::vector<std::string>{file.toStdString() + ":2: line longer than 1000 bytes"}));
    QCOMPARE(pass.lines, (std::vector<std::int64_t>{1, 3}));
}

void TestAmazonReader::directoryAndMissingFileThrow()
{
    try {
        test::readReviewFile(m_dir.path());
        QFAIL("a directory must be refused");
    } catch (const Error &e) {
        QCOMPARE(QString::fromStdString(e.what()), m_dir.path() + QStringLiteral(": is a directory, expected a file"));
    }
    try {
        test::readReviewFile(path("nope.jsonl"));
        QFAIL("a missing file must be refused");
    } catch (const Error &e) {
        QCOMPARE(QString::fromStdString(e.what()),
                 path("nope.jsonl") + QStringLiteral(": cannot open: No such file or directory"));
    }
}

void TestAmazonReader::crlfLineEnds()
{
    const std::string lf = test::readBytes(fixture(QStringLiteral("amazon/reviews_small.jsonl")));
    std::string crlf;
    for (const char c : lf)
        crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    crlf.resize(crlf.size() - 2); // and no line end after the last line
    const QString file = path("crlf.jsonl");
    test::writeBytes(file, crlf);
    const auto a = test::readReviewFile(fixture(QStringLiteral("amazon/reviews_small.jsonl")));
    const auto b = test::readReviewFile(file);
    QVERIFY(b.problems.empty());
    QCOMPARE(b.reviews.size(), a.reviews.size());
    for (std::size_t i = 0; i < a.reviews.size(); ++i) {
        QCOMPARE(b.reviews[i].text, a.reviews[i].text);
        QCOMPARE(b.reviews[i].userId, a.reviews[i].userId);
    }
}

void TestAmazonReader::progressAndCancel()
{
    std::string plain;
    for (int i = 0; i < 20000; ++i)
        plain += test::reviewLine(i) + "\n";
    const QString file = path("many.jsonl");
    test::writeBytes(file, plain);

    std::vector<double> fractions;
    Progress progress([&](double f, const std::string &) { fractions.push_back(f); }, std::chrono::milliseconds(0));
    LoadReport report;
    std::int64_t seen = 0;
    AmazonReader::Options small = withThreads();
    small.chunkBytes = 64 << 10;
    const auto result = AmazonReader::readReviews(
        file.toStdString(), [&](const AmazonReview &, std::int64_t) { ++seen; }, report, progress, small);
    QCOMPARE(result.records, std::int64_t(20000));
    QCOMPARE(seen, std::int64_t(20000));
    QCOMPARE(result.bytes, std::uint64_t(plain.size()));
    QVERIFY(fractions.size() > 3);
    QCOMPARE(fractions.back(), 1.0);
    QVERIFY(std::is_sorted(fractions.begin(), fractions.end()));

    Progress cancelling;
    std::int64_t delivered = 0;
    QVERIFY_THROWS_EXCEPTION(Cancelled, AmazonReader::readReviews(
                                            file.toStdString(),
                                            [&](const AmazonReview &, std::int64_t) {
                                                if (++delivered == 5000)
                                                    cancelling.cancel();
                                            },
                                            report, cancelling, small));
    QVERIFY(delivered >= 5000 && delivered < 20000);
}

QTEST_APPLESS_MAIN(TestAmazonReader)
#include "test_amazon_reader.moc"
