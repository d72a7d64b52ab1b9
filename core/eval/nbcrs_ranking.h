#pragma once

#include "eval/nbcrs_neighbours.h"
#include "eval/nbcrs_training_set.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace crsw {

/// One item of an NBCRS ranking with the evidence for its place.
struct RankedItem {
    std::uint32_t item = 0;      ///< index into the training set's item table
    double score = 0;            ///< similarity-weighted count: sum of max(similarity, 0) over the neighbours holding it
    std::uint32_t neighbours = 0;///< how many of the neighbours hold it (the plain count)
    std::uint32_t firstSeen = 0; ///< its position in the walk over neighbours (most similar first) and their items
};

/// Ranks the items attached to `count` neighbours (most similar first, as
/// nearestByInnerProduct returns them) by similarity-weighted count and keeps
/// the first `top` (NBCRS, Xie et al. 2024).
///
/// score(item) = sum over the neighbours holding it of max(similarity, 0),
/// added in neighbour order (so the sum is the same bits every time). A
/// negative cosine adds nothing rather than pushing an item below items no
/// neighbour holds. Ties, in order: the higher plain count, then the item met
/// first when walking the neighbours from the most similar and each
/// neighbour's items in its ground-truth order. That walk gives every item a
/// distinct position, so the ranking is total and deterministic; it favours
/// the item the closest conversation ranked highest.
///
/// `scratch`, when given, must hold one entry per item of the training set,
/// all kNoSlot; it is used instead of a hash map and left as it was found
/// (for callers ranking many queries on one thread).
std::vector<RankedItem> rankNeighbourItems(const Neighbour *neighbours, std::size_t count,
                                           const std::vector<NbcrsExample> &examples, std::size_t top,
                                           std::vector<std::uint32_t> *scratch = nullptr);

/// The value of an unused entry of rankNeighbourItems()'s scratch.
constexpr std::uint32_t kNoSlot = 0xffffffffu;

} // namespace crsw
