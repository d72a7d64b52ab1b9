#include "synth/query_answer_parser.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace crsw {

namespace {

std::string_view trim(std::string_view s)
{
    const std::size_t first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return {};
    return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

// Removes one pair of surrounding quotes (ASCII or typographic) and a trailing comma.
std::string unquote(std::string_view s)
{
    s = trim(s);
    if (!s.empty() && s.back() == ',')
        s = trim(s.substr(0, s.size() - 1));
    for (const auto &[open, close] : {std::pair<std::string_view, std::string_view>{"\"", "\""}, {"'", "'"},
                                      {"\xE2\x80\x9C", "\xE2\x80\x9D"}}) {
        if (s.size() >= open.size() + close.size() && s.substr(0, open.size()) == open
            && s.substr(s.size() - close.size()) == close) {
            s = trim(s.substr(open.size(), s.size() - open.size() - close.size()));
            break;
        }
    }
    return std::string(s);
}

// The text inside the first ``` fence, or the whole answer when it has none.
std::string_view insideFence(std::string_view answer)
{
    const std::size_t open = answer.find("```");
    if (open == std::string_view::npos)
        return answer;
    const std::size_t bodyStart = answer.find('\n', open);
    if (bodyStart == std::string_view::npos)
        return answer;
    const std::size_t close = answer.find("```", bodyStart);
    return answer.substr(bodyStart + 1, (close == std::string_view::npos ? answer.size() : close) - bodyStart - 1);
}

std::vector<std::string> fromJson(std::string_view text)
{
    const std::size_t open = text.find('['), close = text.rfind(']');
    if (open == std::string_view::npos || close == std::string_view::npos || close < open)
        return {};
    const nlohmann::json array = nlohmann::json::parse(text.substr(open, close - open + 1), nullptr, false);
    std::vector<std::string> out;
    if (!array.is_array())
        return out;
    for (const auto &element : array) {
        if (element.is_string()) {
            out.push_back(element.get<std::string>());
        } else if (element.is_object()) {
            for (const char *key : {"query", "request"})
                if (element.contains(key) && element[key].is_string()) {
                    out.push_back(element[key].get<std::string>());
                    break;
                }
        }
    }
    return out;
}

// The item text of a list line ("1. x", "2) x", "- x", "* x", "• x"), or npos.
std::size_t listItemStart(std::string_view line)
{
    std::size_t i = 0;
    if (line.substr(0, 3) == "\xE2\x80\xA2")
        i = 3;
    else if (!line.empty() && (line[0] == '-' || line[0] == '*'))
        i = 1;
    else {
        while (i < line.size() && line[i] >= '0' && line[i] <= '9')
            ++i;
        if (i == 0 || i >= line.size() || (line[i] != '.' && line[i] != ')'))
            return std::string_view::npos;
        ++i;
    }
    if (i < line.size() && line[i] != ' ' && line[i] != '\t')
        return std::string_view::npos;
    return i;
}

std::vector<std::string> fromList(std::string_view text)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos)
            end = text.size();
        const std::string_view line = trim(text.substr(start, end - start));
        start = end + 1;
        const std::size_t item = listItemStart(line);
        if (item != std::string_view::npos)
            out.push_back(std::string(line.substr(item)));
    }
    return out;
}

} // namespace

std::vector<std::string> parseQueryList(std::string_view answer)
{
    const std::string_view body = insideFence(answer);
    std::vector<std::string> raw = fromJson(body);
    if (raw.empty())
        raw = fromList(body);
    std::vector<std::string> queries;
    for (const std::string &text : raw) {
        std::string query = unquote(text);
        if (!query.empty() && std::find(queries.begin(), queries.end(), query) == queries.end())
            queries.push_back(std::move(query));
    }
    return queries;
}

} // namespace crsw
