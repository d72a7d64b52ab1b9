#include "selectionmapdata.h"

#include "common/error.h"
#include "common/load_report.h"
#include "data/amazon/seed_corpus_loader.h"
#include "embed/projection/pca_projection.h"

#include <QElapsedTimer>

namespace crsw {

SelectionMapData SelectionMapData::load(const Workspace &workspace, Progress &progress)
{
    QElapsedTimer timer;
    timer.start();
    SelectionMapData data;
    progress.reportNow(-1.0, "checking the embeddings");
    data.status = workspaceEmbeddingsStatus(workspace);
    if (data.status.state != EmbeddingsStatus::State::Ready)
        return data;

    // The corpus exactly as the embed stage read it, so rows line up.
    const SeedCorpusEntry seed = workspace.seedCorpus();
    SeedCorpusLoader::Sources sources;
    if (!seed.metadata.empty())
        sources.metadataFiles.push_back(workspace.resolve(seed.metadata));
    if (!seed.reviews.empty())
        sources.reviewFiles.push_back(workspace.resolve(seed.reviews));
    LoadReport report;
    Progress reading = progress.subRange(0.0, 0.6);
    SeedCorpusLoader::Result loaded = SeedCorpusLoader::load(sources, SeedCorpusBuilder::Options(), report, reading);
    if (!loaded.complete)
        throw Error("the seed corpus could not be read completely: " + loaded.incompleteReason);
    auto corpus = std::make_shared<SeedCorpus>(std::move(loaded.corpus));

    progress.reportNow(0.6, "mapping the embeddings");
    auto embeddings = std::make_shared<WorkspaceEmbeddings>(loadWorkspaceEmbeddings(workspace));
    if (embeddings->reviews.rows() != corpus->reviewCount()) {
        throw Error({workspace.embeddingsDir() + "/" + EmbeddingFiles::kReviews, 0, {}},
                    std::to_string(embeddings->reviews.rows()) + " rows, but the seed corpus has "
                        + std::to_string(corpus->reviewCount()) + " reviews; compute the embeddings again");
    }
    if (embeddings->manifest.is_object() && embeddings->manifest.contains("embedder")
        && embeddings->manifest["embedder"].is_string())
        data.embedder = QString::fromStdString(embeddings->manifest["embedder"].get<std::string>());

    Progress projecting = progress.subRange(0.65, 0.95);
    PcaProjection::Result pca = PcaProjection::compute(embeddings->reviews, PcaProjection::Options(), projecting);
    data.pcaRatio[0] = pca.explainedRatio(0);
    data.pcaRatio[1] = pca.explainedRatio(1);
    data.pca = std::make_shared<EmbeddingMatrix>(std::move(pca.coords));

    progress.reportNow(0.95, "colouring");
    data.byRating = MapColouring::byRating(*corpus);
    data.byCategory = MapColouring::byCategory(*corpus);
    data.corpus = std::move(corpus);
    data.embeddings = std::move(embeddings);
    data.milliseconds = timer.elapsed();
    return data;
}

} // namespace crsw
