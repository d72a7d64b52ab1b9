#include "data/benchmark/python_json_writer.h"

#include "common/error.h"
#include "common/python_text.h"

namespace crsw::pyjson {

namespace {

void appendU16(std::string &out, unsigned unit)
{
    // CPython's c_encode_basestring_ascii writes lower-case hex digits.
    static const char kHex[] = "0123456789abcdef";
    out += "\\u";
    out += kHex[(unit >> 12) & 0xF];
    out += kHex[(unit >> 8) & 0xF];
    out += kHex[(unit >> 4) & 0xF];
    out += kHex[unit & 0xF];
}

} // namespace

void appendString(std::string &out, std::string_view utf8, const std::string &field)
{
    // Validate first: decodeUtf8 would silently turn bad bytes into U+FFFD.
    if (!pytext::isValidUtf8(utf8))
        throw Error({{}, 0, field}, "invalid UTF-8, cannot write");
    out += '"';
    for (char32_t c : pytext::decodeUtf8(utf8)) {
        switch (c) {
        case U'"': out += "\\\""; continue;
        case U'\\': out += "\\\\"; continue;
        case U'\b': out += "\\b"; continue;
        case U'\f': out += "\\f"; continue;
        case U'\n': out += "\\n"; continue;
        case U'\r': out += "\\r"; continue;
        case U'\t': out += "\\t"; continue;
        default: break;
        }
        if (c >= 0x20 && c <= 0x7E) {
            out += static_cast<char>(c);
        } else if (c < 0x10000) {
            appendU16(out, static_cast<unsigned>(c));
        } else {
            const char32_t v = c - 0x10000;
            appendU16(out, 0xD800u + static_cast<unsigned>(v >> 10));
            appendU16(out, 0xDC00u + static_cast<unsigned>(v & 0x3FF));
        }
    }
    out += '"';
}

void appendStringArray(std::string &out, const std::vector<std::string> &values, const std::string &field)
{
    out += '[';
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i)
            out += ", ";
        appendString(out, values[i], field + "[" + std::to_string(i) + "]");
    }
    out += ']';
}

void appendIntArray(std::string &out, const std::vector<std::int64_t> &values)
{
    out += '[';
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i)
            out += ", ";
        out += std::to_string(values[i]);
    }
    out += ']';
}

} // namespace crsw::pyjson
