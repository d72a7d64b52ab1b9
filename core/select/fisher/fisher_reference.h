#pragma once

#include "common/progress.h"
#include "select/feature_view.h"
#include "select/selection.h"

namespace crsw {

/// The naive FISHER greedy: every step scores every unchosen row from scratch,
/// x_iᵀA⁻¹x_i with the explicit inverse (FisherInverse), O(n D²) per step.
/// The reference selectFisher() must match pick for pick; for tests and
/// benchmarks. Same contract, validation and errors as selectFisher().
SelectionResult selectFisherNaive(const FeatureView &features, const SelectionParams &params, Progress &progress,
                                  const PickObserver &observer = {});

/// The plain incremental greedy: scores s_i = ||x_i||²/λ kept in double and,
/// after each pick with u = A⁻¹x and c = 1 + xᵀu, s_i -= (x_iᵀu)² / c for every
/// row, O(n D) per step. For tests and benchmarks.
SelectionResult selectFisherIncremental(const FeatureView &features, const SelectionParams &params,
                                        Progress &progress, const PickObserver &observer = {});

} // namespace crsw
