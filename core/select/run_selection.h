#pragma once

#include "common/progress.h"
#include "embed/embedding_matrix.h"
#include "select/feature_view.h"
#include "select/selection.h"

namespace crsw {

/// Runs a strategy on a view (METHOD.md §3): checks the parameters
/// (validateSelectionParams), that the view carries exactly the blocks the
/// strategy needs with the weights params names (checkFeatureBlocks), that
/// every vector is finite and non-zero (FeatureView::validate), and that
/// given centres fit; then dispatches to selectRandomUniform, selectJS or
/// selectFisher. `centers` (JS variants only) replaces k-means; K is then its
/// row count. Throws crsw::Error naming the problem, crsw::Cancelled.
SelectionResult runSelection(const FeatureView &view, SelectionStrategy strategy, const SelectionParams &params,
                             Progress &progress, const PickObserver &observer = {},
                             const EmbeddingMatrix *centers = nullptr);

/// The block check of runSelection(): JS and FISHER need a plain view,
/// METADATA_* exactly the FeatureView::kMetadataBlock block weighted
/// params.metadataWeight, USER_* the kUserBlock block weighted
/// params.userWeight; RANDOM_UNIFORM takes any view. Throws crsw::Error.
void checkFeatureBlocks(const FeatureView &view, SelectionStrategy strategy, const SelectionParams &params);

} // namespace crsw
