// The built-in embedder: unit rows, fit + embed = fitEmbed, determinism,
// the dimension lowered to the corpus rank, cancellation.
#include "common/error.h"
#include "embed/corpus_texts.h"
#include "embed/tfidf_svd_embedder.h"

#include <QtTest>

#include <cmath>
#include <cstring>

using namespace crsw;

namespace {

// Reviews of a few "topics" so the SVD has structure to find.
std::vector<std::string> topicCorpus(std::size_t documents)
{
    static const char *topics[][6] = {
        {"space", "alien", "ship", "planet", "crew", "galaxy"},
        {"love", "wedding", "romance", "couple", "kiss", "heart"},
        {"murder", "detective", "clue", "crime", "killer", "case"},
        {"dragon", "wizard", "magic", "quest", "sword", "kingdom"},
    };
    static const char *common[] = {"the", "movie", "was", "great", "film", "story", "really", "good", "bad", "acting"};
    std::vector<std::string> texts;
    std::uint64_t state = 42;
    const auto next = [&] {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        return static_cast<std::size_t>(state >> 33);
    };
    for (std::size_t d = 0; d < documents; ++d) {
        const std::size_t topic = d % 4;
        std::string text;
        for (std::size_t w = 0, words = 8 + next() % 20; w < words; ++w) {
            text += next() % 2 ? topics[topic][next() % 6] : common[next() % 10];
            text += ' ';
        }
        texts.push_back(text);
    }
    return texts;
}

std::vector<std::string_view> views(const std::vector<std::string> &texts)
{
    return std::vector<std::string_view>(texts.begin(), texts.end());
}

double dot(const float *a, const float *b, std::size_t d)
{
    double sum = 0.0;
    for (std::size_t j = 0; j < d; ++j)
        sum += double(a[j]) * b[j];
    return sum;
}

} // namespace

class TestTfidfSvdEmbedder : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rowsAreUnitAndTopicsSeparate();
    void fitThenEmbedEqualsFitEmbed();
    void deterministicForASeed();
    void dimensionIsLoweredToTheRank();
    void emptyTextGivesAZeroRow();
    void cancellationAndMisuse();
};

void TestTfidfSvdEmbedder::rowsAreUnitAndTopicsSeparate()
{
    const std::vector<std::string> texts = topicCorpus(400);
    TfidfSvdEmbedder::Options options;
    options.dimension = 16;
    TfidfSvdEmbedder embedder(options);
    QCOMPARE(embedder.name(), std::string("tfidf-svd"));
    Progress quiet;
    const EmbeddingMatrix e = embedder.fitEmbed(views(texts), quiet);
    QCOMPARE(e.rows(), std::size_t(400));
    QCOMPARE(e.cols(), std::size_t(16));
    QCOMPARE(embedder.dimension(), std::size_t(16));
    QCOMPARE(embedder.singularValues().size(), std::size_t(16));
    for (std::size_t i = 0; i < e.rows(); ++i)
        QVERIFY(std::fabs(dot(e.row(i), e.row(i), 16) - 1.0) < 1e-5);
    // Same-topic reviews are closer on average than reviews of different topics.
    double same = 0.0, other = 0.0;
    for (std::size_t i = 0; i < 100; ++i) {
        same += dot(e.row(i), e.row(i + 4), 16);
        other += dot(e.row(i), e.row(i + 1), 16);
    }
    QVERIFY2(same > other + 30.0, qPrintable(QStringLiteral("same %1, other %2").arg(same).arg(other)));
    const double kept = [&] {
        double s = 0.0;
        for (float v : embedder.singularValues())
            s += double(v) * v;
        return s / embedder.totalSquaredNorm();
    }();
    QVERIFY(kept > 0.0 && kept < 1.0);
}

