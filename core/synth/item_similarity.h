#pragma once

#include "embed/embedding_matrix.h"

#include <cstdint>
#include <vector>

namespace crsw {

class SeedCorpus;

/// Item-to-item similarity for the offline synthesizer's ground truth
/// (METHOD.md §9): a weighted sum of the cosine of the items' metadata
/// embeddings and the cosine of their user sets (co-occurrence: users who
/// reviewed both, over the geometric mean of their user counts).
class ItemSimilarity {
public:
    struct Weights {
        double metadata = 0.5;
        double cooccurrence = 0.5;
    };

    /// `itemVectors`: one L2-normalised row per corpus item (must outlive this).
    ItemSimilarity(const SeedCorpus &corpus, const EmbeddingMatrix &itemVectors, Weights weights);

    /// The `count` items most similar to `item`, best first (ties: lower
    /// index), leaving out `item`, the items in `exclude` and items without a
    /// title (they cannot be named as ground truth).
    std::vector<std::uint32_t> mostSimilar(std::uint32_t item, std::size_t count,
                                           const std::vector<std::uint32_t> &exclude = {}) const;

private:
    const SeedCorpus &m_corpus;
    const EmbeddingMatrix &m_vectors;
    Weights m_weights;
    std::vector<std::vector<std::uint32_t>> m_userItems;  // distinct items of each user
    std::vector<std::vector<std::uint32_t>> m_itemUsers;  // distinct users of each item
};

} // namespace crsw
