#pragma once

#include "common/progress.h"
#include "pipeline/workspace.h"

#include <cstdint>
#include <string>
#include <vector>

namespace crsw {

/// Options of the bundled demo workspace.
struct DemoWorkspaceOptions {
    std::uint64_t seed = 7; ///< the demo world's seed (same seed, same files)
};

/// Where the GUI keeps the demo workspace unless told otherwise:
/// $XDG_DATA_HOME/crsw-workbench/demo-workspace (~/.local/share/... by default).
std::string defaultDemoWorkspaceDir();

/// Opens the demo workspace in `dir`, first creating it (workspace layout plus
/// the generated synthetic movie world: seed corpus in data/, He-format test
/// set in benchmarks/demo/) when `dir` holds no workspace yet. Throws
/// crsw::Error if `dir` holds something else.
Workspace createOrOpenDemoWorkspace(const std::string &dir, Progress &progress,
                                    const DemoWorkspaceOptions &options = {});

/// What one run of the pipeline produced: (label, path) pairs and a summary.
struct PipelineRunReport {
    std::vector<std::pair<std::string, std::string>> outputs;
    std::string summary; ///< a few lines for a terminal or a status bar
};

/// Runs every pipeline stage that exists so far on a workspace: loads the seed
/// corpus (statistics and malformed-line report into reports/), embeds it
/// (embeddings/, kept when still current), selects 1% of the reviews (at least
/// 10) by RANDOM_UNIFORM, JS and FISHER (selections/), writes the popularity
/// baseline's answers for each benchmark and scores them with He et al.'s
/// protocol (runs/popularity-<benchmark>/). Cancellable.
PipelineRunReport runPipeline(const Workspace &workspace, Progress &progress);

} // namespace crsw
