#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace crsw::jsonfields {

// Typed access to the fields of one JSON line, for the benchmark readers.
// Every accessor either returns the value or throws FieldProblem with the
// field path ("messages[3].text") and a short reason whose head (the text up
// to the first ':') is stable, so LoadReport's per-reason counts stay readable.

using Json = nlohmann::ordered_json;

/// Why one line was rejected; the reader turns it into an InputProblem.
struct FieldProblem {
    std::string field;   ///< empty when the whole line is bad
    std::string reason;
};

/// Offset of the first byte that is not well-formed UTF-8, or npos.
std::size_t invalidUtf8Offset(std::string_view text);
/// "invalid UTF-8: byte 0xff at offset 37" (0-based) for a text known to be invalid.
std::string invalidUtf8Reason(std::string_view text, std::size_t offset);

/// Parses one line: throws FieldProblem for invalid UTF-8, invalid JSON
/// (with nlohmann's reason, cut to a readable length) or a non-object.
Json parseObjectLine(std::string_view line);

/// "a string", "an integer", "an array", "null", ... for messages.
std::string typeName(nlohmann::json::value_t type);
inline std::string typeName(const Json &value) { return typeName(value.type()); }

/// "invalid JSON: <nlohmann's detail, cut to a readable length> (offset N)",
/// N the 0-based byte offset where parsing stopped.
std::string parseErrorReason(const nlohmann::json::parse_error &error);
/// "invalid JSON: <detail>" for nlohmann's other parse-time errors (number overflow).
std::string otherErrorReason(const nlohmann::json::exception &error);

/// The member `key` of an object, or nullptr when absent and not required;
/// throws "missing required field" when absent and required.
const Json *member(const Json &object, const char *key, const std::string &field, bool required);

std::string toString(const Json &value, const std::string &field);
/// An integer that fits in int64 (a float such as 1.0 is refused: the files are written by Python).
std::int64_t toInt(const Json &value, const std::string &field);
std::vector<std::int64_t> toIntArray(const Json &value, const std::string &field);
std::vector<std::string> toStringArray(const Json &value, const std::string &field);
/// Throws unless value is an object; `alsoEmptyArray` accepts [] as an empty
/// object (the original ReDial files write empty dicts that way).
void requireObject(const Json &value, const std::string &field, bool alsoEmptyArray = false);

} // namespace crsw::jsonfields
