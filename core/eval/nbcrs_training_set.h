#pragma once

#include "common/error.h"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace crsw {

/// One training conversation of NBCRS: the context text a sentence encoder
/// embeds and the items attached to it (its ground truth).
struct NbcrsExample {
    std::string context;
    std::vector<std::uint32_t> items; ///< indices into NbcrsTrainingSet::itemNames(), in rank order, no repeats
    SourceLocation where;             ///< where it was read (file, line), for error messages
};

/// The training side of NBCRS (METHOD.md §7): conversation contexts with
/// their items, and the item table (a stable key per item, a display name
/// the answers print). Built by whatever reads the training data (synthetic
/// records, He-format conversations); core/eval knows no file format.
class NbcrsTrainingSet {
public:
    /// `source` names the training data in error messages (usually its path).
    explicit NbcrsTrainingSet(std::string source = {});

    /// The index of the item with this key, added with `name` on first sight
    /// (a later name for the same key is ignored, so the first spelling wins).
    std::uint32_t item(const std::string &key, const std::string &name);
    /// Adds one conversation. Repeated items are kept once, at their first position.
    void add(std::string context, const std::vector<std::uint32_t> &items, SourceLocation where);

    /// The examples at `rows` (in that order) with the whole item table, so
    /// item indices keep their meaning (the tuning's split).
    NbcrsTrainingSet subset(const std::vector<std::size_t> &rows) const;

    const std::string &source() const { return m_source; }
    const std::vector<NbcrsExample> &examples() const { return m_examples; }
    const std::vector<std::string> &itemNames() const { return m_itemNames; }
    std::size_t size() const { return m_examples.size(); }
    bool empty() const { return m_examples.empty(); }

    /// Throws crsw::Error when the set cannot train NBCRS: no conversations
    /// (naming the source), or a conversation without items or with an item
    /// index out of range (naming its file, line and field "ground_truth").
    void validate() const;

private:
    std::string m_source;
    std::vector<NbcrsExample> m_examples;
    std::vector<std::string> m_itemNames;
    std::unordered_map<std::string, std::uint32_t> m_itemByKey;
};

} // namespace crsw
