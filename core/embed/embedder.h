#pragma once

#include "common/progress.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace crsw {

/// Turns texts into L2-normalised float32 vectors (METHOD.md §2). The
/// built-in TF-IDF + truncated SVD embedder learns from the corpus in fit();
/// the language-model embedder of the student-model stage (mean-pooled last
/// hidden state) implements the same interface with a fit() that does nothing.
class Embedder {
public:
    virtual ~Embedder() = default;

    /// A stable name recorded with the vectors ("tfidf-svd", "lm:<model>").
    virtual std::string name() const = 0;
    /// Output dimension (valid after fit()).
    virtual std::size_t dimension() const = 0;
    /// Learns what the embedder needs from the corpus texts (vocabulary, idf,
    /// projection). Deterministic for the embedder's seed. Cancellable.
    virtual void fit(const std::vector<std::string_view> &texts, Progress &progress) = 0;
    /// Embeds texts into `out` (texts.size() x dimension(), row-major), each
    /// row L2-normalised (an all-zero row stays zero). Cancellable.
    virtual void embed(const std::vector<std::string_view> &texts, float *out, Progress &progress) const = 0;
};

} // namespace crsw
