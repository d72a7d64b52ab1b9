#include "embed/tfidf_svd_embedder.h"

#include "common/parallel.h"

#include <cmath>
#include <stdexcept>

namespace crsw {

namespace {

TfidfVectorizer::Options vectorizerOptions(const TfidfSvdEmbedder::Options &options)
{
    TfidfVectorizer::Options tfidf = options.tfidf;
    if (tfidf.threads == 0)
        tfidf.threads = options.threads;
    return tfidf;
}

} // namespace

TfidfSvdEmbedder::TfidfSvdEmbedder() : TfidfSvdEmbedder(Options()) {}

TfidfSvdEmbedder::TfidfSvdEmbedder(Options options)
    : m_options(options), m_vectorizer(vectorizerOptions(options))
{
}

std::string TfidfSvdEmbedder::name() const { return "tfidf-svd"; }

CsrMatrix TfidfSvdEmbedder::fitMatrix(const std::vector<std::string_view> &texts, Progress &progress)
{
    Progress vectorizing = progress.subRange(0.0, 0.35);
    CsrMatrix tfidf = m_vectorizer.fitTransform(texts, vectorizing);
    RandomizedSvd::Options svdOptions;
    svdOptions.rank = m_options.dimension;
    svdOptions.oversampling = m_options.oversampling;
    svdOptions.powerIterations = m_options.powerIterations;
    svdOptions.seed = m_options.seed;
    svdOptions.threads = m_options.threads;
    Progress decomposing = progress.subRange(0.35, 0.95);
    RandomizedSvd::Result svd = RandomizedSvd::compute(tfidf, svdOptions, decomposing);
    m_projection = std::move(svd.rightVectors);
    m_singularValues = std::move(svd.singularValues);
    m_totalSquaredNorm = tfidf.squaredNorm();
    return tfidf;
}

void TfidfSvdEmbedder::fit(const std::vector<std::string_view> &texts, Progress &progress)
{
    fitMatrix(texts, progress);
    progress.report(1.0, "fitted");
}

EmbeddingMatrix TfidfSvdEmbedder::fitEmbed(const std::vector<std::string_view> &texts, Progress &progress)
{
    const CsrMatrix tfidf = fitMatrix(texts, progress);
    EmbeddingMatrix out(texts.size(), dimension());
    progress.throwIfCancelled();
    projectRows(tfidf, out.mutableData());
    progress.report(1.0, "embedded");
    return out;
}

void TfidfSvdEmbedder::embed(const std::vector<std::string_view> &texts, float *out, Progress &progress) const
{
    if (m_projection.empty())
        throw std::logic_error("TfidfSvdEmbedder::embed before fit");
    Progress vectorizing = progress.subRange(0.0, 0.8);
    const CsrMatrix tfidf = m_vectorizer.transform(texts, vectorizing);
    progress.throwIfCancelled();
    projectRows(tfidf, out);
    progress.report(1.0, "embedded");
}

void TfidfSvdEmbedder::projectRows(const CsrMatrix &tfidf, float *out) const
{
    const std::size_t d = dimension();
    const int threads = m_options.threads > 0 ? m_options.threads : defaultThreadCount();
    tfidf.multiply(m_projection.data(), d, out, threads);
    parallelFor(tfidf.rows, threads, 4096, [&](std::size_t begin, std::size_t end, int) {
        for (std::size_t i = begin; i < end; ++i) {
            float *row = out + i * d;
            double squares = 0.0;
            for (std::size_t j = 0; j < d; ++j)
                squares += double(row[j]) * double(row[j]);
            if (squares <= 0.0)
                continue; // no vocabulary term: the row stays zero
            const auto scale = static_cast<float>(1.0 / std::sqrt(squares));
            for (std::size_t j = 0; j < d; ++j)
                row[j] *= scale;
        }
    });
}

} // namespace crsw
