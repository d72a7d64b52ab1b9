#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace crsw {

/// The Popularity baseline (METHOD.md §7): the same most-frequent items for
/// every conversation. Counts come from the seed corpus (reviews per item) or
/// from training conversations (how often an item is the ground truth).
class PopularityBaseline {
public:
    /// (title, count) pairs; titles may repeat (their counts add up).
    explicit PopularityBaseline(const std::vector<std::pair<std::string, std::size_t>> &counts);

    /// The `top` most frequent titles; ties broken by title, so the list is deterministic.
    std::vector<std::string> ranked(std::size_t top = 20) const;

    /// The answer text a recommender would give: "1. Title\n2. Title\n...".
    std::string answerText(std::size_t top = 20) const;

    std::size_t distinctTitles() const { return m_ranked.size(); }

private:
    std::vector<std::pair<std::string, std::size_t>> m_ranked; // by count desc, then title
};

} // namespace crsw
