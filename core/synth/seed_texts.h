#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace crsw {

class SeedCorpus;

/// The seed material of prompt 1 as text (METHOD.md §4.1).
namespace seedtexts {

/// The reviews, numbered: "Review 1 (4/5): <title>\n<text>", a blank line between.
std::string reviews(const SeedCorpus &corpus, const std::vector<std::uint32_t> &rows);
/// An item's metadata: title, categories, description and features, a line each.
std::string metadata(const SeedCorpus &corpus, std::uint32_t item);
/// A stable id of a review (Amazon reviews have none): "<user_id>/<asin>/<timestamp>".
std::string reviewId(const SeedCorpus &corpus, std::uint32_t row);

} // namespace seedtexts

} // namespace crsw
