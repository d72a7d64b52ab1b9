#pragma once

#include "common/progress.h"
#include "data/benchmark/entity_catalog.h"
#include "data/benchmark/he_test_set.h"
#include "eval/answers_file.h"
#include "eval/he_protocol.h"

#include <string>
#include <vector>

namespace crsw {

/// How to evaluate an answers file.
struct EvaluationOptions {
    ProtocolOptions protocol;
    /// Score the answers' own recorded matches (rec_list) instead of parsing
    /// and matching their text: reproduces published numbers exactly.
    bool useRecordedMatches = false;
    /// Accept fewer answers than test turns and score the first ones (He et
    /// al.'s script does this silently; we only do it when asked).
    bool allowPartial = false;
    int threads = 0; ///< matching threads, 0 = all cores
};

/// Everything one evaluation produced.
struct EvaluationResult {
    std::vector<std::string> metricNames;   ///< recall@1, ndcg@1, mrr@1, recall@5, ...
    std::vector<TurnPredictions> turns;     ///< per scored turn: matches, ground truth, previous names
    std::vector<std::string> dialogIds;     ///< per scored turn
    std::vector<std::string> turnIds;       ///< per scored turn
    std::vector<SettingScores> settings;    ///< (F,F), (F,T), (T,F), (T,T)
    bool usedRecordedMatches = false;
    std::size_t predictions = 0;            ///< parsed titles over all answers
    std::size_t exactMatches = 0;           ///< at distance 0
    std::size_t withinThreshold = 0;        ///< at distance <= threshold
};

/// Scores answers against a He et al. test set with the full protocol of
/// METHOD.md §6: parse (or take recorded matches), match every title to the
/// nearest entity name (ties: lowest entity id), score all four settings.
/// Throws crsw::Error, naming the file and line, when the test set or the
/// answers have malformed lines, the counts or indices do not line up, or a
/// ground-truth id is unknown. Throws crsw::Cancelled when cancelled.
EvaluationResult evaluateAnswers(const HeTestSet &testSet, const EntityCatalog &catalog, const AnswersFile &answers,
                                 const EvaluationOptions &options, Progress &progress);

} // namespace crsw
