#include "synth/query_template_library.h"

#include "common/atomic_file.h"
#include "common/error.h"

namespace crsw {

const PromptTemplate::Rules &QueryTemplateLibrary::rules()
{
    static const PromptTemplate::Rules rules{{kGenre, kAspect, kAspect2, kLike}, {}};
    return rules;
}

bool QueryTemplateLibrary::isTemplateLine(const std::string &line)
{
    const std::size_t first = line.find_first_not_of(" \t");
    return first != std::string::npos && line[first] != '#';
}

QueryTemplateLibrary QueryTemplateLibrary::parse(const std::string &text, const std::string &sourceName)
{
    QueryTemplateLibrary library;
    int lineNumber = 0;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos)
            end = text.size();
        std::string line = text.substr(start, end - start);
        start = end + 1;
        ++lineNumber;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (!isTemplateLine(line))
            continue;
        const std::size_t first = line.find_first_not_of(" \t");
        line.erase(line.find_last_not_of(" \t") + 1);
        library.m_entries.push_back(
            {PromptTemplate(line.substr(first), rules(), sourceName, lineNumber, int(first) + 1), lineNumber});
    }
    if (library.m_entries.empty())
        throw Error({sourceName, 0, {}}, "holds no query template (one a line; '#' starts a comment)");
    return library;
}

QueryTemplateLibrary QueryTemplateLibrary::load(const std::string &path)
{
    return parse(readWholeFile(path), path);
}

std::string QueryTemplateLibrary::example(std::size_t index) const
{
    return fill(index, {{kGenre, "[genre]"}, {kAspect, "[aspect]"}, {kAspect2, "[another aspect]"}, {kLike, "X"}});
}

std::string QueryTemplateLibrary::fill(std::size_t index, const std::map<std::string, std::string> &slots) const
{
    return m_entries[index].text.render(slots);
}

} // namespace crsw
