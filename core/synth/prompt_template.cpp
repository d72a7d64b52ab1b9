#include "synth/prompt_template.h"

#include "common/error.h"

#include <algorithm>

namespace crsw {

namespace {

bool isNameChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

std::string joinNames(const std::set<std::string> &names)
{
    std::string text;
    for (const std::string &name : names)
        text += (text.empty() ? "{" : ", {") + name + "}";
    return text.empty() ? "none" : text;
}

// Tracks line and column (1-based, in bytes) while scanning, for error places.
struct Cursor {
    int line;
    int column;
    void advance(char c)
    {
        if (c == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
};

} // namespace

std::vector<PromptTemplate::Token> PromptTemplate::scan(const std::string &text, const Rules &rules)
{
    std::vector<Token> tokens;
    const auto add = [&](Token::Kind kind, std::size_t begin, std::size_t length, std::string name = {},
                         std::string reason = {}) {
        // Adjacent literal bytes make one token.
        if (kind == Token::Kind::Literal && !tokens.empty() && tokens.back().kind == Token::Kind::Literal
            && tokens.back().begin + tokens.back().length == begin) {
            tokens.back().length += length;
            return;
        }
        tokens.push_back({kind, begin, length, std::move(name), std::move(reason)});
    };
    for (std::size_t i = 0; i < text.size();) {
        const char c = text[i];
        if (c == '}') {
            if (i + 1 < text.size() && text[i + 1] == '}') {
                add(Token::Kind::Escape, i, 2);
                i += 2;
            } else {
                add(Token::Kind::Error, i, 1, {}, "unbalanced '}' (write '}}' for a literal brace)");
                ++i;
            }
            continue;
        }
        if (c != '{') {
            add(Token::Kind::Literal, i, 1);
            ++i;
            continue;
        }
        if (i + 1 < text.size() && text[i + 1] == '{') {
            add(Token::Kind::Escape, i, 2);
            i += 2;
            continue;
        }
        // A placeholder never spans lines, so a line can be scanned on its own.
        const std::size_t close = text.find_first_of("{}\n", i + 1);
        if (close == std::string::npos || text[close] != '}') {
            add(Token::Kind::Error, i, 1, {},
                "unbalanced '{': no '}' closes it on this line (write '{{' for a literal brace)");
            ++i;
            continue;
        }
        const std::string name = text.substr(i + 1, close - i - 1);
        const std::size_t length = close - i + 1;
        if (name.empty() || !std::all_of(name.begin(), name.end(), isNameChar))
            add(Token::Kind::Error, i, length, {},
                "'{" + name + "}' is not a placeholder name (letters, digits, '_'); write '{{' for a literal brace");
        else if (!rules.allowed.count(name))
            add(Token::Kind::Error, i, length, name,
                "unknown placeholder {" + name + "}; this template knows " + joinNames(rules.allowed));
        else
            add(Token::Kind::Placeholder, i, length, name);
        i = close + 1;
    }
    return tokens;
}

PromptTemplate::PromptTemplate(const std::string &text, const Rules &rules, const std::string &sourceName,
                               int firstLine, int firstColumn)
    : m_text(text), m_sourceName(sourceName)
{
    std::set<std::string> used;
    for (const Token &token : scan(text, rules)) {
        switch (token.kind) {
        case Token::Kind::Error: {
            Cursor at{firstLine, firstColumn};
            for (std::size_t k = 0; k < token.begin; ++k)
                at.advance(text[k]);
            throw Error({sourceName, at.line, "column " + std::to_string(at.column)}, token.reason);
        }
        case Token::Kind::Placeholder:
            m_parts.push_back({true, token.name});
            used.insert(token.name);
            break;
        case Token::Kind::Escape:
        case Token::Kind::Literal: {
            // An escape stands for one brace.
            const std::string literal =
                token.kind == Token::Kind::Escape ? text.substr(token.begin, 1) : text.substr(token.begin, token.length);
            if (m_parts.empty() || m_parts.back().placeholder)
                m_parts.push_back({false, literal});
            else
                m_parts.back().text += literal;
            break;
        }
        }
    }
    for (const std::string &name : rules.required)
        if (!used.count(name))
            throw Error({sourceName, firstLine, {}}, "required placeholder {" + name + "} is missing (this template needs "
                                                         + joinNames(rules.required) + ")");
}

std::vector<std::string> PromptTemplate::placeholders() const
{
    std::vector<std::string> names;
    for (const Part &part : m_parts)
        if (part.placeholder && std::find(names.begin(), names.end(), part.text) == names.end())
            names.push_back(part.text);
    return names;
}

bool PromptTemplate::uses(const std::string &name) const
{
    return std::any_of(m_parts.begin(), m_parts.end(),
                       [&](const Part &part) { return part.placeholder && part.text == name; });
}

std::string PromptTemplate::render(const std::map<std::string, std::string> &values) const
{
    std::string out;
    for (const Part &part : m_parts) {
        if (!part.placeholder) {
            out += part.text;
            continue;
        }
        const auto it = values.find(part.text);
        if (it == values.end())
            throw Error({m_sourceName, 0, {}}, "no value for placeholder {" + part.text + "}");
        out += it->second;
    }
    if (out.find_first_not_of(" \t\r\n") == std::string::npos)
        throw Error({m_sourceName, 0, {}}, "the template renders to an empty text");
    return out;
}

} // namespace crsw
