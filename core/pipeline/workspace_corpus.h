#pragma once

#include "common/progress.h"
#include "data/amazon/seed_corpus.h"
#include "pipeline/workspace.h"

namespace crsw {

/// Loads the workspace's seed corpus the way the stages that work on its
/// rows do (SeedCorpusLoader with default options, so row i is review i in
/// file order and matches the embeddings and selections): the reviews file
/// and, when set, the metadata file. Malformed lines are counted only (`crsw
/// data` and the Data page list them). Throws crsw::Error when the workspace
/// has no seed corpus or a file cannot be read to the end, crsw::Cancelled
/// when cancelled.
SeedCorpus loadWorkspaceSeedCorpus(const Workspace &workspace, Progress &progress);

} // namespace crsw
