#pragma once

#include "eval/answer_evaluator.h"

#include <string>

namespace crsw::cli {

/// A compact text table of an evaluation: per setting and condition, the mean
/// Recall@k and NDCG@k (with the sample count), for a terminal.
std::string evaluationTable(const EvaluationResult &result);

} // namespace crsw::cli
