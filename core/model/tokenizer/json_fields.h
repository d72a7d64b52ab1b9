#pragma once

#include "common/error.h"

#include <nlohmann/json.hpp>

#include <string>

namespace crsw::tokenizer_json {

/// Where in tokenizer.json a component sits, for error messages
/// ("tokenizer.json: pre_tokenizer.pretokenizers[0].pattern: ...").
struct Context {
    std::string source;
    std::string path;

    Context child(const std::string &key) const { return {source, path.empty() ? key : path + "." + key}; }
    Context index(std::size_t i) const { return {source, path + "[" + std::to_string(i) + "]"}; }
    [[noreturn]] void fail(const std::string &reason) const { throw Error({source, 0, path}, reason); }
};

/// object[key] as a string (required).
std::string stringField(const nlohmann::json &object, const char *key, const Context &where);
/// object[key] as a bool, `fallback` when absent or null.
bool boolField(const nlohmann::json &object, const char *key, bool fallback, const Context &where);
/// The "type" of a component object.
std::string typeOf(const nlohmann::json &object, const Context &where);
/// A {"String": s} or {"Regex": r} pattern: sets `isRegex` and returns its text.
std::string patternField(const nlohmann::json &object, const char *key, bool &isRegex, const Context &where);

} // namespace crsw::tokenizer_json
