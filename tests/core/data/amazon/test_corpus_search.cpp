// Case-insensitive search: the finder's matching rules, agreement with a
// plain reference on generated text, corpus search over reviews and items,
// thread counts and cancellation.
#include "test_paths.h"

#include "common/python_text.h"
#include "data/amazon/case_insensitive_finder.h"
#include "data/amazon/corpus_search.h"
#include "data/amazon/seed_corpus_builder.h"
#include "data/amazon/seed_corpus_loader.h"

#include <QtTest>

#include <random>

using namespace crsw;
using crsw::test::fixture;

namespace {

// The obvious implementation the fast one must agree with.
bool referenceContains(std::string_view text, std::string_view query)
{
    return pytext::lower(text).find(pytext::lower(query)) != std::string::npos;
}

SeedCorpus smallCorpus()
{
    LoadReport report;
    Progress progress;
    return SeedCorpusLoader::load({{fixture(QStringLiteral("amazon/meta_small.jsonl")).toStdString()},
                                   {fixture(QStringLiteral("amazon/reviews_small.jsonl")).toStdString()}},
                                  {}, report, progress)
        .corpus;
}

std::vector<std::uint32_t> searchReviews(const SeedCorpus &corpus, const char *query, int threads = 0)
{
    Progress progress;
    return CorpusSearch::reviews(corpus, query, progress, threads);
}

std::vector<std::uint32_t> searchItems(const SeedCorpus &corpus, const char *query)
{
    Progress progress;
    return CorpusSearch::items(corpus, query, progress);
}

} // namespace

class TestCorpusSearch : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void finder_data();
    void finder();
    void finderAgreesWithReference();
    void unicodeFinderAgreesWithReference();
    void reviewSearch_data();
    void reviewSearch();
    void itemSearch_data();
    void itemSearch();
    void threadsAgreeOnLargeCorpus();
    void cancelled();
};

void TestCorpusSearch::finder_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("found");
    const auto row = [](const char *name, const char *query, const char *text, bool found) {
        QTest::newRow(name) << QString::fromUtf8(query) << QString::fromUtf8(text) << found;
    };
    row("same case", "epic", "An epic space opera", true);
    row("upper text", "epic", "AN EPIC SPACE OPERA", true);
    row("upper query", "EpIc", "an epic space opera", true);
    row("absent", "epoch", "an epic space opera", false);
    row("empty query", "", "anything", true);
    row("empty text", "a", "", false);
    row("query longer than text", "operatic", "opera", false);
    row("whole text", "opera", "OPERA", true);
    row("one letter", "Z", "lazy", true);
    row("at the very end, past a block", "ending", "0123456789abcdef0123456789abcdefthe ENDING", true);
    row("across a 16-byte block", "brown fox", "the quick brownnn brown fox jumps over", true);
    row("near miss at block end", "abcdq", "xxxxxxxxxxxabcdeabcdfabcdqz", true);
    // ASCII folding touches letters only: '[' | 0x20 is '{', '@' | 0x20 is '`'.
    row("bracket is not brace", "[x]", "{x}", false);
    row("at is not backtick", "a@b", "A`B", false);
    row("punctuation exact", "a-b", "A-B", true);
    row("digits", "2.35:1", "Aspect 2.35:1 wide", true);
    row("non-ASCII query, upper text", "café", "THE CAFÉ SCENE", true);
    row("non-ASCII upper query", "PLANÈTE", "planète terre", true);
    row("non-ASCII query, ASCII text", "é", "e E", false);
    row("ASCII query, accented text", "cafe", "café", false);
    row("Greek", "σοφία", "ΣΟΦΊΑ", true);
    // str.lower's final-sigma rule: a word-final capital sigma becomes ς, not σ.
    row("Greek final sigma", "οδός", "ΟΔΌΣ", true);
    row("Greek medial sigma at the end", "οδόσ", "ΟΔΌΣ", false);
    row("Kelvin sign lowers to k", "5 k", "5 \u212a", true);
    row("dotted I lowers to i and a dot", "xi", "X\u0130", true);
    row("dotted I is not a plain i next", "ix", "\u0130x", false);
    row("emoji", "\xF0\x9F\x98\x80", "ha \xF0\x9F\x98\x80!", true);
}

