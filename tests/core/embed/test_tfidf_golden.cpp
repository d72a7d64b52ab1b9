// Our TF-IDF and SVD against scikit-learn and NumPy on the same corpus
// (goldens made by tests/golden/embed/make_tfidf_golden.py).
#include "embed/embedding_matrix.h"
#include "embed/randomized_svd.h"
#include "embed/tfidf_svd_embedder.h"
#include "embed/tfidf_vectorizer.h"

#include "test_paths.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>

using namespace crsw;

namespace {

QString golden(const QString &name)
{
    return test::fixturesDir() + QStringLiteral("/../golden/embed/") + name;
}

nlohmann::json readJson(const QString &path)
{
    std::ifstream in(path.toStdString());
    return nlohmann::json::parse(in);
}

struct Corpus {
    std::vector<std::string> storage;
    std::vector<std::string_view> texts;
};

Corpus readCorpus()
{
    Corpus corpus;
    std::ifstream in(test::fixture(QStringLiteral("embed/tfidf_corpus.jsonl")).toStdString());
    std::string line;
    while (std::getline(in, line))
        corpus.storage.push_back(nlohmann::json::parse(line).at("text").get<std::string>());
    for (const std::string &text : corpus.storage)
        corpus.texts.push_back(text);
    return corpus;
}

TfidfVectorizer::Options optionsOf(const nlohmann::json &golden)
{
    const auto &o = golden.at("options");
    TfidfVectorizer::Options options;
    options.minDf = o.at("min_df").get<std::size_t>();
    options.maxDf = o.at("max_df").get<double>();
    options.maxFeatures = o.at("max_features").get<std::size_t>();
    options.maxNgram = o.at("max_ngram").get<int>();
    return options;
}

// Row-wise cosine Gram matrix of the rows of a row-major n x k matrix.
std::vector<double> cosineGram(const float *x, std::size_t n, std::size_t k)
{
    std::vector<double> unit(n * k);
    for (std::size_t i = 0; i < n; ++i) {
        double norm = 0.0;
        for (std::size_t j = 0; j < k; ++j)
            norm += double(x[i * k + j]) * x[i * k + j];
        norm = norm > 0.0 ? std::sqrt(norm) : 1.0;
        for (std::size_t j = 0; j < k; ++j)
            unit[i * k + j] = x[i * k + j] / norm;
    }
    std::vector<double> gram(n * n);
    for (std::size_t a = 0; a < n; ++a)
        for (std::size_t b = 0; b < n; ++b) {
            double dot = 0.0;
            for (std::size_t j = 0; j < k; ++j)
                dot += unit[a * k + j] * unit[b * k + j];
            gram[a * n + b] = dot;
        }
    return gram;
}

} // namespace

class TestTfidfGolden : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void tfidfEqualsScikitLearn_data();
    void tfidfEqualsScikitLearn();
    void exactSvdEqualsNumpy();
    void randomizedSvdMatchesArpack();
    void embedderSpansTheArpackSubspace();
};

void TestTfidfGolden::tfidfEqualsScikitLearn_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("ngram (1,2), min_df 1") << QStringLiteral("tfidf_default.json");
    QTest::newRow("min_df 2, max_df 0.6, max_features") << QStringLiteral("tfidf_limits.json");
    QTest::newRow("unigrams") << QStringLiteral("tfidf_unigrams.json");
}

void TestTfidfGolden::tfidfEqualsScikitLearn()
{
    QFETCH(QString, file);
    const nlohmann::json expected = readJson(golden(file));
    const Corpus corpus = readCorpus();
    QCOMPARE(corpus.texts.size(), std::size_t(140));
    TfidfVectorizer vectorizer(optionsOf(expected));
    Progress quiet;
    const CsrMatrix x = vectorizer.fitTransform(corpus.texts, quiet);

    const auto vocabulary = expected.at("vocabulary").get<std::vector<std::string>>();
    QCOMPARE(vectorizer.vocabulary().size(), vocabulary.size());
    for (std::size_t c = 0; c < vocabulary.size(); ++c)
        QVERIFY2(vectorizer.vocabulary()[c] == vocabulary[c],
                 qPrintable(QStringLiteral("column %1: ours '%2', sklearn '%3'").arg(c)
                                .arg(QString::fromStdString(vectorizer.vocabulary()[c]), QString::fromStdString(vocabulary[c]))));
    const auto idf = expected.at("idf").get<std::vector<double>>();
    for (std::size_t c = 0; c < idf.size(); ++c)
        QVERIFY(std::fabs(vectorizer.idf()[c] - idf[c]) < 1e-12);

    const auto indptr = expected.at("indptr").get<std::vector<std::uint64_t>>();
    const auto indices = expected.at("indices").get<std::vector<std::uint32_t>>();
    const auto data = expected.at("data").get<std::vector<double>>();
    QCOMPARE(x.rows, corpus.texts.size());
    QCOMPARE(x.cols, vocabulary.size());
    QCOMPARE(x.rowStart, indptr);
    QCOMPARE(x.columns, indices);
    double worst = 0.0;
    for (std::size_t p = 0; p < data.size(); ++p)
        worst = std::max(worst, std::fabs(double(x.values[p]) - data[p]));
    QVERIFY2(worst < 1e-6, qPrintable(QStringLiteral("largest difference %1").arg(worst)));
    // The empty rows of the corpus (no token, only one-letter tokens, empty text) stay empty.
    for (std::size_t row : {7, 19, 33})
        QCOMPARE(x.rowStart[row + 1], x.rowStart[row]);
}

