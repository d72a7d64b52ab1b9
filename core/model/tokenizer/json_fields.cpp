#include "model/tokenizer/json_fields.h"

namespace crsw::tokenizer_json {

std::string stringField(const nlohmann::json &object, const char *key, const Context &where)
{
    const auto found = object.find(key);
    if (found == object.end() || !found->is_string())
        where.child(key).fail(found == object.end() ? "missing" : "expected a string, got " + found->dump());
    return found->get<std::string>();
}

bool boolField(const nlohmann::json &object, const char *key, bool fallback, const Context &where)
{
    const auto found = object.find(key);
    if (found == object.end() || found->is_null())
        return fallback;
    if (!found->is_boolean())
        where.child(key).fail("expected true or false, got " + found->dump());
    return found->get<bool>();
}

std::string typeOf(const nlohmann::json &object, const Context &where)
{
    if (!object.is_object())
        where.fail("expected an object, got " + object.dump());
    return stringField(object, "type", where);
}

std::string patternField(const nlohmann::json &object, const char *key, bool &isRegex, const Context &where)
{
    const Context at = where.child(key);
    const auto found = object.find(key);
    if (found == object.end() || !found->is_object())
        at.fail("expected {\"String\": ...} or {\"Regex\": ...}");
    if (found->contains("Regex")) {
        isRegex = true;
        return stringField(*found, "Regex", at);
    }
    isRegex = false;
    return stringField(*found, "String", at);
}

} // namespace crsw::tokenizer_json
