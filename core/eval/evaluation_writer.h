#pragma once

#include "eval/answer_evaluator.h"

#include <string>
#include <vector>

namespace crsw {

/// He et al.'s summary file name of a setting: "summary_filtered_False_exclude_seen_True.csv".
std::string summaryFileName(bool filtered, bool excludeSeen);
/// The per-sample file name of a setting: "samples_filtered_False_exclude_seen_True.csv".
std::string samplesFileName(bool filtered, bool excludeSeen);

/// The summary CSV of one setting in He et al.'s layout
/// (condition,recall@1_mean,recall@1_se,recall@1_ci,ndcg@1_mean,...), numbers
/// written as Python/pandas writes them (NaN as an empty cell).
std::string summaryCsv(const SettingScores &scores, const std::vector<std::string> &metricNames);

/// The per-sample CSV of one setting: idx,dialog_id,turn_id,ground_truth,condition,recall@1,...
std::string samplesCsv(const SettingScores &scores, const EvaluationResult &result);

/// matches.jsonl: one line per scored turn with "index", "dialog_id", "turn_id",
/// "rec_list" (movie_name, min_edit_distance, nearest_movie per parsed line),
/// "gt_list" and "prev_list": the shape of He et al.'s extracted.jsonl, so the
/// file can itself be re-scored with recorded matches.
std::string matchesJsonl(const EvaluationResult &result);

/// Writes every output into `dir` (created if needed, each file atomically):
/// the four summary CSVs, the four per-sample CSVs, matches.jsonl and
/// evaluation.json (options, counts and the "all" means). Returns the paths written.
std::vector<std::string> writeEvaluationOutputs(const std::string &dir, const EvaluationResult &result,
                                                const EvaluationOptions &options);

} // namespace crsw