void TestCorpusSearch::finder()
{
    QFETCH(QString, query);
    QFETCH(QString, text);
    QFETCH(bool, found);
    const CaseInsensitiveFinder finder(query.toStdString());
    QCOMPARE(finder.matches(text.toStdString()), found);
    QCOMPARE(referenceContains(text.toStdString(), query.toStdString()), found);
}

void TestCorpusSearch::finderAgreesWithReference()
{
    // Texts of letters, punctuation and the byte pairs the fold could confuse,
    // at every length around the 16-byte SIMD blocks.
    std::mt19937 rng(1234);
    const std::string alphabet = "abcABC[{@`_ -xyzXYZ";
    std::size_t matches = 0;
    for (int t = 0; t < 3000; ++t) {
        std::string text(std::size_t(rng() % 70), ' ');
        for (char &c : text)
            c = alphabet[rng() % alphabet.size()];
        std::string query(1 + rng() % 4, ' ');
        for (char &c : query)
            c = alphabet[rng() % alphabet.size()];
        if (rng() % 2 && text.size() > query.size()) // often a real substring, with its case changed
            for (std::size_t i = 0, at = rng() % (text.size() - query.size()); i < query.size(); ++i)
                query[i] = char(rng() % 2 ? std::toupper(text[at + i]) : std::tolower(text[at + i]));
        const bool expected = referenceContains(text, query);
        matches += expected;
        QVERIFY2(CaseInsensitiveFinder(query).matches(text) == expected, (query + " in " + text).c_str());
    }
    QVERIFY(matches > 500 && matches < 2900); // both outcomes were exercised
}

void TestCorpusSearch::unicodeFinderAgreesWithReference()
{
    // Pieces whose lower case is tricky: context (final sigma), expansion
    // (dotted I), non-ASCII lowering to ASCII (Kelvin sign), caseless symbols.
    const std::vector<std::string> pieces{"a", "B", "c", " ", "é", "É", "Σ", "σ", "ς", "Ο", "İ", "i", "\u212a",
                                          "k", "ß", "😀", "Ⱥ", "ⱥ", "-", "ΣΑ"};
    std::mt19937 rng(4321);
    std::size_t matches = 0;
    for (int t = 0; t < 4000; ++t) {
        std::string text;
        for (std::size_t i = 0, n = rng() % 40; i < n; ++i)
            text += pieces[rng() % pieces.size()];
        std::string query;
        for (std::size_t i = 0, n = 1 + rng() % 3; i < n; ++i)
            query += pieces[rng() % pieces.size()];
        if (rng() % 2) { // a real piece of the text, so matches are common
            const std::u32string decoded = pytext::decodeUtf8(text);
            if (decoded.size() > 3) {
                const std::size_t at = rng() % (decoded.size() - 3);
                query = pytext::encodeUtf8(decoded.substr(at, 1 + rng() % 3));
            }
        }
        const bool expected = referenceContains(text, query);
        matches += expected;
        QVERIFY2(CaseInsensitiveFinder(query).matches(text) == expected, (query + " in " + text).c_str());
    }
    QVERIFY(matches > 500 && matches < 3900);
}

void TestCorpusSearch::reviewSearch_data()
{
    // Kept reviews of the small fixture are its lines 1-7, 9, 10, 12 (indices 0-9).
    QTest::addColumn<QString>("query");
    QTest::addColumn<QList<int>>("indices");
    QTest::newRow("text, any case") << QStringLiteral("GREAT") << QList<int>{1, 8};
    QTest::newRow("title") << QStringLiteral("page turner") << QList<int>{6};
    QTest::newRow("user id") << QStringLiteral("aeuser1") << QList<int>{0, 3};
    QTest::newRow("variant asin") << QStringLiteral("b0002var01") << QList<int>{4};
    QTest::newRow("parent asin") << QStringLiteral("B0002COMED") << QList<int>{4, 5};
    QTest::newRow("accented") << QStringLiteral("PLANÈTE") << QList<int>{7};
    QTest::newRow("escaped in the file") << QStringLiteral("\"twist\"") << QList<int>{5};
    QTest::newRow("nothing") << QStringLiteral("zebra") << QList<int>{};
    QTest::newRow("everything") << QString() << QList<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
}

