// TfidfVectorizer behaviour beyond the scikit-learn goldens: vocabulary limits
// and their tie-breaking, unseen texts, thread independence, bad options.
#include "common/error.h"
#include "embed/tfidf_vectorizer.h"

#include <QtTest>

#include <cmath>

using namespace crsw;

namespace {

std::vector<std::string_view> views(const std::vector<std::string> &texts)
{
    return std::vector<std::string_view>(texts.begin(), texts.end());
}

// A seeded corpus over a Zipf-ish vocabulary.
std::vector<std::string> randomCorpus(std::size_t documents, unsigned seed)
{
    std::vector<std::string> texts;
    std::uint64_t state = seed;
    const auto next = [&] {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        return static_cast<std::uint32_t>(state >> 33);
    };
    for (std::size_t d = 0; d < documents; ++d) {
        std::string text;
        const std::uint32_t words = 3 + next() % 30;
        for (std::uint32_t w = 0; w < words; ++w) {
            const std::uint32_t r = next() % 1000;
            const std::uint32_t word = r * r / 2000; // skewed towards small numbers
            text += "w" + std::to_string(word) + (next() % 7 == 0 ? ". " : " ");
        }
        texts.push_back(text);
    }
    return texts;
}

} // namespace

class TestTfidfVectorizer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rowsAreUnitAndWeighted();
    void maxFeaturesKeepsMostFrequentTiesByTerm();
    void bigramSurvivesWithoutItsUnigram();
    void unseenTextsGiveEmptyRows();
    void sameResultOnAnyThreadCount();
    void badOptionsAndInputs();
    void cancellation();
};

void TestTfidfVectorizer::rowsAreUnitAndWeighted()
{
    // "a" is too short; "cat" twice in doc 0: tf weight 1 + ln 2.
    const std::vector<std::string> texts{"cat cat dog", "dog bird", "a"};
    TfidfVectorizer::Options options;
    options.minDf = 1;
    TfidfVectorizer vectorizer(options);
    Progress quiet;
    const CsrMatrix x = vectorizer.fitTransform(views(texts), quiet);
    const std::vector<std::string> expected{"bird", "cat", "cat cat", "cat dog", "dog", "dog bird"};
    QCOMPARE(vectorizer.vocabulary(), expected);
    QCOMPARE(vectorizer.documentCount(), std::size_t(3));
    QCOMPARE(vectorizer.distinctTerms(), std::size_t(6));
    const double idfCat = std::log(4.0 / 2.0) + 1.0, idfDog = std::log(4.0 / 3.0) + 1.0;
    QVERIFY(std::fabs(vectorizer.idf()[1] - idfCat) < 1e-15);
    QVERIFY(std::fabs(vectorizer.idf()[4] - idfDog) < 1e-15);
    // Row 0: cat (1 + ln 2) idfCat, "cat cat" idfCat, "cat dog" idfCat, dog idfDog.
    const double w[] = {(1 + std::log(2.0)) * idfCat, idfCat, idfCat, idfDog};
    const double norm = std::sqrt(w[0] * w[0] + w[1] * w[1] + w[2] * w[2] + w[3] * w[3]);
    QCOMPARE(x.rowStart, (std::vector<std::uint64_t>{0, 4, 7, 7}));
    QCOMPARE(x.columns[0], 1u);
    QVERIFY(std::fabs(x.values[0] - w[0] / norm) < 1e-7);
    QVERIFY(std::fabs(x.values[3] - w[3] / norm) < 1e-7);
    for (std::size_t r = 0; r < 2; ++r) {
        double squares = 0.0;
        for (auto p = x.rowStart[r]; p < x.rowStart[r + 1]; ++p)
            squares += double(x.values[p]) * x.values[p];
        QVERIFY(std::fabs(squares - 1.0) < 1e-6);
    }
}

void TestTfidfVectorizer::maxFeaturesKeepsMostFrequentTiesByTerm()
{
    // Corpus counts: zz 3, yy 2, bb 2, aa 2, cc 1. Limit 3: zz, then aa and bb (the terms that sort first).
    const std::vector<std::string> texts{"zz yy bb", "zz aa", "zz aa bb yy cc"};
    TfidfVectorizer::Options options;
    options.minDf = 1;
    options.maxNgram = 1;
    options.maxFeatures = 3;
    TfidfVectorizer vectorizer(options);
    Progress quiet;
    vectorizer.fit(views(texts), quiet);
    QCOMPARE(vectorizer.vocabulary(), (std::vector<std::string>{"aa", "bb", "zz"}));
    // max_df drops zz (in 3 of 3 documents > 0.9 * 3).
    options.maxDf = 0.9;
    TfidfVectorizer limited(options);
    limited.fit(views(texts), quiet);
    QCOMPARE(limited.vocabulary(), (std::vector<std::string>{"aa", "bb", "yy"}));
    // min_df 2 drops cc.
    options.maxFeatures = 0;
    options.minDf = 2;
    TfidfVectorizer frequent(options);
    frequent.fit(views(texts), quiet);
    QCOMPARE(frequent.vocabulary(), (std::vector<std::string>{"aa", "bb", "yy"}));
}

