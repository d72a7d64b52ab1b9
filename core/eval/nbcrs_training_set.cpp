#include "eval/nbcrs_training_set.h"

#include <algorithm>

namespace crsw {

NbcrsTrainingSet::NbcrsTrainingSet(std::string source) : m_source(std::move(source)) {}

std::uint32_t NbcrsTrainingSet::item(const std::string &key, const std::string &name)
{
    const auto [it, added] = m_itemByKey.emplace(key, std::uint32_t(m_itemNames.size()));
    if (added)
        m_itemNames.push_back(name);
    return it->second;
}

void NbcrsTrainingSet::add(std::string context, const std::vector<std::uint32_t> &items, SourceLocation where)
{
    NbcrsExample example{std::move(context), {}, std::move(where)};
    // A title listed twice in one answer is one vote, not two.
    for (std::uint32_t item : items)
        if (std::find(example.items.begin(), example.items.end(), item) == example.items.end())
            example.items.push_back(item);
    m_examples.push_back(std::move(example));
}

NbcrsTrainingSet NbcrsTrainingSet::subset(const std::vector<std::size_t> &rows) const
{
    NbcrsTrainingSet part(m_source);
    part.m_itemNames = m_itemNames;
    part.m_itemByKey = m_itemByKey;
    part.m_examples.reserve(rows.size());
    for (std::size_t row : rows)
        part.m_examples.push_back(m_examples.at(row));
    return part;
}

void NbcrsTrainingSet::validate() const
{
    if (m_examples.empty())
        throw Error(SourceLocation{m_source, 0, {}},
                    "the training set is empty: NBCRS needs at least one training conversation with items");
    for (std::size_t i = 0; i < m_examples.size(); ++i) {
        const NbcrsExample &example = m_examples[i];
        SourceLocation where = example.where;
        if (where.file.empty())
            where.file = m_source;
        if (where.field.empty())
            where.field = "ground_truth";
        if (example.items.empty())
            throw Error(where, "training conversation " + std::to_string(i + 1)
                                   + " has no ground-truth items: NBCRS ranks the items attached to neighbours, so "
                                     "every training conversation needs at least one");
        for (std::uint32_t item : example.items)
            if (item >= m_itemNames.size())
                throw Error(where, "item index " + std::to_string(item) + " is out of range (" +
                                       std::to_string(m_itemNames.size()) + " items)");
    }
}

} // namespace crsw
