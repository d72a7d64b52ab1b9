#include "pipeline/embed_stage.h"

#include "common/atomic_file.h"
#include "common/error.h"
#include "data/amazon/seed_corpus_loader.h"
#include "embed/corpus_texts.h"

#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>

#include <sys/stat.h>

namespace crsw {

namespace fs = std::filesystem;

namespace {

constexpr int kManifestFormat = 1;

nlohmann::ordered_json embedderJson(const TfidfSvdEmbedder::Options &o)
{
    return {{"dimension", o.dimension},
            {"min_df", o.tfidf.minDf},
            {"max_df", o.tfidf.maxDf},
            {"max_features", o.tfidf.maxFeatures},
            {"ngram_range", {1, o.tfidf.maxNgram}},
            {"sublinear_tf", true},
            {"smooth_idf", true},
            {"oversampling", o.oversampling},
            {"power_iterations", o.powerIterations}};
}

// One seed-corpus file as the manifest records it: the path as workspace.json
// gives it, its size and modification time (what "stale" is judged by).
nlohmann::ordered_json describeSeedFile(const Workspace &workspace, const std::string &role, const std::string &path)
{
    const std::string resolved = workspace.resolve(path);
    struct stat st{};
    if (::stat(resolved.c_str(), &st) != 0)
        throw Error({resolved, 0, {}}, "cannot read the seed corpus file");
    const std::int64_t mtime = std::int64_t(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    return {{"role", role}, {"path", path}, {"size", std::int64_t(st.st_size)}, {"mtime_ns", mtime}};
}

nlohmann::ordered_json seedFiles(const Workspace &workspace)
{
    const SeedCorpusEntry seed = workspace.seedCorpus();
    nlohmann::ordered_json files = nlohmann::ordered_json::array();
    files.push_back(describeSeedFile(workspace, "reviews", seed.reviews));
    if (!seed.metadata.empty())
        files.push_back(describeSeedFile(workspace, "metadata", seed.metadata));
    return files;
}

nlohmann::ordered_json fileEntry(const std::string &dir, const char *name, std::vector<std::size_t> shape)
{
    std::error_code ec;
    const auto bytes = fs::file_size(dir + "/" + name, ec);
    return {{"file", name}, {"shape", shape}, {"bytes", ec ? 0 : std::int64_t(bytes)}};
}

std::string utcNow()
{
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

double squaredNormKept(const TfidfSvdEmbedder &embedder)
{
    double kept = 0.0;
    for (float s : embedder.singularValues())
        kept += double(s) * s;
    return embedder.totalSquaredNorm() > 0.0 ? kept / embedder.totalSquaredNorm() : 0.0;
}

std::vector<std::int32_t> keysOf(const SeedCorpus &corpus, bool items)
{
    std::vector<std::int32_t> keys;
    keys.reserve(corpus.reviewCount());
    for (const CorpusReview &review : corpus.reviews())
        keys.push_back(static_cast<std::int32_t>(items ? review.item : review.user));
    return keys;
}

std::string manifestPath(const Workspace &workspace)
{
    return workspace.embeddingsDir() + "/" + EmbeddingFiles::kManifest;
}

} // namespace

EmbedOptions::EmbedOptions() = default;

nlohmann::ordered_json EmbedOptions::toJson() const
{
    return {{"embedder", embedder},
            {"seed", seed},
            {"reviews", embedderJson(reviews)},
            {"items", embedderJson(items)},
            {"users",
             {{"rank", users.rank},
              {"value", UserFactors::valueName(users.value)},
              {"oversampling", users.oversampling},
              {"power_iterations", users.powerIterations}}}};
}

EmbedSummary embedWorkspace(const Workspace &workspace, const EmbedOptions &options, Progress &progress)
{
    const auto start = std::chrono::steady_clock::now();
    if (options.embedder != "tfidf-svd")
        throw Error({{}, 0, "embedder"}, "unknown embedder '" + options.embedder + "' (available: tfidf-svd)");
    const SeedCorpusEntry seed = workspace.seedCorpus();
    if (seed.reviews.empty())
        throw Error({workspace.root() + "/" + Workspace::kFileName, 0, "seed.reviews"}, "the workspace has no seed corpus");
    const std::string dir = workspace.embeddingsDir();
    makeDirectories(dir);
    // The manifest goes first and comes back last: until then no set of files is "complete".
    std::error_code ec;
    fs::remove(manifestPath(workspace), ec);
    if (ec)
        throw Error({manifestPath(workspace), 0, {}}, "cannot remove the old manifest: " + ec.message());
    const nlohmann::ordered_json files = seedFiles(workspace);

    progress.reportNow(0.0, "loading the seed corpus");
    SeedCorpusLoader::Sources sources;
    sources.reviewFiles.push_back(workspace.resolve(seed.reviews));
    if (!seed.metadata.empty())
        sources.metadataFiles.push_back(workspace.resolve(seed.metadata));
    LoadReport malformed(0); // counted only: `crsw data` lists them
    Progress loading = progress.subRange(0.0, 0.15);
    const SeedCorpusLoader::Result loaded = SeedCorpusLoader::load(sources, {}, malformed, loading);
    if (!loaded.complete)
        throw Error({sources.reviewFiles.front(), 0, {}}, "the seed corpus could not be read to the end: " + loaded.incompleteReason);
    const SeedCorpus &corpus = loaded.corpus;
    if (corpus.reviewCount() == 0)
        throw Error({sources.reviewFiles.front(), 0, {}}, "the seed corpus has no reviews to embed");

    EmbedSummary summary;
    summary.reviews = corpus.reviewCount();
    summary.items = corpus.itemCount();
    summary.users = corpus.userCount();

    // Reviews: "title\ntext".
    TfidfSvdEmbedder::Options reviewOptions = options.reviews;
    reviewOptions.seed = options.seed;
    reviewOptions.threads = options.threads;
    TfidfSvdEmbedder reviewEmbedder(reviewOptions);
    EmbeddingMatrix reviews;
    {
        const CorpusTexts texts = CorpusTexts::ofReviews(corpus);
        progress.reportNow(0.15, "embedding " + std::to_string(texts.size()) + " reviews");
        Progress part = progress.subRange(0.15, 0.75);
        reviews = reviewEmbedder.fitEmbed(texts.views(), part);
    }

    // Items: title, categories, description, features.
    TfidfSvdEmbedder::Options itemOptions = options.items;
    itemOptions.seed = options.seed;
    itemOptions.threads = options.threads;
    TfidfSvdEmbedder itemEmbedder(itemOptions);
    EmbeddingMatrix items;
    {
        const CorpusTexts texts = CorpusTexts::ofItems(corpus);
        progress.reportNow(0.75, "embedding " + std::to_string(texts.size()) + " item descriptions");
        Progress part = progress.subRange(0.75, 0.85);
        items = itemEmbedder.fitEmbed(texts.views(), part);
    }

    // Users: the user x item matrix of the reviews.
    progress.reportNow(0.85, "factorising " + std::to_string(corpus.userCount()) + " users");
    std::vector<UserFactors::Interaction> interactions;
    interactions.reserve(corpus.reviewCount());
    for (const CorpusReview &review : corpus.reviews())
        interactions.push_back({review.user, review.item, review.rating});
    UserFactors::Options userOptions = options.users;
    userOptions.seed = options.seed;
    userOptions.threads = options.threads;
    Progress userPart = progress.subRange(0.85, 0.95);
    const UserFactors::Result users = UserFactors::compute(corpus.userCount(), corpus.itemCount(), interactions, userOptions, userPart);

    progress.reportNow(0.95, "writing " + dir);
    const auto path = [&](const char *name) { return dir + "/" + name; };
    writeNpy(path(EmbeddingFiles::kReviews), reviews);
    progress.throwIfCancelled();
    writeNpy(path(EmbeddingFiles::kItems), items);
    writeNpy(path(EmbeddingFiles::kUsers), users.factors);
    writeNpyInt32(path(EmbeddingFiles::kReviewItems), keysOf(corpus, true));
    writeNpyInt32(path(EmbeddingFiles::kReviewUsers), keysOf(corpus, false));
    progress.throwIfCancelled();

    summary.reviewDimension = reviews.cols();
    summary.itemDimension = items.cols();
    summary.userDimension = users.factors.cols();
    summary.reviewVocabulary = reviewEmbedder.vectorizer().vocabulary().size();
    summary.itemVocabulary = itemEmbedder.vectorizer().vocabulary().size();
    summary.reviewNormKept = squaredNormKept(reviewEmbedder);
    summary.itemNormKept = squaredNormKept(itemEmbedder);
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    nlohmann::ordered_json manifest;
    manifest["format"] = kManifestFormat;
    manifest["embedder"] = reviewEmbedder.name();
    manifest["seed"] = options.seed;
    manifest["options"] = options.toJson();
    manifest["created"] = utcNow();
    manifest["seconds"] = std::round(summary.seconds * 1000.0) / 1000.0;
    manifest["corpus"] = {{"reviews", summary.reviews},
                          {"items", summary.items},
                          {"users", summary.users},
                          {"malformed_lines", malformed.count()},
                          {"files", files}};
    manifest["files"] = {
        {"reviews", fileEntry(dir, EmbeddingFiles::kReviews, {reviews.rows(), reviews.cols()})},
        {"items", fileEntry(dir, EmbeddingFiles::kItems, {items.rows(), items.cols()})},
        {"users", fileEntry(dir, EmbeddingFiles::kUsers, {users.factors.rows(), users.factors.cols()})},
        {"review_items", fileEntry(dir, EmbeddingFiles::kReviewItems, {summary.reviews})},
        {"review_users", fileEntry(dir, EmbeddingFiles::kReviewUsers, {summary.reviews})},
    };
    manifest["reviews"] = {{"text", "title + newline + text"},
                           {"dimension", summary.reviewDimension},
                           {"vocabulary", summary.reviewVocabulary},
                           {"distinct_terms", reviewEmbedder.vectorizer().distinctTerms()},
                           {"squared_norm_kept", summary.reviewNormKept},
                           {"singular_values", reviewEmbedder.singularValues()}};
    manifest["items"] = {{"text", "title, categories, description, features (one per line)"},
                         {"dimension", summary.itemDimension},
                         {"vocabulary", summary.itemVocabulary},
                         {"distinct_terms", itemEmbedder.vectorizer().distinctTerms()},
                         {"squared_norm_kept", summary.itemNormKept},
                         {"singular_values", itemEmbedder.singularValues()}};
    manifest["users"] = {{"matrix", "users x items, " + UserFactors::valueName(userOptions.value)},
                         {"rank", summary.userDimension},
                         {"singular_values", users.singularValues}};
    writeFileAtomically(manifestPath(workspace), manifest.dump(2) + "\n");

    for (const char *name : {EmbeddingFiles::kReviews, EmbeddingFiles::kItems, EmbeddingFiles::kUsers,
                             EmbeddingFiles::kReviewItems, EmbeddingFiles::kReviewUsers, EmbeddingFiles::kManifest})
        summary.files.push_back(path(name));
    progress.reportNow(1.0, "embeddings written");
    return summary;
}

namespace {

// The manifest, or the reason the embeddings cannot be used.
struct ManifestCheck {
    EmbeddingsStatus status;
    nlohmann::json manifest;
};

ManifestCheck checkManifest(const Workspace &workspace)
{
    ManifestCheck check;
    const std::string path = manifestPath(workspace);
    std::error_code ec;
    if (!fs::exists(path, ec)) {
        check.status = {EmbeddingsStatus::State::Missing,
                        path + ": no embeddings yet (or an interrupted run); run crsw embed --workspace " + workspace.root()};
        return check;
    }
    try {
        check.manifest = nlohmann::json::parse(readWholeFile(path));
    } catch (const nlohmann::json::exception &e) {
        throw Error({path, 0, {}}, std::string("not valid JSON: ") + e.what());
    }
    const auto &m = check.manifest;
    if (!m.is_object() || m.value("format", 0) != kManifestFormat || !m.contains("files") || !m.contains("corpus"))
        throw Error({path, 0, "format"}, "not an embeddings manifest of format " + std::to_string(kManifestFormat));

    const SeedCorpusEntry seed = workspace.seedCorpus();
    const auto stale = [&](const std::string &why) {
        check.status = {EmbeddingsStatus::State::Stale, path + ": stale: " + why + "; run crsw embed again"};
        return check;
    };
    if (seed.reviews.empty())
        return stale("the workspace no longer has a seed corpus");
    nlohmann::ordered_json now;
    try {
        now = seedFiles(workspace);
    } catch (const Error &e) {
        return stale(e.what());
    }
    const auto &recorded = m["corpus"].value("files", nlohmann::json::array());
    if (recorded.size() != now.size())
        return stale("the seed corpus files changed");
    for (std::size_t i = 0; i < now.size(); ++i) {
        const auto &was = recorded[i];
        const auto &is = now[i];
        if (was.value("path", std::string()) != is["path"].get<std::string>())
            return stale("the seed corpus is now " + is["path"].get<std::string>() + ", was "
                         + was.value("path", std::string()));
        if (was.value("size", std::int64_t(-1)) != is["size"].get<std::int64_t>()
            || was.value("mtime_ns", std::int64_t(-1)) != is["mtime_ns"].get<std::int64_t>())
            return stale(is["path"].get<std::string>() + " changed since the embeddings were made");
    }
    for (const auto &[key, entry] : m["files"].items()) {
        const std::string file = workspace.embeddingsDir() + "/" + entry.value("file", key);
        const auto bytes = fs::file_size(file, ec);
        if (ec) {
            check.status = {EmbeddingsStatus::State::Missing, file + ": missing; run crsw embed again"};
            return check;
        }
        if (std::int64_t(bytes) != entry.value("bytes", std::int64_t(-1)))
            return stale(file + " is not the file the manifest describes (" + std::to_string(bytes) + " bytes)");
    }
    check.status = {EmbeddingsStatus::State::Ready, {}};
    return check;
}

std::vector<std::uint32_t> readKeys(const std::string &path, std::size_t rows, std::size_t tableRows)
{
    const std::vector<std::int32_t> raw = readNpyInt32(path);
    if (raw.size() != rows)
        throw Error({path, 0, "shape"}, "has " + std::to_string(raw.size()) + " entries, the reviews are " + std::to_string(rows));
    std::vector<std::uint32_t> keys(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] < 0 || std::size_t(raw[i]) >= tableRows)
            throw Error({path, 0, "[" + std::to_string(i) + "]"},
                        "row " + std::to_string(raw[i]) + " out of range (" + std::to_string(tableRows) + " rows)");
        keys[i] = static_cast<std::uint32_t>(raw[i]);
    }
    return keys;
}

void checkShape(const EmbeddingMatrix &matrix, const nlohmann::json &entry, const std::string &path)
{
    const auto shape = entry.value("shape", std::vector<std::size_t>());
    if (shape.size() != 2 || shape[0] != matrix.rows() || shape[1] != matrix.cols())
        throw Error({path, 0, "shape"}, "(" + std::to_string(matrix.rows()) + ", " + std::to_string(matrix.cols())
                                            + ") differs from the manifest");
}

} // namespace

EmbeddingsStatus workspaceEmbeddingsStatus(const Workspace &workspace)
{
    try {
        return checkManifest(workspace).status;
    } catch (const Error &e) {
        return {EmbeddingsStatus::State::Stale, e.what()};
    }
}

WorkspaceEmbeddings loadWorkspaceEmbeddings(const Workspace &workspace)
{
    ManifestCheck check = checkManifest(workspace);
    if (check.status.state != EmbeddingsStatus::State::Ready)
        throw Error(check.status.reason);
    const std::string dir = workspace.embeddingsDir();
    const auto &files = check.manifest["files"];
    const auto load = [&](const char *key, const char *name) {
        const std::string path = dir + "/" + name;
        EmbeddingMatrix matrix = EmbeddingMatrix::mapNpy(path);
        checkShape(matrix, files.value(key, nlohmann::json::object()), path);
        return matrix;
    };
    WorkspaceEmbeddings out;
    out.reviews = load("reviews", EmbeddingFiles::kReviews);
    out.items = load("items", EmbeddingFiles::kItems);
    out.users = load("users", EmbeddingFiles::kUsers);
    out.reviewItems = readKeys(dir + "/" + EmbeddingFiles::kReviewItems, out.reviews.rows(), out.items.rows());
    out.reviewUsers = readKeys(dir + "/" + EmbeddingFiles::kReviewUsers, out.reviews.rows(), out.users.rows());
    out.manifest = std::move(check.manifest);
    return out;
}

} // namespace crsw
