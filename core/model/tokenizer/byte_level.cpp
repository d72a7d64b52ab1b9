#include "model/tokenizer/byte_level.h"

#include "model/tokenizer/utf8.h"

#include <array>

namespace crsw::byte_level {

namespace {

struct Alphabet {
    std::array<std::string, 256> utf8;  // byte -> character
    std::array<short, 0x144> byteOf{};  // character -> byte (the alphabet ends at U+0143)

    Alphabet()
    {
        byteOf.fill(-1);
        int extra = 0;
        for (int b = 0; b < 256; ++b) {
            const bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            const char32_t c = printable ? static_cast<char32_t>(b) : static_cast<char32_t>(256 + extra++);
            utf8::append(utf8[b], c);
            byteOf[c] = static_cast<short>(b);
        }
    }
};

const Alphabet &alphabet()
{
    static const Alphabet instance;
    return instance;
}

} // namespace

void encode(std::string_view bytes, std::string &out)
{
    const Alphabet &a = alphabet();
    for (const char byte : bytes)
        out += a.utf8[static_cast<unsigned char>(byte)];
}

int decodeChar(char32_t c) { return c < alphabet().byteOf.size() ? alphabet().byteOf[c] : -1; }

const std::string &gpt2Pattern()
{
    static const std::string pattern =
        R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";
    return pattern;
}

} // namespace crsw::byte_level
