#pragma once

#include <string>
#include <string_view>

namespace crsw::pytext {

// Python 3 str semantics on UTF-8 text. He et al.'s evaluation is Python code;
// matching its parse and its edit distances exactly needs Python's notion of
// whitespace (str.isspace, re's \s), of decimal digits (re's \d) and of
// lower-casing (str.lower), which differ from the C locale's. Tables are
// generated from CPython by gen_unicode_tables.py.

/// Decodes UTF-8 to code points; invalid bytes become U+FFFD.
std::u32string decodeUtf8(std::string_view text);
/// Encodes code points as UTF-8.
std::string encodeUtf8(std::u32string_view text);
/// True when `text` is well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF).
bool isValidUtf8(std::string_view text);

/// str.isspace() for one code point (also what re's \s matches).
bool isSpace(char32_t c);
/// re's \d for one code point (Unicode decimal digits, not only 0-9).
bool isDecimal(char32_t c);

/// str.lower(), including the one-to-two mapping of U+0130 and the final sigma rule.
std::u32string lower(std::u32string_view text);
std::string lower(std::string_view utf8);

/// str.strip() with no arguments.
std::u32string strip(std::u32string_view text);
/// re.sub(r"\s+", " ", text).strip()
std::u32string collapseSpaces(std::u32string_view text);

} // namespace crsw::pytext
