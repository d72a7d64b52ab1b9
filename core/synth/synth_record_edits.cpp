#include "synth/synth_record_edits.h"

#include "common/atomic_file.h"
#include "common/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>

namespace crsw {

namespace {

std::set<std::string> readKeys(const nlohmann::json &json, const char *field, const std::string &path)
{
    std::set<std::string> keys;
    if (!json.contains(field))
        return keys;
    const nlohmann::json &list = json.at(field);
    if (!list.is_array())
        throw Error({path, 0, field}, "must be an array of record keys");
    for (std::size_t i = 0; i < list.size(); ++i) {
        if (!list[i].is_string())
            throw Error({path, 0, std::string(field) + "[" + std::to_string(i) + "]"}, "must be a string");
        keys.insert(list[i].get<std::string>());
    }
    return keys;
}

} // namespace

std::string SynthRecordEdits::sidecarPath(const std::string &outPath)
{
    return outPath + ".edits.json";
}

SynthRecordEdits SynthRecordEdits::load(const std::string &outPath)
{
    const std::string path = sidecarPath(outPath);
    SynthRecordEdits edits;
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        return edits;
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(readWholeFile(path));
    } catch (const nlohmann::json::exception &e) {
        throw Error({path, 0, {}}, std::string("not JSON: ") + e.what());
    }
    if (!json.is_object())
        throw Error({path, 0, {}}, "must be a JSON object");
    if (json.value("format", std::string()) != kFormat)
        throw Error({path, 0, "format"}, std::string("must be \"") + kFormat + "\"");
    edits.m_flagged = readKeys(json, "flagged", path);
    edits.m_deleted = readKeys(json, "deleted", path);
    return edits;
}

void SynthRecordEdits::save(const std::string &outPath) const
{
    nlohmann::ordered_json json;
    json["format"] = kFormat;
    json["version"] = kVersion;
    // Sorted (std::set), so the file diffs well and reads the same each time.
    json["flagged"] = m_flagged;
    json["deleted"] = m_deleted;
    writeFileAtomically(sidecarPath(outPath), json.dump(2) + "\n");
}

void SynthRecordEdits::setFlagged(const std::string &key, bool flagged)
{
    if (flagged)
        m_flagged.insert(key);
    else
        m_flagged.erase(key);
}

void SynthRecordEdits::setDeleted(const std::string &key, bool deleted)
{
    if (deleted)
        m_deleted.insert(key);
    else
        m_deleted.erase(key);
}

std::vector<SynthRecord> SynthRecordEdits::withoutDeleted(std::vector<SynthRecord> records) const
{
    if (m_deleted.empty())
        return records;
    records.erase(std::remove_if(records.begin(), records.end(),
                                 [this](const SynthRecord &record) { return isDeleted(record.key); }),
                  records.end());
    return records;
}

} // namespace crsw
