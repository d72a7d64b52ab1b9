#pragma once

#include "synth/prompt_template.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace crsw {

/// The query-template library T (METHOD.md §4): short real-style requests
/// ("Looking for something like {like} but darker.") that set the tone and
/// form of the synthetic queries. Stored one a line in a text file; blank
/// lines and lines starting with '#' are skipped.
class QueryTemplateLibrary {
public:
    /// The slots a query template may use.
    static constexpr const char *kGenre = "genre";
    static constexpr const char *kAspect = "aspect";
    static constexpr const char *kAspect2 = "aspect2";
    static constexpr const char *kLike = "like";

    struct Entry {
        PromptTemplate text;
        int line = 0;   ///< 1-based line in its file
    };

    /// The rules every template of the library is checked against (the slots above, none required).
    static const PromptTemplate::Rules &rules();
    /// True when a line of the library's file holds a template: it is not
    /// blank and does not start with '#' (after leading spaces and tabs).
    static bool isTemplateLine(const std::string &line);

    /// Parses the library's text. Throws crsw::Error naming `sourceName`,
    /// the line and column of the first bad template (an unknown slot, an
    /// unbalanced brace), or the file when it holds no template.
    static QueryTemplateLibrary parse(const std::string &text, const std::string &sourceName);
    /// Reads and parses a file.
    static QueryTemplateLibrary load(const std::string &path);

    std::size_t size() const { return m_entries.size(); }
    const Entry &entry(std::size_t index) const { return m_entries[index]; }

    /// The template as the teacher sees it in {examples}: the slots shown as
    /// [genre], [aspect], [another aspect] and X.
    std::string example(std::size_t index) const;
    /// The template with its slots filled (the offline synthesizer).
    std::string fill(std::size_t index, const std::map<std::string, std::string> &slots) const;

private:
    std::vector<Entry> m_entries;
};

} // namespace crsw
