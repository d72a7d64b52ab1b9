#pragma once

#include "common/progress.h"
#include "embed/embedding_matrix.h"
#include "embed/tfidf_svd_embedder.h"
#include "embed/user_factors.h"
#include "pipeline/workspace.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace crsw {

/// What `crsw embed` computes for a workspace (METHOD.md §2, §3.3).
struct EmbedOptions {
    std::string embedder = "tfidf-svd";  ///< the only built-in one so far
    /// Reviews: "title\ntext" of each review. dimension 256 by default.
    TfidfSvdEmbedder::Options reviews;
    /// Item metadata: title, categories, description and features of each
    /// item, through the same kind of embedder fitted on the item texts.
    TfidfSvdEmbedder::Options items;
    /// User collaborative factors: rank-32 SVD of the user x item ratings.
    UserFactors::Options users;
    /// Seeds every randomized step (reviews, items, users all use it).
    std::uint64_t seed = 0;
    int threads = 0;                     ///< 0 = all cores

    EmbedOptions();
    /// The options as recorded in the manifest.
    nlohmann::ordered_json toJson() const;
};

/// What embedWorkspace() wrote.
struct EmbedSummary {
    std::size_t reviews = 0, items = 0, users = 0;
    std::size_t reviewDimension = 0, itemDimension = 0, userDimension = 0;
    std::size_t reviewVocabulary = 0, itemVocabulary = 0;
    /// Share of the TF-IDF matrix's squared norm kept by the d directions.
    double reviewNormKept = 0.0, itemNormKept = 0.0;
    double seconds = 0.0;
    std::vector<std::string> files; ///< the files written (under Workspace::embeddingsDir()), the manifest last
};

/// The file names inside W/embeddings/.
struct EmbeddingFiles {
    static constexpr const char *kReviews = "reviews.npy";          ///< n x d float32, row i = review i
    static constexpr const char *kItems = "items.npy";              ///< items x d_m float32
    static constexpr const char *kUsers = "users.npy";              ///< users x r float32
    static constexpr const char *kReviewItems = "review_items.npy"; ///< n int32: review -> items.npy row
    static constexpr const char *kReviewUsers = "review_users.npy"; ///< n int32: review -> users.npy row
    static constexpr const char *kManifest = "manifest.json";
};

/// Loads the workspace's seed corpus (SeedCorpusLoader with default options,
/// so row i is review i of the corpus in file order; item and user rows are
/// the corpus's item and user indices), embeds reviews, items and users and
/// writes W/embeddings/{reviews,items,users,review_items,review_users}.npy
/// and manifest.json. The old manifest is removed first and the new one is
/// written last, each file atomically, so an interrupted run never leaves a
/// set that loadWorkspaceEmbeddings() accepts. Throws crsw::Error (no seed
/// corpus, empty corpus, an incomplete load) or crsw::Cancelled.
EmbedSummary embedWorkspace(const Workspace &workspace, const EmbedOptions &options, Progress &progress);

/// The embeddings of a workspace, memory-mapped.
struct WorkspaceEmbeddings {
    EmbeddingMatrix reviews;                 ///< n x d, rows L2-normalised
    EmbeddingMatrix items;                   ///< items x d_m, rows L2-normalised
    EmbeddingMatrix users;                   ///< users x r, rows L2-normalised
    std::vector<std::uint32_t> reviewItems;  ///< n: the items row of each review (FeatureView keys)
    std::vector<std::uint32_t> reviewUsers;  ///< n: the users row of each review
    nlohmann::json manifest;                 ///< manifest.json as written
};

/// Whether a workspace's embeddings can be loaded, without loading them.
struct EmbeddingsStatus {
    enum class State { Missing, Stale, Ready };
    State state = State::Missing;
    std::string reason; ///< why Missing or Stale, in a sentence naming the file
};

/// Checks W/embeddings/manifest.json against the files and the seed corpus.
EmbeddingsStatus workspaceEmbeddingsStatus(const Workspace &workspace);

/// Maps W/embeddings/*.npy. Throws crsw::Error naming the file when the
/// manifest or a file is missing ("run crsw embed"), when the seed corpus
/// changed since (its files' sizes or times differ: stale), or when a file's
/// shape disagrees with the manifest or a key is out of range.
WorkspaceEmbeddings loadWorkspaceEmbeddings(const Workspace &workspace);

} // namespace crsw
