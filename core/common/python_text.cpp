#include "common/python_text.h"

#include <algorithm>
#include <iterator>

namespace crsw::pytext {

namespace {
#include "common/unicode_tables.inc"

const char32_t kReplacement = 0xFFFD;

// Returns the code point at text[i] and advances i; invalid sequences give U+FFFD and advance by one.
char32_t decodeOne(std::string_view text, std::size_t &i, bool &ok)
{
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char b0 = byte(i);
    ok = true;
    if (b0 < 0x80) {
        ++i;
        return b0;
    }
    int extra = 0;
    char32_t cp = 0;
    char32_t minimum = 0;
    if ((b0 & 0xE0) == 0xC0) {
        extra = 1; cp = b0 & 0x1F; minimum = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
        extra = 2; cp = b0 & 0x0F; minimum = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
        extra = 3; cp = b0 & 0x07; minimum = 0x10000;
    } else {
        ok = false;
        ++i;
        return kReplacement;
    }
    for (int k = 1; k <= extra; ++k) {
        if (i + k >= text.size() || (byte(i + k) & 0xC0) != 0x80) {
            ok = false;
            ++i;
            return kReplacement;
        }
        cp = (cp << 6) | (byte(i + k) & 0x3F);
    }
    if (cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        ok = false;
        ++i;
        return kReplacement;
    }
    i += static_cast<std::size_t>(extra) + 1;
    return cp;
}

// The lower-case mapping entry of c, or nullptr.
const char32_t *lowerEntry(char32_t c)
{
    const auto *begin = std::begin(kPyLower);
    const auto *end = std::end(kPyLower);
    const auto *it = std::lower_bound(begin, end, c, [](const char32_t(&row)[3], char32_t v) { return row[0] < v; });
    return it != end && (*it)[0] == c ? *it : nullptr;
}

// Approximates Unicode "cased" for the final-sigma rule: letters with a case mapping or that are a lower-case target.
bool isCasedApprox(char32_t c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return true;
    if (c < 0x80)
        return false;
    if (lowerEntry(c))
        return true;
    for (const auto &row : kPyLower)
        if (row[1] == c)
            return true;
    return false;
}

} // namespace

std::u32string decodeUtf8(std::string_view text)
{
    std::u32string out;
    out.reserve(text.size());
    std::size_t i = 0;
    bool ok = true;
    while (i < text.size())
        out.push_back(decodeOne(text, i, ok));
    return out;
}

bool isValidUtf8(std::string_view text)
{
    std::size_t i = 0;
    bool ok = true;
    while (i < text.size()) {
        if (static_cast<unsigned char>(text[i]) < 0x80) {
            ++i;
            continue;
        }
        decodeOne(text, i, ok);
        if (!ok)
            return false;
    }
    return true;
}

std::string encodeUtf8(std::u32string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (char32_t c : text) {
        if (c < 0x80) {
            out.push_back(static_cast<char>(c));
        } else if (c < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (c >> 6)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        } else if (c < 0x10000) {
            out.push_back(static_cast<char>(0xE0 | (c >> 12)));
            out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xF0 | (c >> 18)));
            out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        }
    }
    return out;
}

bool isSpace(char32_t c)
{
    if (c < 0x80)
        return c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F);
    return std::binary_search(std::begin(kPySpace), std::end(kPySpace), c);
}

bool isDecimal(char32_t c)
{
    if (c < 0x80)
        return c >= '0' && c <= '9';
    const auto *it = std::upper_bound(std::begin(kPyDecimalZeros), std::end(kPyDecimalZeros), c);
    return it != std::begin(kPyDecimalZeros) && c - *(it - 1) < 10;
}

std::u32string lower(std::u32string_view text)
{
    std::u32string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char32_t c = text[i];
        if (c < 0x80) {
            out.push_back(c >= 'A' && c <= 'Z' ? c + 32 : c);
            continue;
        }
        if (c == 0x03A3) {
            // Final sigma: after a cased letter and not before one.
            const bool after = i > 0 && isCasedApprox(text[i - 1]);
            const bool before = i + 1 < text.size() && isCasedApprox(text[i + 1]);
            out.push_back(after && !before ? char32_t(0x03C2) : char32_t(0x03C3));
            continue;
        }
        if (const char32_t *row = lowerEntry(c)) {
            out.push_back(row[1]);
            if (row[2])
                out.push_back(row[2]);
        } else {
            out.push_back(c);
        }
    }
    return out;
}

std::string lower(std::string_view utf8)
{
    return encodeUtf8(lower(decodeUtf8(utf8)));
}

std::u32string strip(std::u32string_view text)
{
    std::size_t b = 0;
    std::size_t e = text.size();
    while (b < e && isSpace(text[b]))
        ++b;
    while (e > b && isSpace(text[e - 1]))
        --e;
    return std::u32string(text.substr(b, e - b));
}

std::u32string collapseSpaces(std::u32string_view text)
{
    std::u32string out;
    out.reserve(text.size());
    bool inSpace = false;
    for (char32_t c : text) {
        if (isSpace(c)) {
            inSpace = true;
            continue;
        }
        if (inSpace && !out.empty())
            out.push_back(U' ');
        inSpace = false;
        out.push_back(c);
    }
    return out;
}

} // namespace crsw::pytext
