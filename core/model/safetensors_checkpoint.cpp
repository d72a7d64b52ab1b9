#include "model/safetensors_checkpoint.h"

#include "common/atomic_file.h"
#include "common/error.h"

#include <nlohmann/json.hpp>

#include <sys/stat.h>

namespace crsw {

namespace {

bool isDirectory(const std::string &path)
{
    struct stat st{};
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool isFile(const std::string &path)
{
    struct stat st{};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

bool endsWith(const std::string &text, const std::string &suffix)
{
    return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string folderOf(const std::string &path)
{
    const std::size_t slash = path.rfind('/');
    return slash == std::string::npos ? std::string(".") : path.substr(0, slash);
}

} // namespace

SafetensorsCheckpoint SafetensorsCheckpoint::open(const std::string &path)
{
    SafetensorsCheckpoint checkpoint;
    checkpoint.m_source = path;
    std::string single;
    if (isDirectory(path)) {
        if (isFile(path + "/model.safetensors.index.json"))
            checkpoint.m_indexPath = path + "/model.safetensors.index.json";
        else if (isFile(path + "/model.safetensors"))
            single = path + "/model.safetensors";
        else
            throw Error({path, 0, {}}, "no model.safetensors or model.safetensors.index.json in this folder");
    } else if (endsWith(path, ".json")) {
        checkpoint.m_indexPath = path;
    } else {
        single = path;
    }

    if (!single.empty()) {
        checkpoint.m_files.push_back(std::make_unique<SafetensorsFile>(SafetensorsFile::open(single)));
        for (const std::string &name : checkpoint.m_files.back()->names())
            checkpoint.m_owner[name] = checkpoint.m_files.back().get();
        return checkpoint;
    }

    const std::string &index = checkpoint.m_indexPath;
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(readWholeFile(index));
    } catch (const nlohmann::json::exception &e) {
        throw Error({index, 0, {}}, std::string("not valid JSON: ") + e.what());
    }
    const auto weightMap = json.find("weight_map");
    if (!json.is_object() || weightMap == json.end() || !weightMap->is_object())
        throw Error({index, 0, "weight_map"}, "missing or not an object");

    std::map<std::string, const SafetensorsFile *> shards;
    for (const auto &[tensor, shard] : weightMap->items()) {
        if (!shard.is_string())
            throw Error({index, 0, "weight_map." + tensor}, "expected a shard file name, got " + shard.dump());
        shards.emplace(shard.get<std::string>(), nullptr);
    }
    const std::string folder = folderOf(index);
    for (auto &[shard, file] : shards) {
        if (shard.find('/') != std::string::npos)
            throw Error({index, 0, "weight_map"}, "shard '" + shard + "' must be a file name beside the index");
        checkpoint.m_files.push_back(std::make_unique<SafetensorsFile>(SafetensorsFile::open(folder + "/" + shard)));
        file = checkpoint.m_files.back().get();
    }
    for (const auto &[tensor, shard] : weightMap->items()) {
        const SafetensorsFile *file = shards.at(shard.get<std::string>());
        if (!file->contains(tensor))
            throw Error({index, 0, "weight_map." + tensor},
                        "tensor not found in its shard " + shard.get<std::string>());
        checkpoint.m_owner[tensor] = file;
    }
    return checkpoint;
}

std::vector<std::string> SafetensorsCheckpoint::names() const
{
    std::vector<std::string> names;
    names.reserve(m_owner.size());
    for (const auto &entry : m_owner)
        names.push_back(entry.first);
    return names;
}

bool SafetensorsCheckpoint::contains(const std::string &name) const { return m_owner.count(name) != 0; }

const TensorView &SafetensorsCheckpoint::tensor(const std::string &name) const
{
    const auto found = m_owner.find(name);
    if (found == m_owner.end())
        throw Error({m_indexPath.empty() ? m_source : m_indexPath, 0, name}, "no such tensor in the checkpoint");
    return found->second->tensor(name);
}

} // namespace crsw
