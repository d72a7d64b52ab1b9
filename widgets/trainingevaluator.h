#pragma once

#include "data/benchmark/entity_catalog.h"
#include "data/benchmark/he_test_set.h"
#include "train/sft_trainer.h"

#include <QString>

#include <cstdint>
#include <map>
#include <memory>
#include <string>

namespace crsw {

/// What the periodic evaluation of a fine-tuning run scores.
struct TrainingEvalSettings {
    QString testSet;           ///< He et al. test.jsonl; empty = no evaluation
    QString entities;          ///< its entity2id.json
    int sampleTurns = 20;      ///< test turns scored each time (spread evenly over the file)
    std::int64_t every = 50;   ///< evaluate every this many steps (and after the last)
    int maxNewTokens = 256;    ///< room for the 20 numbered titles of a reply

    bool enabled() const { return !testSet.isEmpty() && !entities.isEmpty() && sampleTurns > 0 && every > 0; }
};

/// The He et al. scorer (METHOD.md §6) plugged into the trainer's evaluate
/// hook: every `every` steps the model being trained answers a fixed sample
/// of test turns, each asked with the recommender prompt ("... reply me with
/// 20 recommendations ...") around the turn's `input`, and the replies are
/// parsed, matched to the catalog and scored by core/eval. The figures are
/// Recall@k and NDCG@k of the "all" condition in the unfiltered setting
/// with seen items kept (the first of He et al.'s four), greedy decoding.
class TrainingEvaluator {
public:
    /// Reads the test set and catalog and picks the sample (worker thread).
    /// Throws crsw::Error naming a missing or malformed file.
    TrainingEvaluator(const TrainingEvalSettings &settings, Progress &progress);

    /// Scores the model of `context`; `progress` gives the cancel flag and
    /// receives the stage. Returns {"recall@1": ..., "ndcg@1": ..., ...}.
    std::map<std::string, double> evaluate(const SftEvalContext &context, Progress &progress) const;

    /// The user message the model is asked for a test turn.
    static std::string promptFor(const HeTestTurn &turn);
    /// The turns scored.
    const HeTestSet &sample() const { return m_sample; }

private:
    TrainingEvalSettings m_settings;
    HeTestSet m_sample;
    EntityCatalog m_catalog;
};

} // namespace crsw
