#pragma once

#include "common/progress.h"
#include "embed/embedding_matrix.h"
#include "eval/nbcrs_training_set.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace crsw {

/// How NBCRS's N is tuned on a held-out split of the training data.
struct NbcrsTuningOptions {
    std::vector<std::size_t> candidates{10, 20, 30, 50, 70, 90, 120, 150, 200};
    double holdout = 0.1;   ///< share of the training conversations held out (seeded split)
    std::uint64_t seed = 0; ///< the split's seed
    std::size_t top = 20;   ///< items per answer
    int threads = 0;        ///< 0 = all cores
};

/// The He-protocol scores of one candidate N on the held-out part.
struct NbcrsTuningRow {
    std::size_t neighbours = 0;
    double recall1 = 0, recall5 = 0, recall10 = 0, recall20 = 0;
    double ndcg10 = 0, ndcg20 = 0, mrr20 = 0;
};

/// The tuning table and its choice.
struct NbcrsTuning {
    std::vector<NbcrsTuningRow> rows;  ///< one per candidate, in the order given
    std::size_t best = 0;              ///< the chosen N
    std::size_t trainRows = 0;         ///< conversations searched
    std::size_t heldOutRows = 0;       ///< conversations answered
    std::size_t heldOutSamples = 0;    ///< (conversation, item) samples scored
    /// The rule that chose `best`, for reports.
    static constexpr const char *kCriterion =
        "highest Recall@20, then highest NDCG@10, then the smallest N";
};

/// Tunes N (METHOD.md §7). The training conversations are split with a
/// seeded shuffle (xoshiro256**): round(holdout x n) of them, at least 1, are
/// held out, the rest are the neighbours searched. Each held-out conversation
/// is answered with each candidate N (one neighbour search for the largest N;
/// smaller N use its prefixes), and the answers are scored with He et al.'s
/// protocol (evaluateAnswers: parse, nearest name, setting filtered = no,
/// exclude_seen = no, condition "all") against a catalog of the training
/// set's items (id = item index, name from the display name as He et al.'s
/// entity2id rule gives it back), the ground truth being the held-out
/// conversation's items. `embeddings` has one row per training conversation,
/// e.g. from an embedder fitted on all training contexts (no labels are seen
/// by the embedder, so sharing its fit with the held-out part leaks nothing
/// NBCRS uses). The choice: NbcrsTuning::kCriterion.
/// Throws crsw::Error for an invalid set, fewer than 2 conversations, a
/// holdout outside (0, 1), no candidates or a candidate of 0.
NbcrsTuning tuneNbcrsNeighbours(const NbcrsTrainingSet &training, const EmbeddingMatrix &embeddings,
                                const NbcrsTuningOptions &options, Progress &progress);

/// The tuning's seeded split of n conversations: (searched rows, held-out
/// rows), each ascending. A Fisher-Yates shuffle with xoshiro256** seeded by
/// `seed`; its first round(holdout x n) rows, clamped to [1, n - 1], are held
/// out. Throws crsw::Error for n < 2 or a holdout outside (0, 1).
std::pair<std::vector<std::size_t>, std::vector<std::size_t>> nbcrsHoldoutSplit(std::size_t n, double holdout,
                                                                               std::uint64_t seed);

/// The tuning table as text for a terminal, the chosen N marked with '*'.
std::string nbcrsTuningTable(const NbcrsTuning &tuning);

} // namespace crsw
