#include "embed/text_tokenizer.h"

#include "common/python_text.h"

#include <algorithm>
#include <iterator>

namespace crsw {

namespace {
#include "embed/word_chars.inc"

bool isAsciiWord(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || (c >= 'A' && c <= 'Z');
}

} // namespace

bool TextTokenizer::isWordChar(char32_t c)
{
    if (c < 0x80)
        return isAsciiWord(static_cast<unsigned char>(c));
    const auto *begin = std::begin(kWordRanges);
    const auto *end = std::end(kWordRanges);
    // The first range whose end is >= c.
    const auto *it = std::lower_bound(begin, end, c, [](const char32_t(&range)[2], char32_t v) { return range[1] < v; });
    return it != end && (*it)[0] <= c;
}

void TextTokenizer::tokenize(std::string_view text, std::string &buffer, std::vector<std::string_view> &tokens)
{
    tokens.clear();
    const bool ascii = std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (ascii) {
        // Most reviews: Python's lower() on ASCII is the plain ASCII mapping.
        buffer.assign(text);
        for (char &c : buffer)
            if (c >= 'A' && c <= 'Z')
                c = static_cast<char>(c + ('a' - 'A'));
        std::size_t i = 0;
        const std::size_t n = buffer.size();
        while (i < n) {
            while (i < n && !isAsciiWord(static_cast<unsigned char>(buffer[i])))
                ++i;
            const std::size_t start = i;
            while (i < n && isAsciiWord(static_cast<unsigned char>(buffer[i])))
                ++i;
            if (i - start >= 2)
                tokens.emplace_back(buffer.data() + start, i - start);
        }
        return;
    }
    // Whole-text lower(): the final-sigma rule looks at the neighbours.
    const std::u32string lowered = pytext::lower(std::u32string_view(pytext::decodeUtf8(text)));
    // Only the tokens are kept, back to back; the views are made once the buffer stops growing.
    buffer.clear();
    std::vector<std::pair<std::size_t, std::size_t>> spans; // byte ranges of the tokens in buffer
    std::size_t i = 0;
    const std::size_t n = lowered.size();
    while (i < n) {
        while (i < n && !isWordChar(lowered[i]))
            ++i;
        const std::size_t start = i;
        while (i < n && isWordChar(lowered[i]))
            ++i;
        if (i - start >= 2) {
            const std::size_t at = buffer.size();
            buffer += pytext::encodeUtf8(std::u32string_view(lowered).substr(start, i - start));
            spans.emplace_back(at, buffer.size() - at);
        }
    }
    for (const auto &[at, length] : spans)
        tokens.emplace_back(buffer.data() + at, length);
}

} // namespace crsw
