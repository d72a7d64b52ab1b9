#include "pipeline/workspace.h"

#include "common/atomic_file.h"
#include "common/error.h"

#include <filesystem>

namespace crsw {

namespace fs = std::filesystem;

namespace {

const char *kFolders[] = {"data", "benchmarks", "embeddings", "selections", "synthetic", "cache", "runs", "reports"};

std::string stringField(const nlohmann::json &object, const char *key)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

} // namespace

Workspace::Workspace(std::string root) : m_root(std::move(root)) {}

bool Workspace::exists(const std::string &dir)
{
    std::error_code ec;
    return fs::is_regular_file(fs::path(dir) / kFileName, ec);
}

Workspace Workspace::create(const std::string &dir, const std::string &name)
{
    std::error_code ec;
    if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
        throw Error({dir, 0, {}}, "is a file, not a folder");
    if (exists(dir))
        throw Error({dir, 0, {}}, "already holds a workspace (workspace.json)");
    makeDirectories(dir);
    Workspace workspace(fs::absolute(dir).lexically_normal().string());
    for (const char *folder : kFolders)
        makeDirectories(workspace.m_root + "/" + folder);
    workspace.m_settings = nlohmann::json{{"format", "crsw-workspace"},
                                          {"version", kFormatVersion},
                                          {"name", name},
                                          {"description", ""},
                                          {"demo", false},
                                          {"seed", nlohmann::json::object()},
                                          {"benchmarks", nlohmann::json::array()}};
    workspace.save();
    return workspace;
}

Workspace Workspace::open(const std::string &dir)
{
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        throw Error({dir, 0, {}}, "no such workspace folder");
    const std::string file = (fs::path(dir) / kFileName).string();
    if (!fs::exists(file, ec))
        throw Error({file, 0, {}}, "missing: this folder is not a workspace");
    Workspace workspace(fs::absolute(dir).lexically_normal().string());
    try {
        workspace.m_settings = nlohmann::json::parse(readWholeFile(file));
    } catch (const nlohmann::json::parse_error &e) {
        throw Error({file, 0, {}}, std::string("invalid JSON: ") + e.what());
    }
    workspace.validate();
    // Folders a user deleted by hand come back empty rather than failing later.
    for (const char *folder : kFolders)
        makeDirectories(workspace.m_root + "/" + folder);
    return workspace;
}

void Workspace::validate() const
{
    const std::string file = m_root + "/" + kFileName;
    if (!m_settings.is_object())
        throw Error({file, 0, {}}, "expected a JSON object");
    const auto expectType = [&](const char *key, nlohmann::json::value_t type, const char *what) {
        const auto it = m_settings.find(key);
        if (it != m_settings.end() && it->type() != type)
            throw Error({file, 0, key}, std::string("expected ") + what + ", got " + it->type_name());
    };
    const auto version = m_settings.find("version");
    if (version == m_settings.end() || !version->is_number_integer())
        throw Error({file, 0, "version"}, "missing or not an integer");
    if (version->get<int>() > kFormatVersion)
        throw Error({file, 0, "version"}, "workspace format " + std::to_string(version->get<int>())
                                              + " is newer than this program reads (" + std::to_string(kFormatVersion) + ")");
    expectType("name", nlohmann::json::value_t::string, "a string");
    expectType("description", nlohmann::json::value_t::string, "a string");
    expectType("demo", nlohmann::json::value_t::boolean, "true or false");
    expectType("seed", nlohmann::json::value_t::object, "an object");
    expectType("benchmarks", nlohmann::json::value_t::array, "an array");
    if (const auto list = m_settings.find("benchmarks"); list != m_settings.end()) {
        for (std::size_t i = 0; i < list->size(); ++i) {
            const auto &entry = (*list)[i];
            const std::string where = "benchmarks[" + std::to_string(i) + "]";
            if (!entry.is_object())
                throw Error({file, 0, where}, "expected an object");
            for (const char *key : {"name", "test", "entities"})
                if (!entry.contains(key) || !entry[key].is_string())
                    throw Error({file, 0, where + "." + key}, "missing or not a string");
        }
    }
}

std::string Workspace::name() const { return stringField(m_settings, "name"); }
std::string Workspace::description() const { return stringField(m_settings, "description"); }
void Workspace::setDescription(const std::string &text) { m_settings["description"] = text; }
bool Workspace::isDemo() const { return m_settings.value("demo", false); }
void Workspace::setDemo(bool demo) { m_settings["demo"] = demo; }

std::string Workspace::resolve(const std::string &path) const
{
    if (path.empty() || fs::path(path).is_absolute())
        return path;
    return m_root + "/" + path;
}

SeedCorpusEntry Workspace::seedCorpus() const
{
    const auto seed = m_settings.value("seed", nlohmann::json::object());
    return {stringField(seed, "reviews"), stringField(seed, "metadata")};
}

void Workspace::setSeedCorpus(const SeedCorpusEntry &seed)
{
    m_settings["seed"]["reviews"] = seed.reviews;
    m_settings["seed"]["metadata"] = seed.metadata;
}

std::vector<BenchmarkEntry> Workspace::benchmarks() const
{
    std::vector<BenchmarkEntry> out;
    for (const auto &entry : m_settings.value("benchmarks", nlohmann::json::array()))
        out.push_back({stringField(entry, "name"), stringField(entry, "test"), stringField(entry, "entities"),
                       stringField(entry, "item_ids")});
    return out;
}

void Workspace::setBenchmark(const BenchmarkEntry &benchmark)
{
    nlohmann::json entry{{"name", benchmark.name},
                         {"test", benchmark.testSet},
                         {"entities", benchmark.entities},
                         {"item_ids", benchmark.itemIds}};
    auto &list = m_settings["benchmarks"];
    for (auto &existing : list) {
        if (stringField(existing, "name") == benchmark.name) {
            existing = entry;
            return;
        }
    }
    list.push_back(entry);
}

void Workspace::save() const
{
    writeFileAtomically(m_root + "/" + kFileName, m_settings.dump(2) + "\n");
}

} // namespace crsw
