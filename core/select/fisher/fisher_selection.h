#pragma once

#include "common/progress.h"
#include "select/feature_view.h"
#include "select/selection.h"

namespace crsw {

/// FISHER selection (METHOD.md §3.2): the greedy that starts from A_0 = λI
/// (λ = params.lambda) and at step t picks the unchosen row i maximising
/// x_iᵀ A_{t-1}⁻¹ x_i (ties to the lowest index), then A_t = A_{t-1} + x xᵀ.
/// Works on any FeatureView (plain FISHER, METADATA_FISHER, USER_FISHER).
///
/// Exact: it picks exactly what selectFisherNaive() picks. Each pick is decided
/// by the same double-precision score x_iᵀ A⁻¹ x_i (computed from the same
/// explicit inverse) that the naive greedy computes for every row; fast float32
/// screening with rigorous error bounds only rules rows out. scores[t] is the
/// picked row's score. Fast: blocked float32 score updates with SIMD kernels,
/// lazy refreshes, no copy of the matrix (a memory-mapped one stays mapped).
///
/// Returns strategy Fisher (the caller may relabel the METADATA_/USER_ forms).
/// Throws crsw::Error for budget 0 or > rows, lambda <= 0 or not finite, an
/// empty view, and NaN/infinite or all-zero rows (naming the row);
/// crsw::Cancelled when progress is cancelled. params.threads: 0 = all cores.
/// The observer is called after every pick, in order, on the calling thread.
SelectionResult selectFisher(const FeatureView &features, const SelectionParams &params, Progress &progress,
                             const PickObserver &observer = {});

} // namespace crsw
