#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace crsw {

/// A He et al.-format benchmark registered in a workspace (paths relative to the workspace root).
struct BenchmarkEntry {
    std::string name;      ///< "demo", "redial", "inspired", ...
    std::string testSet;   ///< test.jsonl
    std::string entities;  ///< entity2id.json
    std::string itemIds;   ///< item_ids.json (may be empty)
};

/// The seed corpus of a workspace (paths relative to the root unless absolute).
struct SeedCorpusEntry {
    std::string reviews;   ///< Amazon Reviews'23 reviews .jsonl(.gz)
    std::string metadata;  ///< item metadata .jsonl(.gz)
};

/// A workspace: a folder a user can read without the app (ARCHITECTURE.md):
/// workspace.json (settings and experiment config), data/ (seed corpus),
/// benchmarks/<name>/, embeddings/, selections/, synthetic/, cache/, runs/,
/// reports/. workspace.json is written atomically; keys this version does not
/// know are kept, so later versions' settings survive a round trip.
class Workspace {
public:
    static constexpr int kFormatVersion = 1;
    static constexpr const char *kFileName = "workspace.json";

    /// Creates the folder layout and workspace.json in `dir` (created if
    /// missing). Throws crsw::Error if `dir` already holds a workspace or is a file.
    static Workspace create(const std::string &dir, const std::string &name);
    /// Opens an existing workspace. Throws crsw::Error naming workspace.json
    /// and the field when it is missing, not JSON, or a field has the wrong type.
    static Workspace open(const std::string &dir);
    /// True when `dir` holds a workspace.json.
    static bool exists(const std::string &dir);

    const std::string &root() const { return m_root; }
    std::string name() const;
    std::string description() const;
    void setDescription(const std::string &text);
    bool isDemo() const;
    void setDemo(bool demo);

    /// A path inside the workspace; absolute paths are returned unchanged.
    std::string resolve(const std::string &relativeOrAbsolute) const;
    std::string dataDir() const { return m_root + "/data"; }
    std::string benchmarksDir() const { return m_root + "/benchmarks"; }
    std::string embeddingsDir() const { return m_root + "/embeddings"; }
    std::string selectionsDir() const { return m_root + "/selections"; }
    std::string syntheticDir() const { return m_root + "/synthetic"; }
    std::string cacheDir() const { return m_root + "/cache"; }
    std::string runsDir() const { return m_root + "/runs"; }
    std::string reportsDir() const { return m_root + "/reports"; }

    SeedCorpusEntry seedCorpus() const;
    void setSeedCorpus(const SeedCorpusEntry &seed);
    std::vector<BenchmarkEntry> benchmarks() const;
    /// Adds or replaces (by name) a benchmark.
    void setBenchmark(const BenchmarkEntry &benchmark);

    /// The whole settings document (for stages that keep their own sections).
    const nlohmann::json &settings() const { return m_settings; }
    nlohmann::json &settings() { return m_settings; }

    /// Writes workspace.json atomically.
    void save() const;

private:
    explicit Workspace(std::string root);
    void validate() const;

    std::string m_root;
    nlohmann::json m_settings;
};

} // namespace crsw
