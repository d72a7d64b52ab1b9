#pragma once

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace crsw {

/// A prompt (or query) template: text with named placeholders `{name}`;
/// `{{` and `}}` stand for literal braces. Parsed once and checked: an unknown
/// placeholder, a missing required one or an unbalanced brace throws
/// crsw::Error naming the source, line and column
/// ("templates/queries.txt:3: column 7: unknown placeholder {revews}; ...").
class PromptTemplate {
public:
    /// What a template may and must contain.
    struct Rules {
        std::set<std::string> allowed;   ///< placeholder names the template may use
        std::set<std::string> required;  ///< names it must use at least once (a subset of allowed)
    };

    /// One piece of a template as the parser reads it (an editor's
    /// highlighter marks placeholders and errors with these).
    struct Token {
        enum class Kind {
            Literal,     ///< plain text
            Escape,      ///< "{{" or "}}"
            Placeholder, ///< a known "{name}"
            Error        ///< an unknown placeholder, a bad name or an unbalanced brace
        };
        Kind kind = Kind::Literal;
        std::size_t begin = 0;  ///< byte offset in the scanned text
        std::size_t length = 0; ///< in bytes
        std::string name;       ///< Placeholder: its name
        std::string reason;     ///< Error: the constructor's message for it
    };

    /// Splits `text` into tokens by the rules the constructor applies, going
    /// on past errors (each an Error token) so that every problem can be
    /// marked. The constructor fails at the first Error token; the required
    /// placeholders are not checked here.
    static std::vector<Token> scan(const std::string &text, const Rules &rules);

    PromptTemplate() = default;
    /// Parses and validates `text`; `sourceName` (a file name), `firstLine`
    /// and `firstColumn` (where the text starts in that file) place the errors.
    PromptTemplate(const std::string &text, const Rules &rules, const std::string &sourceName, int firstLine = 1,
                   int firstColumn = 1);

    /// The template as written (braces still escaped).
    const std::string &text() const { return m_text; }
    const std::string &sourceName() const { return m_sourceName; }
    /// The placeholder names it uses, in order of first use.
    std::vector<std::string> placeholders() const;
    bool uses(const std::string &name) const;

    /// Substitutes every placeholder (a value is inserted as is, never expanded
    /// again). Throws crsw::Error naming the source when a used placeholder has
    /// no value or the result is empty or only whitespace.
    std::string render(const std::map<std::string, std::string> &values) const;

private:
    struct Part {
        bool placeholder = false;
        std::string text; ///< literal text, or the placeholder's name
    };
    std::string m_text;
    std::string m_sourceName;
    std::vector<Part> m_parts;
};

} // namespace crsw
