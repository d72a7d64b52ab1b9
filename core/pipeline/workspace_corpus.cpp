#include "pipeline/workspace_corpus.h"

#include "common/error.h"
#include "common/load_report.h"
#include "data/amazon/seed_corpus_loader.h"

namespace crsw {

SeedCorpus loadWorkspaceSeedCorpus(const Workspace &workspace, Progress &progress)
{
    const SeedCorpusEntry seed = workspace.seedCorpus();
    if (seed.reviews.empty())
        throw Error({workspace.root() + "/" + Workspace::kFileName, 0, "seed.reviews"}, "the workspace has no seed corpus");
    SeedCorpusLoader::Sources sources;
    sources.reviewFiles.push_back(workspace.resolve(seed.reviews));
    if (!seed.metadata.empty())
        sources.metadataFiles.push_back(workspace.resolve(seed.metadata));
    LoadReport malformed(0); // counted only: `crsw data` lists them
    SeedCorpusLoader::Result loaded = SeedCorpusLoader::load(sources, {}, malformed, progress);
    if (!loaded.complete)
        throw Error({sources.reviewFiles.front(), 0, {}},
                    "the seed corpus could not be read to the end: " + loaded.incompleteReason);
    return std::move(loaded.corpus);
}

} // namespace crsw
