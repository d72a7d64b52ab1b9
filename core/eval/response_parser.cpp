#include "eval/response_parser.h"

#include "common/python_text.h"

namespace crsw {

std::u32string removeParenthesized(std::u32string_view text)
{
    // Leftmost non-overlapping matches of \([^()]*\): at each '(' look for the
    // next parenthesis; only a ')' closes a match, another '(' restarts there.
    std::u32string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] == U'(') {
            std::size_t j = i + 1;
            while (j < text.size() && text[j] != U'(' && text[j] != U')')
                ++j;
            if (j < text.size() && text[j] == U')') {
                i = j + 1;
                continue;
            }
        }
        out.push_back(text[i]);
        ++i;
    }
    return out;
}

namespace {

// ^(?:\d+[\.\)、]?\s*[\-\—\–]?\s*)? : every part after \d+ is optional and
// nothing follows the group, so the greedy scan is what the regex matches.
std::u32string removeListNumber(const std::u32string &text)
{
    std::size_t i = 0;
    while (i < text.size() && pytext::isDecimal(text[i]))
        ++i;
    if (i == 0)
        return text;
    if (i < text.size() && (text[i] == U'.' || text[i] == U')' || text[i] == U'\u3001'))
        ++i;
    while (i < text.size() && pytext::isSpace(text[i]))
        ++i;
    if (i < text.size() && (text[i] == U'-' || text[i] == U'\u2014' || text[i] == U'\u2013'))
        ++i;
    while (i < text.size() && pytext::isSpace(text[i]))
        ++i;
    return text.substr(i);
}

} // namespace

std::string cleanRecommendationLine(std::string_view line)
{
    const std::u32string decoded = pytext::decodeUtf8(line);
    const std::u32string stripped = pytext::strip(decoded);
    const std::u32string noGroups = removeParenthesized(stripped);
    const std::u32string collapsed = pytext::collapseSpaces(noGroups);
    return pytext::encodeUtf8(removeListNumber(collapsed));
}

std::vector<std::string> parseRecommendations(std::string_view answer)
{
    std::string text;
    const std::size_t first = answer.find("1.");
    if (first != std::string_view::npos) {
        text = std::string(answer.substr(first + 2));
    } else {
        text = std::string(answer);
        for (char &c : text)
            if (c == ',')
                c = '\n';
    }
    std::vector<std::string> lines;
    std::size_t start = 0;
    for (;;) {
        const std::size_t nl = text.find('\n', start);
        const std::string_view piece(text.data() + start, (nl == std::string::npos ? text.size() : nl) - start);
        lines.push_back(cleanRecommendationLine(piece));
        if (nl == std::string::npos)
            break;
        start = nl + 1;
    }
    return lines;
}

} // namespace crsw