void TestTfidfSvdEmbedder::fitThenEmbedEqualsFitEmbed()
{
    const std::vector<std::string> texts = topicCorpus(300);
    TfidfSvdEmbedder::Options options;
    options.dimension = 12;
    TfidfSvdEmbedder a(options), b(options);
    Progress quiet;
    const EmbeddingMatrix together = a.fitEmbed(views(texts), quiet);
    b.fit(views(texts), quiet);
    EmbeddingMatrix apart(texts.size(), b.dimension());
    b.embed(views(texts), apart.mutableData(), quiet);
    QVERIFY(std::memcmp(together.data(), apart.data(), texts.size() * 12 * sizeof(float)) == 0);
    // New texts go through the fitted vocabulary and projection.
    EmbeddingMatrix fresh(2, 12);
    b.embed(views(std::vector<std::string>{"the alien ship crew", "wizard magic sword"}), fresh.mutableData(), quiet);
    QVERIFY(dot(fresh.row(0), together.row(0), 12) > dot(fresh.row(0), together.row(3), 12));
}

void TestTfidfSvdEmbedder::deterministicForASeed()
{
    const std::vector<std::string> texts = topicCorpus(500);
    TfidfSvdEmbedder::Options options;
    options.dimension = 10;
    options.threads = 1;
    Progress quiet;
    const EmbeddingMatrix one = TfidfSvdEmbedder(options).fitEmbed(views(texts), quiet);
    options.threads = 2;
    const EmbeddingMatrix two = TfidfSvdEmbedder(options).fitEmbed(views(texts), quiet);
    QVERIFY(std::memcmp(one.data(), two.data(), 500 * 10 * sizeof(float)) == 0);
    options.seed = 9;
    const EmbeddingMatrix other = TfidfSvdEmbedder(options).fitEmbed(views(texts), quiet);
    QVERIFY(std::memcmp(one.data(), other.data(), 500 * 10 * sizeof(float)) != 0);
}

void TestTfidfSvdEmbedder::dimensionIsLoweredToTheRank()
{
    const std::vector<std::string> texts = topicCorpus(20);
    TfidfSvdEmbedder embedder; // d = 256 asked, 20 texts
    Progress quiet;
    const EmbeddingMatrix e = embedder.fitEmbed(views(texts), quiet);
    QCOMPARE(embedder.dimension(), std::size_t(20));
    QCOMPARE(e.cols(), std::size_t(20));
    QCOMPARE(embedder.projection().rows(), embedder.vectorizer().vocabulary().size());
}

void TestTfidfSvdEmbedder::emptyTextGivesAZeroRow()
{
    std::vector<std::string> texts = topicCorpus(50);
    texts[7] = "";
    texts[8] = "!!! ?";
    TfidfSvdEmbedder::Options options;
    options.dimension = 8;
    TfidfSvdEmbedder embedder(options);
    Progress quiet;
    const EmbeddingMatrix e = embedder.fitEmbed(views(texts), quiet);
    QCOMPARE(dot(e.row(7), e.row(7), 8), 0.0);
    QCOMPARE(dot(e.row(8), e.row(8), 8), 0.0);
    QVERIFY(std::fabs(dot(e.row(9), e.row(9), 8) - 1.0) < 1e-5);
}

void TestTfidfSvdEmbedder::cancellationAndMisuse()
{
    const std::vector<std::string> texts = topicCorpus(100);
    Progress cancelled;
    cancelled.cancel();
    TfidfSvdEmbedder embedder;
    QVERIFY_THROWS_EXCEPTION(Cancelled, embedder.fit(views(texts), cancelled));
    Progress quiet;
    float out[256];
    QVERIFY_THROWS_EXCEPTION(std::logic_error, TfidfSvdEmbedder().embed(views(texts), out, quiet));
    QVERIFY_THROWS_EXCEPTION(Error, TfidfSvdEmbedder().fit({}, quiet));
}

QTEST_APPLESS_MAIN(TestTfidfSvdEmbedder)
#include "test_tfidf_svd_embedder.moc"
