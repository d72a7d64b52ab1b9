#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace crsw {

/// A Python dict of str keys and int values, in insertion order.
using PythonStrIntDict = std::vector<std::pair<std::string, std::int64_t>>;

/// Parses a Python dict literal with string keys and integer values, as
/// Python's repr() writes it ("{'Hustlers (2019)': 0, \"Ender's Game\": 1}").
/// Keys may use either quote style and Python's escapes (\\ \' \" \n \t \xhh
/// \uXXXX \UXXXXXXXX, octal, ...) and adjacent literals concatenate; values are
/// decimal integers. Whitespace and a trailing comma are allowed; a repeated
/// key keeps its first position and its last value, as in Python.
/// Throws crsw::Error whose reason is "invalid dict literal: <what> at offset N"
/// (N a 0-based byte offset).
PythonStrIntDict parsePythonStrIntDict(std::string_view text);

} // namespace crsw
