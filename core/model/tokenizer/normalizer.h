#pragma once

#include "model/tokenizer/json_fields.h"

#include <memory>
#include <string>

namespace crsw {

/// A tokenizer.json "normalizer": rewrites text before pre-tokenization.
/// Supported types: Replace (String or Regex), Prepend, Sequence, and NFC
/// accepted as the identity (text is assumed to be NFC already).
class Normalizer {
public:
    virtual ~Normalizer() = default;
    /// The normalized form of `text` (valid UTF-8).
    virtual std::string normalize(std::string text) const = 0;

    /// Builds the normalizer described by `json` (not null); throws crsw::Error
    /// naming the file and the key for unsupported types or bad fields.
    static std::unique_ptr<Normalizer> fromJson(const nlohmann::json &json, const tokenizer_json::Context &where);
};

/// Replaces every occurrence of `pattern` (a literal or a regex) in `text` by `content`.
class TextReplacer {
public:
    TextReplacer(const std::string &pattern, bool isRegex, std::string content);
    ~TextReplacer();
    std::string apply(const std::string &text) const;

private:
    std::string m_literal;
    std::unique_ptr<class PcreRegex> m_regex;
    std::string m_content;
};

} // namespace crsw