void TestTfidfGolden::exactSvdEqualsNumpy()
{
    // With k + p covering the whole rank the randomized SVD is exact (up to float32).
    const nlohmann::json svd = readJson(golden(QStringLiteral("svd_default.json")));
    const Corpus corpus = readCorpus();
    TfidfVectorizer vectorizer(optionsOf(readJson(golden(QStringLiteral("tfidf_default.json")))));
    Progress quiet;
    const CsrMatrix x = vectorizer.fitTransform(corpus.texts, quiet);
    RandomizedSvd::Options options;
    options.rank = 40;
    options.oversampling = 1000;
    options.powerIterations = 2;
    const RandomizedSvd::Result result = RandomizedSvd::compute(x, options, quiet);
    QCOMPARE(result.sampledDirections, std::size_t(140));
    const auto numpy = svd.at("numpy_singular_values").get<std::vector<double>>();
    for (std::size_t j = 0; j < 40; ++j)
        QVERIFY2(std::fabs(result.singularValues[j] - numpy[j]) < 2e-5 * numpy[0],
                 qPrintable(QStringLiteral("sigma_%1: ours %2, numpy %3").arg(j).arg(result.singularValues[j]).arg(numpy[j])));
}

void TestTfidfGolden::randomizedSvdMatchesArpack()
{
    // The default range finder (k + 10 directions, 5 power iterations) on a
    // tiny corpus whose spectrum is nearly flat, the hard case: the leading
    // value is exact, none exceeds the true one (Q Qᵀ A never has larger
    // singular values than A), and the mean error is no worse than
    // scikit-learn's randomized solver's on the same matrix.
    const nlohmann::json svd = readJson(golden(QStringLiteral("svd_default.json")));
    const Corpus corpus = readCorpus();
    TfidfVectorizer vectorizer(optionsOf(readJson(golden(QStringLiteral("tfidf_default.json")))));
    Progress quiet;
    const CsrMatrix x = vectorizer.fitTransform(corpus.texts, quiet);
    const auto arpack = svd.at("arpack_singular_values").get<std::vector<double>>();
    RandomizedSvd::Options options;
    options.rank = arpack.size();
    const RandomizedSvd::Result result = RandomizedSvd::compute(x, options, quiet);
    QCOMPARE(result.singularValues.size(), arpack.size());
    double meanError = 0.0;
    for (std::size_t j = 0; j < arpack.size(); ++j) {
        QVERIFY2(result.singularValues[j] <= arpack[j] * (1 + 1e-5),
                 qPrintable(QStringLiteral("sigma_%1: ours %2 > arpack %3").arg(j).arg(result.singularValues[j]).arg(arpack[j])));
        meanError += std::fabs(result.singularValues[j] - arpack[j]) / arpack[j] / double(arpack.size());
    }
    QVERIFY(std::fabs(result.singularValues[0] - arpack[0]) < 1e-5 * arpack[0]);
    const double sklearnError = svd.at("randomized_mean_relative_error").get<double>();
    qInfo("mean relative error of the singular values: ours %.4f, scikit-learn randomized %.4f", meanError, sklearnError);
    QVERIFY(meanError < 1.5 * sklearnError);
}

void TestTfidfGolden::embedderSpansTheArpackSubspace()
{
    // The embeddings are the rows of X·V_k, normalised. Their cosine Gram
    // matrix does not depend on the signs or a rotation of the basis, so it
    // compares the subspaces: ours (exact range) against sklearn's arpack.
    const Corpus corpus = readCorpus();
    const EmbeddingMatrix projection = EmbeddingMatrix::mapNpy(golden(QStringLiteral("svd_projection.npy")).toStdString());
    const std::size_t k = projection.cols();
    TfidfSvdEmbedder::Options options;
    options.tfidf = optionsOf(readJson(golden(QStringLiteral("tfidf_default.json"))));
    options.dimension = k;
    options.oversampling = 1000;
    TfidfSvdEmbedder embedder(options);
    Progress quiet;
    const EmbeddingMatrix ours = embedder.fitEmbed(corpus.texts, quiet);
    QCOMPARE(ours.rows(), projection.rows());
    QCOMPARE(ours.cols(), k);
    const std::vector<double> a = cosineGram(ours.data(), ours.rows(), k);
    const std::vector<double> b = cosineGram(projection.data(), projection.rows(), k);
    double worst = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i)
        worst = std::max(worst, std::fabs(a[i] - b[i]));
    QVERIFY2(worst < 1e-4, qPrintable(QStringLiteral("largest Gram difference %1").arg(worst)));
    // Same sign convention as svd_flip: the vectors themselves agree, column by column.
    double worstEntry = 0.0;
    for (std::size_t i = 0; i < ours.rows(); ++i) {
        double norm = 0.0;
        for (std::size_t j = 0; j < k; ++j)
            norm += double(projection.row(i)[j]) * projection.row(i)[j];
        norm = norm > 0.0 ? std::sqrt(norm) : 1.0;
        for (std::size_t j = 0; j < k; ++j)
            worstEntry = std::max(worstEntry, std::fabs(ours.row(i)[j] - projection.row(i)[j] / norm));
    }
    QVERIFY2(worstEntry < 1e-3, qPrintable(QStringLiteral("largest entry difference %1").arg(worstEntry)));
}

QTEST_APPLESS_MAIN(TestTfidfGolden)
#include "test_tfidf_golden.moc"
