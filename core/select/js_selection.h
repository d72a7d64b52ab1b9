#pragma once

#include "common/progress.h"
#include "embed/embedding_matrix.h"
#include "select/feature_view.h"
#include "select/kmeans.h"
#include "select/selection.h"

namespace crsw {

/// The JS strategy (METHOD.md §3.1): K clusters from k-means (seeded with
/// params.seed) or the given centres; d_ik = ||x_i - c_k||, p_i =
/// softmax(-d_i / tau); the first pick maximises H(p_i), each next one
/// JS(p_i || P_S) = H((p_i + P_S) / 2) - (H(p_i) + H(P_S)) / 2 with P_S the
/// mean of the picked p_j (kept as a running sum in pick order, so a step is
/// O(nK)); natural log, 0 log 0 = 0, ties to the lowest row. The score of a
/// pick is H(p_i) for the first and its JS value after. Distances and
/// probabilities are double; the n x K probabilities are held in memory
/// (8 n K bytes). Multi-threaded; the picks do not depend on the thread count.
/// Parameters are checked with validateSelectionParams(); given centres must
/// have the view's dimension (crsw::Error otherwise).
///
/// Speed: on AVX-512 CPUs a step first scores every row from a float copy of
/// the probabilities and computes the double score only for rows within a
/// proven error bound of the best (js_kernel.h), which picks exactly what
/// scoring every row in double picks.
struct JsOptions {
    KMeans::Options kmeans;      ///< k-means settings (clusters, seed and threads come from the params)
    bool floatScreening = true;  ///< false: score every row in double (for tests and comparisons)
    bool portableKernel = false; ///< true: the base-instruction-set kernel even where AVX-512 exists (tests)
};

SelectionResult selectJS(const FeatureView &view, const SelectionParams &params, Progress &progress,
                         const PickObserver &observer = {}, const EmbeddingMatrix *centers = nullptr,
                         const JsOptions &options = JsOptions());

} // namespace crsw
