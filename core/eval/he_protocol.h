#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace crsw {

/// One parsed prediction and its nearest entity name (He et al.'s rec_list entry).
struct MatchedTitle {
    std::string movieName;    ///< the parsed line
    int minEditDistance = 0;  ///< distance to nearestMovie
    std::string nearestMovie; ///< nearest entity name
};

/// What the protocol scores for one test turn.
struct TurnPredictions {
    std::vector<MatchedTitle> recList; ///< predictions in rank order
    std::vector<std::string> gtList;   ///< names of the ground-truth entities (one sample each)
    std::vector<std::string> prevList; ///< names of the entities mentioned before the turn
};

/// The metric columns, in He et al.'s order: recall@k, ndcg@k, mrr@k for each k.
std::vector<std::string> metricNames(const std::vector<int> &ks);

/// Mean, standard error (ddof 1) and 95% CI half-width (1.96 se) of one column.
/// NaN where pandas gives NaN (mean of nothing; se of fewer than two values).
struct MetricStat {
    double mean = 0;
    double se = 0;
    double ci = 0;
};

/// The summary row of one condition: "recommendation", "discussion" or "all".
struct ConditionSummary {
    std::string condition;
    std::size_t samples = 0;
    std::vector<MetricStat> stats; ///< one per metricNames() column
};

/// One (turn, ground-truth item) sample.
struct SampleScore {
    std::size_t turn = 0;        ///< index of the turn
    std::string groundTruth;     ///< the ground-truth name
    bool discussion = false;     ///< the ground truth was mentioned before the turn
    std::vector<double> values;  ///< one per metricNames() column
};

/// The scores of one setting (filtered x exclude_seen).
struct SettingScores {
    bool filtered = false;
    bool excludeSeen = false;
    std::vector<SampleScore> samples;
    std::vector<ConditionSummary> summary; ///< recommendation, discussion, all
};

/// Options of the protocol (METHOD.md §6.3-6.5).
struct ProtocolOptions {
    int threshold = 2;                 ///< "filtered" drops predictions farther than this
    std::vector<int> ks{1, 5, 10, 20};
};

/// Scores every turn under one setting, as He et al.'s evaluate.py does:
/// filtered keeps predictions with distance <= threshold; exclude_seen drops
/// predictions whose name is among prevList; one sample per ground-truth name;
/// recall@k = hit in the first k, ndcg@k = 1/log2(rank+2), mrr@k = 1/(rank+1)
/// with rank the first position of the ground truth; "discussion" if the
/// ground truth is among prevList.
SettingScores scoreSetting(const std::vector<TurnPredictions> &turns, bool filtered, bool excludeSeen,
                           const ProtocolOptions &options = {});

/// The four settings in He et al.'s file order: (F,F), (F,T), (T,F), (T,T).
std::vector<SettingScores> scoreAllSettings(const std::vector<TurnPredictions> &turns,
                                            const ProtocolOptions &options = {});

/// Mean/se/ci of a column, pandas-compatible.
MetricStat summarize(const std::vector<double> &values);

} // namespace crsw
