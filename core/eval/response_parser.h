#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace crsw {

/// He et al. 2023's parse of a recommender's answer (METHOD.md §6.1), exactly:
/// split once at the first "1." and keep what follows (else turn every comma
/// into a line break); split at '\n'; per line: strip, remove "(...)" groups,
/// collapse whitespace, strip a leading list number
/// (`^(?:\d+[\.\)、]?\s*[\-\—\–]?\s*)?`). Empty lines are kept: the reference
/// code scores them like any other prediction. Python's Unicode notions of
/// whitespace and digits apply.
std::vector<std::string> parseRecommendations(std::string_view answer);

/// The per-line part of the parse: strip, drop "(...)", collapse spaces, drop the list number.
std::string cleanRecommendationLine(std::string_view line);

/// re.sub(r"\([^()]*\)", "", text): one left-to-right pass removing innermost groups.
std::u32string removeParenthesized(std::u32string_view text);

} // namespace crsw
