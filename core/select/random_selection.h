#pragma once

#include "common/progress.h"
#include "select/selection.h"

#include <cstddef>

namespace crsw {

/// RANDOM_UNIFORM (METHOD.md §3.3): params.budget rows drawn uniformly
/// without replacement (a partial Fisher-Yates shuffle driven by
/// SelectionRandom, so a seed gives the same picks on every platform). The
/// vectors play no part, so it needs only the row count. The score of step t
/// (0-based) is the probability with which its pick was drawn, 1 / (n - t):
/// the same for every candidate of that step, so the trace shows that random
/// selection prefers nothing.
SelectionResult selectRandomUniform(std::size_t rows, const SelectionParams &params, Progress &progress,
                                    const PickObserver &observer = {});

} // namespace crsw
