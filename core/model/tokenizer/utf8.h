#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace crsw::utf8 {

/// Length in bytes of the UTF-8 sequence led by `lead` (1 for stray bytes).
inline std::size_t sequenceLength(unsigned char lead)
{
    return lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 1;
}

/// The code point starting at text[pos] (text must be valid UTF-8); advances pos.
char32_t next(std::string_view text, std::size_t &pos);
/// Appends the UTF-8 encoding of `c`.
void append(std::string &out, char32_t c);
/// True when `text` is well-formed UTF-8 (no overlongs, surrogates or values above U+10FFFF).
bool isValid(std::string_view text);
/// `bytes` as UTF-8 with each maximal ill-formed subsequence replaced by U+FFFD
/// (the substitution Rust's String::from_utf8_lossy and Python's "replace" make).
std::string lossy(std::string_view bytes);
/// Unicode White_Space (Rust's char::is_whitespace).
bool isWhitespace(char32_t c);

} // namespace crsw::utf8
