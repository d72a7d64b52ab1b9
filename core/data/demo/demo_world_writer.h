#pragma once

#include "data/demo/demo_world.h"
#include "data/demo/demo_world_model.h"

#include <string>

namespace crsw {

/// Serialises a generated demo world into the real formats: Amazon Reviews'23
/// reviews and metadata (METHOD.md §1), He et al. test.jsonl, entity2id.json
/// and item_ids.json (§6), the users' hidden tastes, and DEMO.md.
/// Objects keep the field order of the real files; all text is ASCII.
class DemoWorldWriter {
public:
    /// The label every film carries in `main_category`.
    static const char *const kMainCategory;
    /// The label every film carries in `store`.
    static const char *const kStore;

    explicit DemoWorldWriter(const DemoWorld &world);

    /// meta.jsonl: one Amazon Reviews'23 metadata object a line, in item order.
    std::string metadataLines() const;
    /// reviews.jsonl: one Amazon Reviews'23 review object a line.
    std::string reviewLines() const;
    /// users.jsonl: each user's hidden taste and test dialog ids.
    std::string userLines() const;
    /// test.jsonl in He et al.'s field order.
    std::string testLines() const;
    /// entity2id.json: one object, URIs in id order.
    std::string entity2IdJson() const;
    /// item_ids.json: the film ids, ascending.
    std::string itemIdsJson() const;
    /// DEMO.md, with the summary's figures.
    std::string readme(const DemoWorldSummary &summary) const;

    /// Writes every file (gzip where the path says .gz), creating folders.
    void writeAll(const DemoWorldPaths &paths, const DemoWorldSummary &summary) const;

private:
    std::string synopsis(const DemoItem &item) const;

    const DemoWorld &m_world;
};

} // namespace crsw
