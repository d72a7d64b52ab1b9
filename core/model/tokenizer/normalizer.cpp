#include "model/tokenizer/normalizer.h"

#include "model/tokenizer/pcre_regex.h"

#include <vector>

namespace crsw {

using tokenizer_json::Context;

TextReplacer::TextReplacer(const std::string &pattern, bool isRegex, std::string content)
    : m_literal(isRegex ? std::string() : pattern),
      m_regex(isRegex ? std::make_unique<PcreRegex>(pattern) : nullptr),
      m_content(std::move(content))
{
}

TextReplacer::~TextReplacer() = default;

std::string TextReplacer::apply(const std::string &text) const
{
    std::vector<std::pair<std::size_t, std::size_t>> matches;
    if (m_regex) {
        m_regex->findAll(text, matches);
    } else if (!m_literal.empty()) {
        for (std::size_t at = text.find(m_literal); at != std::string::npos; at = text.find(m_literal, at + m_literal.size()))
            matches.emplace_back(at, at + m_literal.size());
    }
    if (matches.empty())
        return text;
    std::string out;
    out.reserve(text.size() + matches.size() * m_content.size());
    std::size_t done = 0;
    for (const auto &[begin, end] : matches) {
        out.append(text, done, begin - done);
        out += m_content;
        done = end;
    }
    out.append(text, done, std::string::npos);
    return out;
}

namespace {

class ReplaceNormalizer final : public Normalizer {
public:
    ReplaceNormalizer(const std::string &pattern, bool isRegex, std::string content)
        : m_replacer(pattern, isRegex, std::move(content))
    {
    }
    std::string normalize(std::string text) const override { return m_replacer.apply(text); }

private:
    TextReplacer m_replacer;
};

class PrependNormalizer final : public Normalizer {
public:
    explicit PrependNormalizer(std::string prefix) : m_prefix(std::move(prefix)) {}
    // Like the tokenizers library, an empty piece stays empty.
    std::string normalize(std::string text) const override { return text.empty() ? text : m_prefix + text; }

private:
    std::string m_prefix;
};

class IdentityNormalizer final : public Normalizer {
public:
    std::string normalize(std::string text) const override { return text; }
};

class SequenceNormalizer final : public Normalizer {
public:
    explicit SequenceNormalizer(std::vector<std::unique_ptr<Normalizer>> steps) : m_steps(std::move(steps)) {}
    std::string normalize(std::string text) const override
    {
        for (const auto &step : m_steps)
            text = step->normalize(std::move(text));
        return text;
    }

private:
    std::vector<std::unique_ptr<Normalizer>> m_steps;
};

} // namespace

std::unique_ptr<Normalizer> Normalizer::fromJson(const nlohmann::json &json, const Context &where)
{
    const std::string type = tokenizer_json::typeOf(json, where);
    if (type == "Replace") {
        bool isRegex = false;
        const std::string pattern = tokenizer_json::patternField(json, "pattern", isRegex, where);
        return std::make_unique<ReplaceNormalizer>(pattern, isRegex, tokenizer_json::stringField(json, "content", where));
    }
    if (type == "Prepend")
        return std::make_unique<PrependNormalizer>(tokenizer_json::stringField(json, "prepend", where));
    if (type == "Sequence") {
        const auto list = json.find("normalizers");
        if (list == json.end() || !list->is_array())
            where.child("normalizers").fail("expected a list");
        std::vector<std::unique_ptr<Normalizer>> steps;
        for (std::size_t i = 0; i < list->size(); ++i)
            steps.push_back(fromJson((*list)[i], where.child("normalizers").index(i)));
        return std::make_unique<SequenceNormalizer>(std::move(steps));
    }
    // Qwen2 declares NFC. Composing needs Unicode tables we do not carry yet;
    // text that is already NFC (nearly all text) is unaffected.
    if (type == "NFC")
        return std::make_unique<IdentityNormalizer>();
    where.child("type").fail("unsupported normalizer '" + type + "' (supported: Replace, Prepend, Sequence, NFC)");
}

} // namespace crsw
