#pragma once

#include "mapcolouring.h"

#include "common/progress.h"
#include "data/amazon/seed_corpus.h"
#include "embed/embedding_matrix.h"
#include "pipeline/embed_stage.h"
#include "pipeline/workspace.h"

#include <QString>

#include <memory>

namespace crsw {

/// What the Embeddings & Selection page needs of a workspace, loaded on a
/// worker: whether its embeddings are ready, and if so the seed corpus (row i
/// of the embeddings is review i, SeedCorpusLoader with default options as
/// the embed stage uses), the memory-mapped embeddings, their 2-D PCA and the
/// rating and category colourings. Read-only once loaded, so selection and
/// clustering jobs share it.
struct SelectionMapData {
    EmbeddingsStatus status;                           ///< Ready, or Missing/Stale with the reason
    std::shared_ptr<const SeedCorpus> corpus;          ///< null unless Ready
    std::shared_ptr<const WorkspaceEmbeddings> embeddings; ///< null unless Ready
    std::shared_ptr<const EmbeddingMatrix> pca;        ///< n x 2
    double pcaRatio[2] = {0.0, 0.0};                   ///< share of the variance on PC1, PC2
    MapColouring byRating;
    MapColouring byCategory;
    QString embedder;                                  ///< from the manifest ("tfidf-svd")
    qint64 milliseconds = 0;

    /// True when the embeddings, corpus and projection are loaded.
    bool ready() const { return pca != nullptr; }

    /// Loads what the page needs (on a worker). Missing or stale embeddings
    /// are not an error: the result says so. Throws crsw::Error when the
    /// corpus cannot be read completely or does not match the embeddings.
    static SelectionMapData load(const Workspace &workspace, Progress &progress);
};

} // namespace crsw
