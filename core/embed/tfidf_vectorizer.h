#pragma once

#include "common/progress.h"
#include "embed/csr_matrix.h"

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace crsw {

/// TF-IDF rows of texts, as scikit-learn's TfidfVectorizer(sublinear_tf=True,
/// ngram_range=(1, 2), min_df, max_df, max_features) computes them:
/// - tokens: TextTokenizer (Python str.lower(), runs of 2+ word characters);
///   terms are the tokens and the pairs of adjacent tokens joined by a space;
/// - vocabulary: terms in at least minDf and at most maxDf * n documents;
///   then, if more than maxFeatures remain, the maxFeatures with the highest
///   corpus frequency (total count), ties to the term that sorts first;
///   columns in code-point order of the terms (as scikit-learn sorts them);
/// - weight: (1 + ln tf) * idf, idf = ln((1 + n) / (1 + df)) + 1 (smooth idf),
///   each row L2-normalised (a row with no vocabulary term stays empty).
/// Computed in double, stored as float32.
class TfidfVectorizer {
public:
    struct Options {
        std::size_t minDf = 2;          ///< documents a term must appear in (scikit-learn's integer min_df)
        double maxDf = 1.0;             ///< highest share of documents a term may appear in (float max_df)
        std::size_t maxFeatures = 100000; ///< 0 = no limit
        int maxNgram = 2;               ///< 1: unigrams only; 2: unigrams and bigrams
        int threads = 0;                ///< 0 = all cores
    };

    TfidfVectorizer();
    explicit TfidfVectorizer(Options options);

    /// Learns the vocabulary and idf. Throws crsw::Error for no texts or an
    /// empty vocabulary (after the limits). Cancellable.
    void fit(const std::vector<std::string_view> &texts, Progress &progress);
    /// The TF-IDF rows of `texts` (texts.size() x vocabulary size). Cancellable.
    CsrMatrix transform(const std::vector<std::string_view> &texts, Progress &progress) const;
    /// fit() then transform() of the same texts.
    CsrMatrix fitTransform(const std::vector<std::string_view> &texts, Progress &progress);

    const Options &options() const { return m_options; }
    bool isFitted() const { return !m_vocabulary.empty(); }
    /// Column -> term, in code-point order.
    const std::vector<std::string> &vocabulary() const { return m_vocabulary; }
    /// Column -> idf.
    const std::vector<double> &idf() const { return m_idf; }
    /// Texts seen by fit().
    std::size_t documentCount() const { return m_documents; }
    /// Distinct terms seen by fit() before the vocabulary limits.
    std::size_t distinctTerms() const { return m_distinctTerms; }

private:
    struct Lookup;

    Options m_options;
    std::vector<std::string> m_vocabulary;
    std::vector<double> m_idf;
    std::size_t m_documents = 0;
    std::size_t m_distinctTerms = 0;
    std::shared_ptr<const Lookup> m_lookup; // term -> column, for transform()
};

} // namespace crsw
