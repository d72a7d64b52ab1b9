#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace crsw {

/// Parses the teacher's answer to prompt 1 into queries, robustly: code
/// fences are looked inside; a JSON array of strings (or of objects with a
/// "query" or "request" string) is taken from the first '[' to the last ']'
/// with prose around it ignored; otherwise the lines of a numbered ("1.",
/// "2)") or bulleted ("-", "*", "•") list are taken. Each query is trimmed and
/// unquoted; empty and repeated ones are dropped. Junk gives an empty list.
std::vector<std::string> parseQueryList(std::string_view answer);

} // namespace crsw
