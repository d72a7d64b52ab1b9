#include "arg_parser.h"
#include "commands.h"
#include "terminal_progress.h"

#include "common/error.h"
#include "pipeline/select_stage.h"

#include <cstdio>
#include <memory>
#include <set>

namespace crsw::cli {

namespace {

// An option that does not apply to the strategy is noted and ignored, so one
// set of options can drive a whole strategy sweep.
void noteIgnored(const ArgParser &parser, const std::string &name, bool applies, SelectionStrategy strategy)
{
    if (parser.has(name) && !applies)
        std::fprintf(stderr, "crsw select: note: --%s does not apply to %s; ignored\n", name.c_str(),
                     strategyName(strategy).c_str());
}

} // namespace

int commandSelect(const std::vector<std::string> &args)
{
    const SelectionParams defaults;
    ArgParser parser(
        "crsw select (--workspace W | --embeddings E.npy) --strategy S --budget B [--clusters K] [--centers C.npy]\n"
        "            [--tau T] [--lambda L] [--seed N] [--metadata-weight W] [--user-weight W] [--out SEL.json]\n"
        "            [--csv FILE] [--threads N]",
        "Chooses the B most informative samples (METHOD.md §3) and writes SEL.json: strategy, params,\n"
        "picks (row indices in pick order), scores (each pick's score when chosen), cluster sizes,\n"
        "timings and where the vectors came from. Strategies: RANDOM_UNIFORM, JS, FISHER, METADATA_JS,\n"
        "METADATA_FISHER, USER_JS, USER_FISHER. With --workspace the vectors are W/embeddings (run crsw\n"
        "embed first) and SEL.json defaults to W/selections/<STRATEGY>_B<budget>_seed<seed>.json; the\n"
        "METADATA_ and USER_ variants append the item metadata or user factor block (weighted). With\n"
        "--embeddings (a float32 .npy, one row per sample) only RANDOM_UNIFORM, JS and FISHER apply\n"
        "and --out is required. Options a strategy does not use are noted and ignored. RANDOM_UNIFORM's\n"
        "score of step t is 1 / (n - t), the probability its pick had.");
    parser.option("workspace", "DIR", "select among the workspace's review embeddings");
    parser.option("embeddings", "FILE", "select among the rows of this float32 .npy");
    parser.option("strategy", "S", "the strategy", true);
    parser.option("budget", "B", "how many samples to pick", true);
    parser.option("clusters", "K", "k-means clusters for the JS strategies", false, std::to_string(defaults.clusters));
    parser.option("centers", "FILE", "k-means centres (.npy, one row each) instead of running k-means (JS strategies)");
    parser.option("tau", "T", "softmax temperature of the JS strategies", false, "1");
    parser.option("lambda", "L", "ridge of the Fisher information (FISHER strategies)", false, "1");
    parser.option("seed", "N", "seed of k-means++ and RANDOM_UNIFORM", false, "0");
    parser.option("metadata-weight", "W", "weight of the item metadata block (METADATA_ strategies)", false, "1");
    parser.option("user-weight", "W", "weight of the user factor block (USER_ strategies)", false, "1");
    parser.option("out", "FILE", "where to write SEL.json");
    parser.option("csv", "FILE", "also write the trace as CSV (with --workspace: item and user ids of each pick)");
    parser.option("threads", "N", "worker threads (0 = all cores)", false, "0");
    if (!parser.parse(args))
        return 0;

    if (parser.has("workspace") == parser.has("embeddings"))
        throw UsageError("give either --workspace or --embeddings");
    SelectStageOptions options;
    try {
        options.strategy = parseStrategy(parser.value("strategy"));
    } catch (const Error &e) {
        throw UsageError(e.reason());
    }
    const SelectionStrategy base = baseAlgorithm(options.strategy);
    if (parser.has("embeddings") && base != options.strategy)
        throw UsageError(strategyName(options.strategy)
                         + " needs a workspace's item metadata or user tables: use --workspace W (with --embeddings "
                           "only RANDOM_UNIFORM, JS and FISHER apply)");
    if (parser.has("embeddings") && !parser.has("out"))
        throw UsageError("--out SEL.json is required with --embeddings");

    const long long budget = parser.integer("budget"), clusters = parser.integer("clusters"),
                    seed = parser.integer("seed"), threads = parser.integer("threads");
    if (budget < 1)
        throw UsageError("--budget must be at least 1");
    if (clusters < 1)
        throw UsageError("--clusters must be at least 1");
    if (seed < 0)
        throw UsageError("--seed must be >= 0");
    if (threads < 0)
        throw UsageError("--threads must be >= 0");
    SelectionParams &p = options.params;
    p.budget = static_cast<std::size_t>(budget);
    p.clusters = static_cast<int>(clusters);
    p.tau = parser.number("tau");
    p.lambda = parser.number("lambda");
    p.seed = static_cast<std::uint64_t>(seed);
    p.metadataWeight = parser.number("metadata-weight");
    p.userWeight = parser.number("user-weight");
    p.threads = static_cast<int>(threads);
    const bool js = base == SelectionStrategy::JS;
    const bool metadata = options.strategy == SelectionStrategy::MetadataJS
                          || options.strategy == SelectionStrategy::MetadataFisher;
    const bool user = options.strategy == SelectionStrategy::UserJS || options.strategy == SelectionStrategy::UserFisher;
    noteIgnored(parser, "clusters", js && !parser.has("centers"), options.strategy);
    noteIgnored(parser, "centers", js, options.strategy);
    noteIgnored(parser, "tau", js, options.strategy);
    noteIgnored(parser, "lambda", base == SelectionStrategy::Fisher, options.strategy);
    noteIgnored(parser, "metadata-weight", metadata, options.strategy);
    noteIgnored(parser, "user-weight", user, options.strategy);
    if (js && parser.has("centers"))
        options.centersPath = parser.value("centers");
    if (parser.has("out"))
        options.outputPath = parser.value("out");

    TerminalProgress terminal("select");
    SelectStageSummary summary;
    std::unique_ptr<Workspace> workspace;
    if (parser.has("workspace")) {
        workspace = std::make_unique<Workspace>(Workspace::open(parser.value("workspace")));
        summary = selectWorkspace(*workspace, options, terminal.progress());
    } else {
        summary = selectEmbeddingsFile(parser.value("embeddings"), options, terminal.progress());
    }
    if (parser.has("csv")) {
        if (workspace)
            writeWorkspaceSelectionCsv(*workspace, summary.record, parser.value("csv"), terminal.progress());
        else
            summary.record.writeCsv(parser.value("csv"));
    }
    terminal.finish();

    const SelectionRecord &record = summary.record;
    const SelectionResult &r = record.result;
    std::printf("%s: %zu of %zu samples (dimension %zu) in %.2f s\n", strategyName(r.strategy).c_str(), r.picks.size(),
                record.rows, record.dimension, record.totalSeconds);
    if (js) {
        const std::set<std::uint32_t> covered(record.pickClusters.begin(), record.pickClusters.end());
        std::printf("  %s %d centres (inertia %.6g%s); the picks cover %zu of them\n",
                    r.centersGiven ? "given" : "k-means:", r.params.clusters, r.kmeansInertia,
                    r.centersGiven ? "" : (", " + std::to_string(r.kmeansIterations) + " iterations").c_str(),
                    covered.size());
    }
    std::printf("  first picks:");
    for (std::size_t t = 0; t < r.picks.size() && t < 8; ++t)
        std::printf(" %u (%.4g)", r.picks[t], r.scores[t]);
    std::printf("%s\n", r.picks.size() > 8 ? " ..." : "");
    std::printf("Wrote %s\n", summary.path.c_str());
    if (parser.has("csv"))
        std::printf("Wrote %s\n", parser.value("csv").c_str());
    return 0;
}

} // namespace crsw::cli
