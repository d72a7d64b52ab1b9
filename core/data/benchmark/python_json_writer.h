#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace crsw::pyjson {

// Writers that produce exactly the bytes of Python's json.dumps with its
// default settings (ensure_ascii=True, separators ", " and ": "), so a file
// we write is byte-identical to the one He et al.'s Python code wrote.

/// Appends `utf8` as a JSON string literal: non-ASCII as \uXXXX (lower-case
/// hex, surrogate pairs past U+FFFF), DEL and control characters escaped.
/// Throws crsw::Error naming `field` when `utf8` is not well-formed UTF-8.
void appendString(std::string &out, std::string_view utf8, const std::string &field);
/// Appends ["a", "b"].
void appendStringArray(std::string &out, const std::vector<std::string> &values, const std::string &field);
/// Appends [1, 2].
void appendIntArray(std::string &out, const std::vector<std::int64_t> &values);

} // namespace crsw::pyjson
