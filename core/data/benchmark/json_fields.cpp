#include "data/benchmark/json_fields.h"

#include <cstdio>
#include <limits>

namespace crsw::jsonfields {

namespace {

// nlohmann's messages quote the token it stopped at ("last read: '...'"); in a
// 10 MB line that token can be megabytes long, so reasons are cut to this size.
constexpr std::size_t kMaxDetail = 160;

std::string cutUtf8(const std::string &text, std::size_t maxBytes)
{
    if (text.size() <= maxBytes)
        return text;
    std::size_t end = maxBytes;
    // Never split a multi-byte sequence: back up to a lead byte.
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
        --end;
    return text.substr(0, end) + "...";
}

} // namespace

std::size_t invalidUtf8Offset(std::string_view text)
{
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        const auto b0 = static_cast<unsigned char>(text[i]);
        if (b0 < 0x80) {
            ++i;
            continue;
        }
        int extra = 0;
        std::uint32_t cp = 0;
        std::uint32_t minimum = 0;
        if ((b0 & 0xE0) == 0xC0) {
            extra = 1; cp = b0 & 0x1Fu; minimum = 0x80;
        } else if ((b0 & 0xF0) == 0xE0) {
            extra = 2; cp = b0 & 0x0Fu; minimum = 0x800;
        } else if ((b0 & 0xF8) == 0xF0) {
            extra = 3; cp = b0 & 0x07u; minimum = 0x10000;
        } else {
            return i;
        }
        for (int k = 1; k <= extra; ++k) {
            if (i + std::size_t(k) >= n || (static_cast<unsigned char>(text[i + std::size_t(k)]) & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (static_cast<unsigned char>(text[i + std::size_t(k)]) & 0x3Fu);
        }
        // Overlong forms, UTF-16 surrogates and values past U+10FFFF are not UTF-8 either.
        if (cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += std::size_t(extra) + 1;
    }
    return std::string_view::npos;
}

std::string invalidUtf8Reason(std::string_view text, std::size_t offset)
{
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02x", static_cast<unsigned>(static_cast<unsigned char>(text[offset])));
    return "invalid UTF-8: byte " + std::string(hex) + " at offset " + std::to_string(offset);
}

Json parseObjectLine(std::string_view line)
{
    const std::size_t bad = invalidUtf8Offset(line);
    if (bad != std::string_view::npos)
        throw FieldProblem{{}, invalidUtf8Reason(line, bad)};
    Json value;
    try {
        value = Json::parse(line.begin(), line.end());
    } catch (const nlohmann::json::parse_error &e) {
        throw FieldProblem{{}, parseErrorReason(e)};
    } catch (const nlohmann::json::exception &e) {
        throw FieldProblem{{}, otherErrorReason(e)};
    }
    if (!value.is_object())
        throw FieldProblem{{}, "expected a JSON object, got " + typeName(value)};
    return value;
}

std::string parseErrorReason(const nlohmann::json::parse_error &error)
{
    // what() is "[json.exception.parse_error.101] parse error at line 1, column 7: <detail>";
    // keep the detail and say where as a byte offset, which also works for whole files.
    std::string detail = error.what();
    const std::size_t colon = detail.find(": ", detail.find("column"));
    if (colon != std::string::npos)
        detail = detail.substr(colon + 2);
    // nlohmann counts bytes from 1; every reason here gives 0-based offsets.
    const std::size_t offset = error.byte > 0 ? error.byte - 1 : 0;
    return "invalid JSON: " + cutUtf8(detail, kMaxDetail) + " (offset " + std::to_string(offset) + ")";
}

std::string otherErrorReason(const nlohmann::json::exception &error)
{
    // Such as out_of_range.406 "number overflow parsing '1e999'": drop the "[json.exception...] " tag.
    std::string detail = error.what();
    const std::size_t tag = detail.find("] ");
    if (detail.rfind("[json.exception.", 0) == 0 && tag != std::string::npos)
        detail = detail.substr(tag + 2);
    return "invalid JSON: " + cutUtf8(detail, kMaxDetail);
}

std::string typeName(nlohmann::json::value_t type)
{
    using Type = nlohmann::json::value_t;
    switch (type) {
    case Type::null: return "null";
    case Type::object: return "an object";
    case Type::array: return "an array";
    case Type::string: return "a string";
    case Type::boolean: return "a boolean";
    case Type::number_integer:
    case Type::number_unsigned: return "an integer";
    case Type::number_float: return "a float";
    default: return "an unsupported value";
    }
}

const Json *member(const Json &object, const char *key, const std::string &field, bool required)
{
    const auto it = object.find(key);
    if (it == object.end()) {
        if (required)
            throw FieldProblem{field, "missing required field"};
        return nullptr;
    }
    return &*it;
}

std::string toString(const Json &value, const std::string &field)
{
    if (!value.is_string())
        throw FieldProblem{field, "expected a string, got " + typeName(value)};
    return value.get<std::string>();
}

std::int64_t toInt(const Json &value, const std::string &field)
{
    if (value.is_number_integer() && !value.is_number_unsigned())
        return value.get<std::int64_t>();
    if (value.is_number_unsigned()) {
        const auto u = value.get<std::uint64_t>();
        if (u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            return static_cast<std::int64_t>(u);
        throw FieldProblem{field, "integer out of range"};
    }
    throw FieldProblem{field, "expected an integer, got " + typeName(value)};
}

std::vector<std::int64_t> toIntArray(const Json &value, const std::string &field)
{
    if (!value.is_array())
        throw FieldProblem{field, "expected an array, got " + typeName(value)};
    std::vector<std::int64_t> out;
    out.reserve(value.size());
    for (std::size_t i = 0; i < value.size(); ++i)
        out.push_back(toInt(value[i], field + "[" + std::to_string(i) + "]"));
    return out;
}

std::vector<std::string> toStringArray(const Json &value, const std::string &field)
{
    if (!value.is_array())
        throw FieldProblem{field, "expected an array, got " + typeName(value)};
    std::vector<std::string> out;
    out.reserve(value.size());
    for (std::size_t i = 0; i < value.size(); ++i)
        out.push_back(toString(value[i], field + "[" + std::to_string(i) + "]"));
    return out;
}

void requireObject(const Json &value, const std::string &field, bool alsoEmptyArray)
{
    if (value.is_object() || (alsoEmptyArray && value.is_array() && value.empty()))
        return;
    throw FieldProblem{field, "expected an object, got " + typeName(value)};
}

} // namespace crsw::jsonfields
