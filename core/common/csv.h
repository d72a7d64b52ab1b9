#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace crsw {

/// Quotes one CSV field when it needs it (comma, quote, CR/LF), as Python's csv module does.
std::string csvField(std::string_view text);
/// Joins fields into one CSV line (no line terminator).
std::string csvLine(const std::vector<std::string> &fields);

/// Parses CSV text (RFC 4180: quoted fields, doubled quotes, CRLF or LF) into rows.
/// Throws crsw::Error naming `sourceName` and the line of an unterminated quote.
std::vector<std::vector<std::string>> parseCsv(std::string_view text, const std::string &sourceName = {});

} // namespace crsw
