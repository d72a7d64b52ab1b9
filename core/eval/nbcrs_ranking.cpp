#include "eval/nbcrs_ranking.h"

#include <algorithm>
#include <unordered_map>

namespace crsw {

std::vector<RankedItem> rankNeighbourItems(const Neighbour *neighbours, std::size_t count,
                                           const std::vector<NbcrsExample> &examples, std::size_t top,
                                           std::vector<std::uint32_t> *scratch)
{
    std::vector<RankedItem> items;
    std::unordered_map<std::uint32_t, std::uint32_t> map;
    if (!scratch)
        map.reserve(count * 8);
    // The slot of an item in `items`: the caller's flat table (one load per
    // item, the fast path for many queries) or a small hash map.
    const auto slotOf = [&](std::uint32_t item) -> std::uint32_t & {
        return scratch ? (*scratch)[item] : map.emplace(item, kNoSlot).first->second;
    };
    std::uint32_t walk = 0;
    for (std::size_t n = 0; n < count; ++n) {
        const double weight = std::max(0.0f, neighbours[n].similarity);
        for (std::uint32_t item : examples[neighbours[n].row].items) {
            std::uint32_t &slot = slotOf(item);
            if (slot == kNoSlot) {
                slot = std::uint32_t(items.size());
                items.push_back(RankedItem{item, 0.0, 0, walk});
            }
            RankedItem &entry = items[slot];
            entry.score += weight;
            ++entry.neighbours;
            ++walk;
        }
    }
    if (scratch)
        for (const RankedItem &entry : items)
            (*scratch)[entry.item] = kNoSlot;
    const auto before = [](const RankedItem &a, const RankedItem &b) {
        if (a.score != b.score)
            return a.score > b.score;
        if (a.neighbours != b.neighbours)
            return a.neighbours > b.neighbours;
        return a.firstSeen < b.firstSeen;
    };
    const std::size_t keep = std::min(top, items.size());
    std::partial_sort(items.begin(), items.begin() + std::ptrdiff_t(keep), items.end(), before);
    items.resize(keep);
    return items;
}

} // namespace crsw
