#include "pipeline/select_stage.h"

#include "common/atomic_file.h"
#include "common/error.h"
#include "common/load_report.h"
#include "data/amazon/seed_corpus_loader.h"
#include "select/run_selection.h"

#include <algorithm>
#include <chrono>
#include <filesystem>

namespace crsw {

namespace {

// runSelection names matrices generically ("embeddings", "metadata table"):
// say which file of the workspace they are.
[[noreturn]] void rethrowWithFile(const Error &e, const Workspace &workspace)
{
    const std::string &what = e.where().file;
    std::string file;
    if (what == "embeddings")
        file = EmbeddingFiles::kReviews;
    else if (what == std::string(FeatureView::kMetadataBlock) + " table")
        file = EmbeddingFiles::kItems;
    else if (what == std::string(FeatureView::kUserBlock) + " table")
        file = EmbeddingFiles::kUsers;
    else
        throw e; // not about a matrix (a parameter, the centres): as it is
    throw Error({workspace.embeddingsDir() + "/" + file, 0, e.where().field}, e.reason());
}

} // namespace

std::string defaultSelectionFileName(SelectionStrategy strategy, const SelectionParams &params)
{
    return strategyName(strategy) + "_B" + std::to_string(params.budget) + "_seed" + std::to_string(params.seed)
           + ".json";
}

FeatureView makeWorkspaceFeatureView(const WorkspaceEmbeddings &embeddings, SelectionStrategy strategy,
                                     const SelectionParams &params)
{
    FeatureView view(embeddings.reviews);
    switch (strategy) {
    case SelectionStrategy::MetadataJS:
    case SelectionStrategy::MetadataFisher:
        view.addBlock(embeddings.items, embeddings.reviewItems, float(params.metadataWeight),
                      FeatureView::kMetadataBlock);
        break;
    case SelectionStrategy::UserJS:
    case SelectionStrategy::UserFisher:
        view.addBlock(embeddings.users, embeddings.reviewUsers, float(params.userWeight), FeatureView::kUserBlock);
        break;
    default:
        break;
    }
    return view;
}

SelectStageSummary selectWorkspace(const Workspace &workspace, const SelectStageOptions &options, Progress &progress,
                                   const PickObserver &observer)
{
    const auto start = std::chrono::steady_clock::now();
    progress.reportNow(0.0, "loading the embeddings");
    const WorkspaceEmbeddings embeddings = loadWorkspaceEmbeddings(workspace);
    const FeatureView view = makeWorkspaceFeatureView(embeddings, options.strategy, options.params);
    EmbeddingMatrix centers;
    if (!options.centersPath.empty())
        centers = EmbeddingMatrix::mapNpy(options.centersPath);
    SelectionResult result;
    try {
        result = runSelection(view, options.strategy, options.params, progress, observer,
                              options.centersPath.empty() ? nullptr : &centers);
    } catch (const Error &e) {
        rethrowWithFile(e, workspace);
    }

    SelectStageSummary summary;
    summary.record = SelectionRecord::fromResult(std::move(result), view.rows(), view.dimension());
    summary.record.embeddings = std::filesystem::path(workspace.embeddingsDir()).lexically_normal().string();
    summary.record.manifest = embeddings.manifest;
    summary.record.centersFile = options.centersPath;
    summary.record.totalSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    summary.path = options.outputPath.empty()
                       ? workspace.selectionsDir() + "/"
                             + defaultSelectionFileName(options.strategy, summary.record.result.params)
                       : options.outputPath;
    const std::filesystem::path parent = std::filesystem::path(summary.path).parent_path();
    if (!parent.empty())
        makeDirectories(parent.string());
    summary.record.write(summary.path);
    summary.path = std::filesystem::absolute(summary.path).lexically_normal().string();
    progress.reportNow(1.0, "wrote " + summary.path);
    return summary;
}

SelectStageSummary selectEmbeddingsFile(const std::string &embeddingsPath, const SelectStageOptions &options,
                                        Progress &progress, const PickObserver &observer)
{
    if (baseAlgorithm(options.strategy) != options.strategy)
        throw Error({embeddingsPath, 0, "strategy"},
                    strategyName(options.strategy)
                        + " needs the item metadata and user tables of a workspace (use --workspace); a bare "
                          "embeddings file supports RANDOM_UNIFORM, JS and FISHER");
    if (options.outputPath.empty())
        throw Error({embeddingsPath, 0, "out"}, "no output file given for the selection");
    const auto start = std::chrono::steady_clock::now();
    const EmbeddingMatrix embeddings = EmbeddingMatrix::mapNpy(embeddingsPath);
    const FeatureView view(embeddings);
    EmbeddingMatrix centers;
    if (!options.centersPath.empty())
        centers = EmbeddingMatrix::mapNpy(options.centersPath);
    SelectionResult result;
    try {
        result = runSelection(view, options.strategy, options.params, progress, observer,
                              options.centersPath.empty() ? nullptr : &centers);
    } catch (const Error &e) {
        // Name the file the bad row or shape is in.
        if (e.where().file == "embeddings")
            throw Error({embeddingsPath, 0, e.where().field}, e.reason());
        throw;
    }
    SelectStageSummary summary;
    summary.record = SelectionRecord::fromResult(std::move(result), view.rows(), view.dimension());
    summary.record.embeddings = std::filesystem::absolute(embeddingsPath).lexically_normal().string();
    summary.record.centersFile = options.centersPath;
    summary.record.totalSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const std::filesystem::path parent = std::filesystem::path(options.outputPath).parent_path();
    if (!parent.empty())
        makeDirectories(parent.string());
    summary.record.write(options.outputPath);
    summary.path = std::filesystem::absolute(options.outputPath).lexically_normal().string();
    progress.reportNow(1.0, "wrote " + summary.path);
    return summary;
}

void writeWorkspaceSelectionCsv(const Workspace &workspace, const SelectionRecord &record, const std::string &path,
                                Progress &progress)
{
    const SeedCorpusEntry seed = workspace.seedCorpus();
    if (seed.reviews.empty())
        throw Error({workspace.root() + "/" + Workspace::kFileName, 0, "seed.reviews"}, "the workspace has no seed corpus");
    SeedCorpusLoader::Sources sources;
    sources.reviewFiles.push_back(workspace.resolve(seed.reviews));
    if (!seed.metadata.empty())
        sources.metadataFiles.push_back(workspace.resolve(seed.metadata));
    LoadReport malformed(0);
    const SeedCorpusLoader::Result loaded = SeedCorpusLoader::load(sources, {}, malformed, progress);
    if (loaded.corpus.reviewCount() != record.rows)
        throw Error({sources.reviewFiles.front(), 0, {}},
                    "the seed corpus now has " + std::to_string(loaded.corpus.reviewCount())
                        + " reviews but the selection was made on " + std::to_string(record.rows)
                        + " rows: re-embed and select again");
    record.writeCsv(path, &loaded.corpus);
}

std::vector<std::string> listWorkspaceSelections(const Workspace &workspace)
{
    std::vector<std::string> files;
    std::error_code error;
    for (const auto &entry : std::filesystem::directory_iterator(workspace.selectionsDir(), error))
        if (entry.is_regular_file() && entry.path().extension() == ".json")
            files.push_back(std::filesystem::absolute(entry.path()).lexically_normal().string());
    std::sort(files.begin(), files.end());
    return files;
}

} // namespace crsw
