#pragma once

#include <string>

namespace crsw::demotext {

// Small text helpers of the demo world. ASCII only on purpose: <cctype>'s
// tolower/toupper follow the C locale, which a GUI application may have set
// to the user's (in a Turkish 8-bit locale toupper('i') is not 'I'), and the
// generated files must not depend on it.

inline char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
}

inline char upper(char c)
{
    return c >= 'a' && c <= 'z' ? char(c - 'a' + 'A') : c;
}

inline bool isAlnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

inline std::string lowered(std::string text)
{
    for (char &c : text)
        c = lower(c);
    return text;
}

inline std::string lowerFirst(std::string text)
{
    if (!text.empty())
        text[0] = lower(text[0]);
    return text;
}

inline std::string upperFirst(std::string text)
{
    if (!text.empty())
        text[0] = upper(text[0]);
    return text;
}

/// `value` in decimal, zero-padded to `width` digits.
inline std::string zeroPadded(int value, int width)
{
    std::string digits = std::to_string(value);
    if (int(digits.size()) < width)
        digits.insert(0, std::size_t(width) - digits.size(), '0');
    return digits;
}

} // namespace crsw::demotext