void TestTfidfVectorizer::bigramSurvivesWithoutItsUnigram()
{
    // "the" is in every document (max_df removes it) but "the end" is kept.
    const std::vector<std::string> texts{"the end", "the end now", "the cat", "the dog"};
    TfidfVectorizer::Options options;
    options.minDf = 2;
    options.maxDf = 0.75;
    TfidfVectorizer vectorizer(options);
    Progress quiet;
    const CsrMatrix x = vectorizer.fitTransform(views(texts), quiet);
    QCOMPARE(vectorizer.vocabulary(), (std::vector<std::string>{"end", "the end"}));
    QCOMPARE(x.rowStart, (std::vector<std::uint64_t>{0, 2, 4, 4, 4}));
    const CsrMatrix y = vectorizer.transform(views(std::vector<std::string>{"THE END the end"}), quiet);
    QCOMPARE(y.columns, (std::vector<std::uint32_t>{0, 1}));
    QVERIFY(std::fabs(y.values[0] - y.values[1]) < 1e-7); // both twice, equal idf
}

void TestTfidfVectorizer::unseenTextsGiveEmptyRows()
{
    const std::vector<std::string> texts{"red apple", "green apple", "red car"};
    TfidfVectorizer::Options options;
    options.minDf = 1;
    TfidfVectorizer vectorizer(options);
    Progress quiet;
    vectorizer.fit(views(texts), quiet);
    const CsrMatrix y = vectorizer.transform(views(std::vector<std::string>{"blue boat", "", "apple red"}), quiet);
    QCOMPARE(y.rows, std::size_t(3));
    QCOMPARE(y.rowStart, (std::vector<std::uint64_t>{0, 0, 0, 2})); // "apple red" is not a fitted bigram
    TfidfVectorizer unfitted;
    QVERIFY_THROWS_EXCEPTION(std::logic_error, unfitted.transform(views(texts), quiet));
}

void TestTfidfVectorizer::sameResultOnAnyThreadCount()
{
    const std::vector<std::string> texts = randomCorpus(3000, 11);
    CsrMatrix reference;
    std::vector<std::string> vocabulary;
    for (int threads : {1, 2, 3, 8}) {
        TfidfVectorizer::Options options;
        options.maxFeatures = 500;
        options.threads = threads;
        TfidfVectorizer vectorizer(options);
        Progress quiet;
        const CsrMatrix x = vectorizer.fitTransform(views(texts), quiet);
        if (threads == 1) {
            reference = x;
            vocabulary = vectorizer.vocabulary();
            QCOMPARE(vocabulary.size(), std::size_t(500));
            continue;
        }
        QCOMPARE(vectorizer.vocabulary(), vocabulary);
        QCOMPARE(x.rowStart, reference.rowStart);
        QCOMPARE(x.columns, reference.columns);
        QCOMPARE(x.values, reference.values);
    }
}

void TestTfidfVectorizer::badOptionsAndInputs()
{
    Progress quiet;
    TfidfVectorizer vectorizer;
    QVERIFY_THROWS_EXCEPTION(Error, vectorizer.fit({}, quiet));
    // Every term in one document only, min_df 2: nothing remains.
    try {
        vectorizer.fit(views(std::vector<std::string>{"alpha beta", "gamma delta"}), quiet);
        QFAIL("no error");
    } catch (const Error &e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("no terms remain")), e.what());
    }
    TfidfVectorizer::Options options;
    options.maxNgram = 3;
    QVERIFY_THROWS_EXCEPTION(Error, TfidfVectorizer(options).fit(views(std::vector<std::string>{"aa bb"}), quiet));
    options = {};
    options.maxDf = 0.0;
    QVERIFY_THROWS_EXCEPTION(Error, TfidfVectorizer(options).fit(views(std::vector<std::string>{"aa bb"}), quiet));
    options = {};
    options.minDf = 3;
    options.maxDf = 0.5; // 0.5 * 4 documents < 3
    QVERIFY_THROWS_EXCEPTION(Error, TfidfVectorizer(options).fit(views(std::vector<std::string>(4, "aa bb")), quiet));
}

void TestTfidfVectorizer::cancellation()
{
    const std::vector<std::string> texts = randomCorpus(2000, 3);
    Progress progress;
    progress.cancel();
    TfidfVectorizer vectorizer;
    QVERIFY_THROWS_EXCEPTION(Cancelled, vectorizer.fit(views(texts), progress));
}

QTEST_APPLESS_MAIN(TestTfidfVectorizer)
#include "test_tfidf_vectorizer.moc"