void TestCorpusSearch::reviewSearch()
{
    QFETCH(QString, query);
    QFETCH(QList<int>, indices);
    const SeedCorpus corpus = smallCorpus();
    const auto found = searchReviews(corpus, query.toStdString().c_str());
    QCOMPARE(QList<int>(found.begin(), found.end()), indices);
}

void TestCorpusSearch::itemSearch_data()
{
    // Items: 0 STAR1, 1 COMED, 2 BOOK1, 3 DOCU1, 4 MIN01.
    QTest::addColumn<QString>("query");
    QTest::addColumn<QList<int>>("indices");
    QTest::newRow("title") << QStringLiteral("laugh") << QList<int>{1};
    QTest::newRow("category") << QStringLiteral("science fiction") << QList<int>{0};
    QTest::newRow("main category") << QStringLiteral("movies &") << QList<int>{0, 1};
    QTest::newRow("author name") << QStringLiteral("JANE") << QList<int>{2};
    QTest::newRow("store") << QStringLiteral("lucid") << QList<int>{0};
    QTest::newRow("subtitle") << QStringLiteral("director") << QList<int>{1};
    QTest::newRow("asin") << QStringLiteral("min01") << QList<int>{4};
    QTest::newRow("accented title") << QStringLiteral("planète") << QList<int>{3};
}

void TestCorpusSearch::itemSearch()
{
    QFETCH(QString, query);
    QFETCH(QList<int>, indices);
    const SeedCorpus corpus = smallCorpus();
    const auto found = searchItems(corpus, query.toStdString().c_str());
    QCOMPARE(QList<int>(found.begin(), found.end()), indices);
}

void TestCorpusSearch::threadsAgreeOnLargeCorpus()
{
    std::mt19937 rng(99);
    const std::vector<std::string> words{"great", "film", "Boring", "plot", "ACTING", "score", "twist", "café",
                                         "long", "short", "kids", "Classic"};
    SeedCorpusBuilder builder;
    AmazonItem item;
    for (int i = 0; i < 500; ++i) {
        item.parentAsin = "B" + std::to_string(500000 + i);
        item.title = "Item " + std::to_string(i);
        builder.addItem(item);
    }
    AmazonReview review;
    std::vector<std::string> texts;
    for (int i = 0; i < 60000; ++i) {
        review.rating = 5;
        review.parentAsin = "B" + std::to_string(500000 + rng() % 500);
        review.userId = "U" + std::to_string(rng() % 9000);
        review.text.clear();
        for (int w = 0, n = 3 + int(rng() % 30); w < n; ++w)
            review.text += words[rng() % words.size()] + " ";
        review.title = words[rng() % words.size()];
        texts.push_back(review.title + "\n" + review.text);
        builder.addReview(review);
    }
    const SeedCorpus corpus = builder.finish();
    for (const char *query : {"classic film", "CAFÉ", "acting score twist", "u123"}) {
        const auto one = searchReviews(corpus, query, 1);
        const auto two = searchReviews(corpus, query, 2);
        QCOMPARE(one, two);
        std::vector<std::uint32_t> expected;
        for (std::uint32_t r = 0; r < corpus.reviewCount(); ++r) {
            const CorpusReview &rv = corpus.review(r);
            if (referenceContains(rv.title, query) || referenceContains(rv.text, query)
                || referenceContains(corpus.userId(rv.user), query)
                || referenceContains(corpus.asin(rv.asin), query))
                expected.push_back(r);
        }
        QCOMPARE(one, expected);
        QVERIFY2(!expected.empty(), query);
    }
}

void TestCorpusSearch::cancelled()
{
    const SeedCorpus corpus = smallCorpus();
    Progress progress;
    progress.cancel();
    QVERIFY_THROWS_EXCEPTION(Cancelled, CorpusSearch::reviews(corpus, "great", progress));
    QVERIFY_THROWS_EXCEPTION(Cancelled, CorpusSearch::items(corpus, "great", progress));
}

QTEST_APPLESS_MAIN(TestCorpusSearch)
#include "test_corpus_search.moc"
