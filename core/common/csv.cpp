#include "common/csv.h"

#include "common/error.h"

namespace crsw {

std::string csvField(std::string_view text)
{
    if (text.find_first_of(",\"\r\n") == std::string_view::npos)
        return std::string(text);
    std::string out = "\"";
    for (char c : text) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
    return out;
}

std::string csvLine(const std::vector<std::string> &fields)
{
    std::string line;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i)
            line += ',';
        line += csvField(fields[i]);
    }
    return line;
}

std::vector<std::vector<std::string>> parseCsv(std::string_view text, const std::string &sourceName)
{
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false;
    bool fieldStarted = false;
    long line = 1;
    long quoteLine = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                if (c == '\n')
                    ++line;
                field += c;
            }
            continue;
        }
        switch (c) {
        case '"':
            quoted = true;
            quoteLine = line;
            fieldStarted = true;
            break;
        case ',':
            row.push_back(std::move(field));
            field.clear();
            fieldStarted = true;
            break;
        case '\r':
            break;
        case '\n':
            row.push_back(std::move(field));
            field.clear();
            rows.push_back(std::move(row));
            row.clear();
            fieldStarted = false;
            ++line;
            break;
        default:
            field += c;
            fieldStarted = true;
        }
    }
    if (quoted)
        throw Error({sourceName, quoteLine, {}}, "unterminated quoted field");
    if (fieldStarted || !field.empty() || !row.empty()) {
        row.push_back(std::move(field));
        rows.push_back(std::move(row));
    }
    return rows;
}

} // namespace crsw
