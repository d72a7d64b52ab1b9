#pragma once

#include "common/progress.h"
#include "embed/embedder.h"
#include "embed/embedding_matrix.h"
#include "eval/nbcrs_ranking.h"
#include "eval/nbcrs_training_set.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace crsw {

/// NBCRS, the nearest-neighbour conversational recommender of Xie et al.
/// (RecSys 2024; METHOD.md §7): every training context is embedded
/// (L2-normalised); a test context takes its N most similar training
/// contexts (cosine) and ranks the items attached to them by
/// similarity-weighted count (rankNeighbourItems documents the ties).
class Nbcrs {
public:
    /// How to answer.
    struct Options {
        std::size_t neighbours = 90; ///< N (capped at the training size)
        std::size_t top = 20;        ///< items per answer
        int threads = 0;             ///< 0 = all cores
    };

    /// From training embeddings computed elsewhere (one L2-normalised row per
    /// example, in order). Validates the set (NbcrsTrainingSet::validate) and
    /// throws crsw::Error naming the source when the row count differs from
    /// the example count or the matrix has no columns.
    Nbcrs(const NbcrsTrainingSet &training, EmbeddingMatrix embeddings);

    /// Fits `embedder` on the training contexts and embeds them. Throws
    /// crsw::Error for an invalid set, crsw::Cancelled when cancelled.
    static Nbcrs fit(const NbcrsTrainingSet &training, Embedder &embedder, Progress &progress);

    /// The ranked items of every query row (queries.rows() x at most top).
    /// Throws crsw::Error when the query dimension differs from the training one.
    std::vector<std::vector<RankedItem>> recommend(const EmbeddingMatrix &queries, const Options &options,
                                                   Progress &progress) const;
    /// Embeds `contexts` with `embedder` (the one the training side was fitted
    /// with) and recommends.
    std::vector<std::vector<RankedItem>> recommend(const std::vector<std::string> &contexts, const Embedder &embedder,
                                                   const Options &options, Progress &progress) const;
    /// Neighbour lists of the query rows (the first step of recommend()).
    NeighbourLists neighbours(const EmbeddingMatrix &queries, std::size_t n, int threads, Progress &progress) const;
    /// Ranks the first `n` neighbours of one list (the second step).
    /// `scratch`: see rankNeighbourItems() (itemNames().size() entries of kNoSlot).
    std::vector<RankedItem> rank(const Neighbour *neighbours, std::size_t n, std::size_t top,
                                 std::vector<std::uint32_t> *scratch = nullptr) const;

    /// The answer text He et al.'s parser reads: "1. Title\n2. Title\n...".
    std::string answerText(const std::vector<RankedItem> &ranking) const;

    std::size_t trainingSize() const { return m_examples.size(); }
    std::size_t dimension() const { return m_embeddings.cols(); }
    const std::vector<std::string> &itemNames() const { return m_itemNames; }
    const EmbeddingMatrix &embeddings() const { return m_embeddings; }

private:
    std::string m_source;
    std::vector<NbcrsExample> m_examples; // items only: the contexts are not kept
    std::vector<std::string> m_itemNames;
    EmbeddingMatrix m_embeddings;
};

/// Embeds texts into a new matrix (texts.size() x embedder.dimension()).
EmbeddingMatrix embedTexts(const Embedder &embedder, const std::vector<std::string> &texts, Progress &progress);

} // namespace crsw
