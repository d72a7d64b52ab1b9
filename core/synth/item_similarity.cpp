#include "synth/item_similarity.h"

#include "common/error.h"
#include "data/amazon/seed_corpus.h"

#include <algorithm>
#include <cmath>

namespace crsw {

ItemSimilarity::ItemSimilarity(const SeedCorpus &corpus, const EmbeddingMatrix &itemVectors, Weights weights)
    : m_corpus(corpus), m_vectors(itemVectors), m_weights(weights),
      m_userItems(corpus.userCount()), m_itemUsers(corpus.itemCount())
{
    if (itemVectors.rows() != corpus.itemCount())
        throw Error("item vectors have " + std::to_string(itemVectors.rows()) + " rows for "
                    + std::to_string(corpus.itemCount()) + " items");
    for (const CorpusReview &review : corpus.reviews()) {
        m_userItems[review.user].push_back(review.item);
        m_itemUsers[review.item].push_back(review.user);
    }
    for (auto *lists : {&m_userItems, &m_itemUsers})
        for (auto &list : *lists) {
            std::sort(list.begin(), list.end());
            list.erase(std::unique(list.begin(), list.end()), list.end());
        }
}

std::vector<std::uint32_t> ItemSimilarity::mostSimilar(std::uint32_t item, std::size_t count,
                                                       const std::vector<std::uint32_t> &exclude) const
{
    const std::size_t n = m_corpus.itemCount();
    std::vector<double> score(n, 0.0);
    const std::size_t d = m_vectors.cols();
    const float *v = m_vectors.row(item);
    for (std::size_t j = 0; j < n; ++j) {
        const float *u = m_vectors.row(j);
        double dot = 0.0;
        for (std::size_t k = 0; k < d; ++k)
            dot += double(v[k]) * u[k];
        score[j] = m_weights.metadata * dot;
    }
    std::vector<std::uint32_t> shared(n, 0);
    for (const std::uint32_t user : m_itemUsers[item])
        for (const std::uint32_t other : m_userItems[user])
            ++shared[other];
    const double own = double(m_itemUsers[item].size());
    for (std::size_t j = 0; j < n; ++j)
        if (shared[j])
            score[j] += m_weights.cooccurrence * shared[j] / std::sqrt(own * double(m_itemUsers[j].size()));

    std::vector<std::uint32_t> candidates;
    for (std::uint32_t j = 0; j < n; ++j)
        if (j != item && !m_corpus.item(j).title.empty()
            && std::find(exclude.begin(), exclude.end(), j) == exclude.end())
            candidates.push_back(j);
    const std::size_t take = std::min(count, candidates.size());
    std::partial_sort(candidates.begin(), candidates.begin() + take, candidates.end(),
                      [&](std::uint32_t a, std::uint32_t b) { return score[a] != score[b] ? score[a] > score[b] : a < b; });
    candidates.resize(take);
    return candidates;
}

} // namespace crsw
