#include "pipeline/demo_workspace.h"

#include "common/atomic_file.h"
#include "common/error.h"
#include "data/demo/demo_world.h"

#include <cstdlib>
#include <filesystem>

namespace crsw {

namespace fs = std::filesystem;

namespace {

const char *kReviews = "data/reviews.jsonl.gz";
const char *kMetadata = "data/meta.jsonl.gz";
const char *kTestSet = "benchmarks/demo/test.jsonl";
const char *kEntities = "benchmarks/demo/entity2id.json";
const char *kItemIds = "benchmarks/demo/item_ids.json";

bool demoFilesPresent(const Workspace &workspace)
{
    for (const char *file : {kReviews, kMetadata, kTestSet, kEntities, kItemIds})
        if (!fs::exists(workspace.resolve(file)))
            return false;
    return true;
}

void generateInto(const std::string &root, const DemoWorkspaceOptions &options, Progress &progress)
{
    DemoWorldOptions world;
    world.seed = options.seed;
    const DemoWorldPaths paths = DemoWorldPaths::inFolder(root + "/data", root + "/benchmarks/demo");
    makeDirectories(root + "/data");
    makeDirectories(root + "/benchmarks/demo");
    generateDemoWorld(paths, world, progress);
}

} // namespace

std::string defaultDemoWorkspaceDir()
{
    const char *dataHome = std::getenv("XDG_DATA_HOME");
    std::string base;
    if (dataHome && *dataHome)
        base = dataHome;
    else if (const char *home = std::getenv("HOME"); home && *home)
        base = std::string(home) + "/.local/share";
    else
        base = fs::temp_directory_path().string();
    return base + "/crsw-workbench/demo-workspace";
}

Workspace createOrOpenDemoWorkspace(const std::string &dir, Progress &progress, const DemoWorkspaceOptions &options)
{
    if (Workspace::exists(dir)) {
        Workspace workspace = Workspace::open(dir);
        if (!workspace.isDemo())
            throw Error({dir, 0, {}}, "holds a workspace that is not the demo; choose another folder");
        // Files a user deleted by hand are generated again (same seed, same bytes).
        if (!demoFilesPresent(workspace)) {
            const std::uint64_t seed = workspace.settings().value("demo_seed", options.seed);
            generateInto(workspace.root(), DemoWorkspaceOptions{seed}, progress);
        }
        return workspace;
    }
    std::error_code ec;
    if (fs::exists(dir, ec) && (!fs::is_directory(dir, ec) || !fs::is_empty(dir, ec)))
        throw Error({dir, 0, {}}, "exists and is not an empty folder; the demo needs a folder of its own");

    // The world first, workspace.json last: an interrupted creation leaves no
    // half-made workspace behind, and the next start simply generates again.
    makeDirectories(dir);
    generateInto(dir, options, progress);
    Workspace workspace = Workspace::create(dir, "Demo movie world (synthetic)");
    workspace.setDemo(true);
    workspace.settings()["demo_seed"] = options.seed;
    workspace.setDescription(
        "A generated, synthetic movie domain (no real films, users or reviews): heavy-tailed item popularity, "
        "genre clusters of unequal size, redundant reviews of popular films and distinctive niche ones, users "
        "with latent tastes, and a He et al.-format test set whose ground truth follows those tastes. "
        "See data/DEMO.md.");
    workspace.setSeedCorpus({kReviews, kMetadata});
    workspace.setBenchmark({"demo", kTestSet, kEntities, kItemIds});
    workspace.save();
    return workspace;
}

} // namespace crsw
