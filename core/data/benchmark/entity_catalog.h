#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace crsw {

/// The entities of a He et al. benchmark (entity2id.json: DBpedia URI -> id),
/// with the display names the evaluation matches against.
class EntityCatalog {
public:
    struct Entity {
        std::string uri;    ///< "<http://dbpedia.org/resource/Hoffa_(film)>"
        std::int64_t id;
        std::string name;   ///< nameFromUri(uri): "Hoffa"
    };

    /// He et al.'s extract_movie_name: the URI's last '/'-separated segment, with
    /// '_', '-' and '>' turned to spaces, "(...)" groups removed and whitespace
    /// collapsed (Python whitespace semantics).
    static std::string nameFromUri(std::string_view uri);

    /// Reads entity2id.json. Throws crsw::Error naming the file (and the key)
    /// for a missing file, invalid JSON, a non-object, a non-integer id or a
    /// duplicated id.
    static EntityCatalog readEntity2Id(const std::string &path);
    /// Builds a catalog from (uri, id) pairs (same checks as readEntity2Id).
    static EntityCatalog fromPairs(const std::vector<std::pair<std::string, std::int64_t>> &uriToId);

    /// Reads item_ids.json (a JSON array of ids that are movies) and marks
    /// them; ids absent from the catalog are an error naming the file.
    void readItemIds(const std::string &path);
    void setItemIds(const std::vector<std::int64_t> &ids);

    std::size_t size() const { return m_entities.size(); }
    /// Entities in ascending id order.
    const std::vector<Entity> &entities() const { return m_entities; }
    bool contains(std::int64_t id) const;
    /// Name of an entity id; throws crsw::Error for an unknown id.
    const std::string &name(std::int64_t id) const;
    const Entity *find(std::int64_t id) const;
    /// Ids marked as items (movies); empty if no item_ids.json was read.
    const std::unordered_set<std::int64_t> &itemIds() const { return m_itemIds; }
    bool isItem(std::int64_t id) const { return m_itemIds.count(id) > 0; }

    /// The distinct names, each with the lowest id that carries it, in
    /// ascending order of that id (the evaluation's candidate list and its
    /// deterministic tie order).
    std::vector<std::pair<std::string, std::int64_t>> distinctNames() const;

private:
    std::vector<Entity> m_entities;                    // sorted by id
    std::unordered_map<std::int64_t, std::size_t> m_byId;
    std::unordered_set<std::int64_t> m_itemIds;
};

} // namespace crsw
