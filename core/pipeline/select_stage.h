#pragma once

#include "common/progress.h"
#include "embed/embedding_matrix.h"
#include "pipeline/embed_stage.h"
#include "pipeline/workspace.h"
#include "select/feature_view.h"
#include "select/selection.h"
#include "select/selection_record.h"

#include <string>
#include <vector>

namespace crsw {

/// What `crsw select --workspace W` runs (issue 3 §5, METHOD.md §3).
struct SelectStageOptions {
    SelectionStrategy strategy = SelectionStrategy::JS;
    SelectionParams params;
    /// Optional .npy of k-means centres (one row each) for the JS variants,
    /// used instead of running k-means; its width must be the view's dimension.
    std::string centersPath;
    /// Where to write SEL.json; empty = W/selections/<defaultSelectionFileName()>.
    std::string outputPath;
};

/// What selectWorkspace() did.
struct SelectStageSummary {
    SelectionRecord record;   ///< as written (result, provenance, timings)
    std::string path;         ///< absolute path of the SEL.json written
};

/// "<STRATEGY>_B<budget>_seed<seed>.json", e.g. "METADATA_JS_B2000_seed0.json".
std::string defaultSelectionFileName(SelectionStrategy strategy, const SelectionParams &params);

/// The vectors a strategy chooses among on a workspace's embeddings: the
/// review matrix, plus the item-metadata block (weight params.metadataWeight)
/// for METADATA_* or the user-factor block (weight params.userWeight) for
/// USER_* (METHOD.md §3.3). The view refers to `embeddings`, which must outlive it.
FeatureView makeWorkspaceFeatureView(const WorkspaceEmbeddings &embeddings, SelectionStrategy strategy,
                                     const SelectionParams &params);

/// Loads the workspace's embeddings (memory-mapped), runs the strategy and
/// writes the selection atomically (SelectionRecord JSON; the record names
/// the embeddings manifest it came from). Calls `observer` after every pick.
/// Throws crsw::Error (no or stale embeddings, bad parameters, a centres
/// file that does not fit) or crsw::Cancelled (nothing is written then).
SelectStageSummary selectWorkspace(const Workspace &workspace, const SelectStageOptions &options,
                                   Progress &progress, const PickObserver &observer = {});

/// `crsw select --embeddings E.npy`: runs a strategy on a bare float32 .npy
/// (memory-mapped, one row per sample) and writes options.outputPath (which
/// must be set). Only RANDOM_UNIFORM, JS and FISHER apply: the METADATA_ and
/// USER_ variants need a workspace's item and user tables (crsw::Error).
SelectStageSummary selectEmbeddingsFile(const std::string &embeddingsPath, const SelectStageOptions &options,
                                        Progress &progress, const PickObserver &observer = {});

/// Writes the selection's trace as CSV with each pick's item (parent_asin),
/// user (user_id), reviews file index and line and rating, from the
/// workspace's seed corpus (loaded as the embed stage loads it, so rows match).
/// Throws crsw::Error when the corpus no longer has the selection's row count.
void writeWorkspaceSelectionCsv(const Workspace &workspace, const SelectionRecord &record, const std::string &path,
                                Progress &progress);

/// The selection files in W/selections/ (absolute paths, sorted by name).
std::vector<std::string> listWorkspaceSelections(const Workspace &workspace);

} // namespace crsw
