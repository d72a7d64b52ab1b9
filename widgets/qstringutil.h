#pragma once

#include <QString>

#include <string_view>

namespace crsw {

/// A QString of UTF-8 text held by the core (std::string_view into a corpus).
inline QString toQString(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

/// The first `maxBytes` bytes of UTF-8 text on one line: cut at a character
/// boundary, line breaks and tabs shown as spaces, "…" appended when cut.
/// Table cells use it so a 10 KB review does not become a 10 KB cell.
inline QString toQStringLine(std::string_view text, std::size_t maxBytes)
{
    bool cut = false;
    if (text.size() > maxBytes) {
        std::size_t end = maxBytes;
        // Back off over UTF-8 continuation bytes (10xxxxxx) to a character start.
        while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
            --end;
        text = text.substr(0, end);
        cut = true;
    }
    QString line = toQString(text);
    for (QChar &c : line) {
        if (c == QLatin1Char('\n') || c == QLatin1Char('\r') || c == QLatin1Char('\t'))
            c = QLatin1Char(' ');
    }
    if (cut)
        line += QChar(0x2026);
    return line;
}

} // namespace crsw
