#include "data/benchmark/entity_catalog.h"

#include "common/atomic_file.h"
#include "common/error.h"
#include "common/python_text.h"
#include "data/benchmark/json_fields.h"

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>
#include <unordered_map>

namespace crsw {

namespace {

// Parses a whole (small) JSON file, refusing invalid UTF-8 with its offset.
nlohmann::json parseFile(const std::string &path)
{
    const std::string text = readWholeFile(path);
    const std::size_t bad = jsonfields::invalidUtf8Offset(text);
    if (bad != std::string::npos)
        throw Error({path, 0, {}}, jsonfields::invalidUtf8Reason(text, bad));
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error &e) {
        throw Error({path, 0, {}}, jsonfields::parseErrorReason(e));
    } catch (const nlohmann::json::exception &e) {
        throw Error({path, 0, {}}, jsonfields::otherErrorReason(e));
    }
}

// The id of an entity2id.json value; Python wrote ints, so a float is refused.
std::int64_t idValue(const nlohmann::json &value, const std::string &path, const std::string &field)
{
    if (value.is_number_unsigned() && value.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        throw Error({path, 0, field}, "id out of range");
    if (!value.is_number_integer())
        throw Error({path, 0, field}, "expected an integer id, got " + jsonfields::typeName(value.type()));
    return value.get<std::int64_t>();
}

// re.sub(r"\([^()]*\)", "", text): one left-to-right pass removing "(...)"
// groups that contain no parenthesis, so only the innermost level of nested
// groups goes ("A (B (C)) D" -> "A (B ) D"), as in He et al.'s code.
std::string removeInnermostGroups(const std::string &text)
{
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] != '(') {
            out += text[i++];
            continue;
        }
        const std::size_t j = text.find_first_of("()", i + 1);
        if (j != std::string::npos && text[j] == ')') {
            i = j + 1; // a match: drop "(...)"
        } else {
            // No match starting here; the regex retries at the next '(' (or finds none).
            const std::size_t stop = j == std::string::npos ? text.size() : j;
            out.append(text, i, stop - i);
            i = stop;
        }
    }
    return out;
}

} // namespace

std::string EntityCatalog::nameFromUri(std::string_view uri)
{
    const std::size_t slash = uri.rfind('/');
    std::string text(slash == std::string_view::npos ? uri : uri.substr(slash + 1));
    for (char &c : text)
        if (c == '_' || c == '-' || c == '>')
            c = ' ';
    text = removeInnermostGroups(text);
    // Python's \s and strip() include Unicode spaces (NBSP, U+3000, ...), not only ASCII.
    return pytext::encodeUtf8(pytext::collapseSpaces(pytext::decodeUtf8(text)));
}

EntityCatalog EntityCatalog::readEntity2Id(const std::string &path)
{
    const nlohmann::json root = parseFile(path);
    if (!root.is_object())
        throw Error({path, 0, {}}, "expected a JSON object mapping URIs to ids, got " + jsonfields::typeName(root.type()));
    std::vector<std::pair<std::string, std::int64_t>> pairs;
    pairs.reserve(root.size());
    for (const auto &[uri, value] : root.items())
        pairs.emplace_back(uri, idValue(value, path, uri));
    try {
        return fromPairs(pairs);
    } catch (const Error &e) {
        throw Error({path, 0, e.where().field}, e.reason());
    }
}

EntityCatalog EntityCatalog::fromPairs(const std::vector<std::pair<std::string, std::int64_t>> &uriToId)
{
    EntityCatalog catalog;
    catalog.m_entities.reserve(uriToId.size());
    std::unordered_map<std::string, std::int64_t> seenUris;
    for (const auto &[uri, id] : uriToId) {
        if (!seenUris.emplace(uri, id).second)
            throw Error({{}, 0, uri}, "duplicated URI");
        catalog.m_entities.push_back({uri, id, nameFromUri(uri)});
    }
    std::sort(catalog.m_entities.begin(), catalog.m_entities.end(),
              [](const Entity &a, const Entity &b) { return a.id < b.id; });
    for (std::size_t i = 0; i < catalog.m_entities.size(); ++i) {
        const Entity &e = catalog.m_entities[i];
        // Two URIs with one id would make id -> name ambiguous for the evaluation.
        if (i > 0 && catalog.m_entities[i - 1].id == e.id)
            throw Error({{}, 0, e.uri}, "duplicated id " + std::to_string(e.id) + " (also " + catalog.m_entities[i - 1].uri + ")");
        catalog.m_byId.emplace(e.id, i);
    }
    return catalog;
}

void EntityCatalog::readItemIds(const std::string &path)
{
    const nlohmann::json root = parseFile(path);
    if (!root.is_array())
        throw Error({path, 0, {}}, "expected a JSON array of ids, got " + jsonfields::typeName(root.type()));
    std::vector<std::int64_t> ids;
    ids.reserve(root.size());
    for (std::size_t i = 0; i < root.size(); ++i)
        ids.push_back(idValue(root[i], path, "[" + std::to_string(i) + "]"));
    try {
        setItemIds(ids);
    } catch (const Error &e) {
        throw Error({path, 0, e.where().field}, e.reason());
    }
}

void EntityCatalog::setItemIds(const std::vector<std::int64_t> &ids)
{
    std::unordered_set<std::int64_t> items;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (!contains(ids[i]))
            throw Error({{}, 0, "[" + std::to_string(i) + "]"}, "id " + std::to_string(ids[i]) + " is not in the entity catalog");
        items.insert(ids[i]);
    }
    m_itemIds = std::move(items);
}

bool EntityCatalog::contains(std::int64_t id) const
{
    return m_byId.count(id) > 0;
}

const EntityCatalog::Entity *EntityCatalog::find(std::int64_t id) const
{
    const auto it = m_byId.find(id);
    return it == m_byId.end() ? nullptr : &m_entities[it->second];
}

const std::string &EntityCatalog::name(std::int64_t id) const
{
    const Entity *e = find(id);
    if (!e)
        throw Error("unknown entity id " + std::to_string(id));
    return e->name;
}

std::vector<std::pair<std::string, std::int64_t>> EntityCatalog::distinctNames() const
{
    std::vector<std::pair<std::string, std::int64_t>> names;
    std::unordered_set<std::string> seen;
    // m_entities is in ascending id order, so the first id met per name is its lowest.
    for (const Entity &e : m_entities)
        if (seen.insert(e.name).second)
            names.emplace_back(e.name, e.id);
    return names;
}

} // namespace crsw
