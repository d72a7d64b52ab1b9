#pragma once

#include <string>
#include <string_view>

namespace crsw::byte_level {

/// GPT-2's byte-level alphabet: each byte 0..255 stands for a printable
/// character (printable ASCII and Latin-1 for themselves, the rest from
/// U+0100 up), so that BPE sees text without spaces or control bytes.
/// Appends the alphabet characters (UTF-8) of each byte of `bytes` to `out`.
void encode(std::string_view bytes, std::string &out);
/// The byte that alphabet character `c` stands for, or -1 when `c` is not in the alphabet.
int decodeChar(char32_t c);
/// The pre-tokenizer regex GPT-2 uses (ByteLevel with use_regex).
const std::string &gpt2Pattern();

} // namespace crsw::byte_level
