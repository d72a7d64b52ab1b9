#pragma once

#include "embed/embedder.h"
#include "embed/randomized_svd.h"
#include "embed/tfidf_vectorizer.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace crsw {

/// The built-in embedder that needs no downloaded weights (METHOD.md §2):
/// TF-IDF rows (TfidfVectorizer: sublinear tf, smooth idf, unigrams and
/// bigrams, L2-normalised) projected on the top right singular vectors of the
/// fitted corpus's TF-IDF matrix (RandomizedSvd), then L2-normalised.
///
/// embed(x) = normalize(tfidf(x) · V_d), the same as scikit-learn's
/// TruncatedSVD.transform followed by a row normalisation; on the fitted texts
/// it equals normalize(U_d Σ_d). d is Options::dimension, lowered to the rank
/// the corpus allows (min(texts, vocabulary)) when that is smaller.
/// Deterministic for Options::seed, whatever the thread count.
class TfidfSvdEmbedder : public Embedder {
public:
    struct Options {
        TfidfVectorizer::Options tfidf;
        std::size_t dimension = 256;     ///< d
        std::size_t oversampling = 10;   ///< extra random directions of the range finder
        std::size_t powerIterations = 5; ///< subspace iterations (scikit-learn's TruncatedSVD default)
        std::uint64_t seed = 0;          ///< the Gaussian test matrix
        int threads = 0;                 ///< 0 = all cores
    };

    TfidfSvdEmbedder();
    explicit TfidfSvdEmbedder(Options options);

    /// "tfidf-svd".
    std::string name() const override;
    std::size_t dimension() const override { return m_projection.cols(); }
    void fit(const std::vector<std::string_view> &texts, Progress &progress) override;
    void embed(const std::vector<std::string_view> &texts, float *out, Progress &progress) const override;

    /// Fits on `texts` and embeds the same texts, tokenising them once less than fit() + embed().
    EmbeddingMatrix fitEmbed(const std::vector<std::string_view> &texts, Progress &progress);

    const Options &options() const { return m_options; }
    const TfidfVectorizer &vectorizer() const { return m_vectorizer; }
    /// vocabulary x d: the right singular vectors as columns (scikit-learn's components_ transposed).
    const EmbeddingMatrix &projection() const { return m_projection; }
    /// The d singular values of the fitted TF-IDF matrix, falling.
    const std::vector<float> &singularValues() const { return m_singularValues; }
    /// Sum of squares of the fitted TF-IDF matrix (its squared Frobenius norm):
    /// singularValues()² / this is the share of the variance the d directions keep.
    double totalSquaredNorm() const { return m_totalSquaredNorm; }

private:
    CsrMatrix fitMatrix(const std::vector<std::string_view> &texts, Progress &progress);
    void projectRows(const CsrMatrix &tfidf, float *out) const;

    Options m_options;
    TfidfVectorizer m_vectorizer;
    EmbeddingMatrix m_projection;
    std::vector<float> m_singularValues;
    double m_totalSquaredNorm = 0.0;
};

} // namespace crsw
