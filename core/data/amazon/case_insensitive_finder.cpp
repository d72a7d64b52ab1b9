#include "data/amazon/case_insensitive_finder.h"

#include "common/python_text.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace crsw {

namespace {

inline unsigned char foldAscii(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? static_cast<unsigned char>(c | 0x20) : c;
}

inline bool isAsciiLetter(unsigned char c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

// 32 bytes (four words) at a time: most texts are ASCII and this runs over all of them.
bool hasNonAscii(std::string_view text)
{
    const char *p = text.data();
    std::size_t n = text.size();
    for (; n >= 32; p += 32, n -= 32) {
        std::uint64_t w[4];
        std::memcpy(w, p, sizeof w);
        if ((w[0] | w[1] | w[2] | w[3]) & 0x8080808080808080ull)
            return true;
    }
    for (; n > 0; ++p, --n)
        if (static_cast<unsigned char>(*p) & 0x80)
            return true;
    return false;
}

// text[0, n) equals the lower-case needle[0, n) under ASCII folding.
inline bool equalFolded(const char *text, const char *needle, std::size_t n)
{
    for (std::size_t i = 0; i < n; ++i)
        if (foldAscii(static_cast<unsigned char>(text[i])) != static_cast<unsigned char>(needle[i]))
            return false;
    return true;
}

// The "first and last byte" SIMD filter (W. Muła): compare 16 candidate
// positions at once on the needle's first and last byte, then verify the few
// candidates byte by byte. OR-ing 0x20 folds exactly the two cases of a
// letter, so the filter is applied with the fold only where the needle's byte
// is a letter and exactly otherwise. `lowered` is lower-case ASCII, not empty.
bool containsAsciiFolded(const char *text, std::size_t size, std::string_view lowered)
{
    const std::size_t m = lowered.size();
    if (m > size)
        return false;
    const char *needle = lowered.data();
    const auto first = static_cast<unsigned char>(needle[0]);
    const auto last = static_cast<unsigned char>(needle[m - 1]);
    std::size_t i = 0;
#if defined(__SSE2__)
    const __m128i firstByte = _mm_set1_epi8(static_cast<char>(first));
    const __m128i lastByte = _mm_set1_epi8(static_cast<char>(last));
    const __m128i firstFold = _mm_set1_epi8(isAsciiLetter(first) ? 0x20 : 0);
    const __m128i lastFold = _mm_set1_epi8(isAsciiLetter(last) ? 0x20 : 0);
    for (; i + m - 1 + 16 <= size; i += 16) {
        const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i *>(text + i));
        const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i *>(text + i + m - 1));
        const __m128i hit = _mm_and_si128(_mm_cmpeq_epi8(_mm_or_si128(a, firstFold), firstByte),
                                          _mm_cmpeq_epi8(_mm_or_si128(b, lastFold), lastByte));
        unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(hit));
        while (mask != 0) {
            const unsigned bit = static_cast<unsigned>(__builtin_ctz(mask));
            if (m <= 2 || equalFolded(text + i + bit + 1, needle + 1, m - 2))
                return true;
            mask &= mask - 1;
        }
    }
#endif
    for (; i + m <= size; ++i)
        if (foldAscii(static_cast<unsigned char>(text[i])) == first && equalFolded(text + i, needle, m))
            return true;
    return false;
}

// Length of the UTF-8 sequence at text[i] (1 for a stray byte).
std::size_t sequenceLength(std::string_view text, std::size_t i)
{
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t length = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    if (i + length > text.size())
        return 1;
    for (std::size_t k = 1; k < length; ++k)
        if ((static_cast<unsigned char>(text[i + k]) & 0xc0) != 0x80)
            return 1;
    return length;
}

// Python's str.lower() of UTF-8, into `out` (reusing its capacity).
// Lower-casing is context-free except for the final sigma, so a text with a
// capital sigma is lowered whole by pytext; otherwise byte by byte for ASCII
// and code point by code point for the rest, without allocating.
void lowerInto(std::string_view text, std::string &out)
{
    if (text.find("\xCE\xA3") != std::string_view::npos) {
        out = pytext::lower(text);
        return;
    }
    out.resize(text.size() + 16);
    char *dst = out.data();
    char *end = dst + out.size();
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            *dst++ = static_cast<char>(foldAscii(c));
            ++i;
            continue;
        }
        const std::size_t length = sequenceLength(text, i);
        const std::string lowered = pytext::lower(text.substr(i, length)); // one code point: no heap
        if (end - dst < std::ptrdiff_t(lowered.size() + 16)) { // lowering can lengthen a code point
            const std::size_t used = std::size_t(dst - out.data());
            out.resize(out.size() * 2 + lowered.size());
            dst = out.data() + used;
            end = out.data() + out.size();
        }
        std::memcpy(dst, lowered.data(), lowered.size());
        dst += lowered.size();
        i += length;
    }
    out.resize(std::size_t(dst - out.data()));
}

// Non-ASCII code points whose lower case has ASCII in it: U+0130 and U+212A.
bool hasAsciiLowering(std::string_view text)
{
    return text.find("\xC4\xB0") != std::string_view::npos || text.find("\xE2\x84\xAA") != std::string_view::npos;
}

// Whether `text` has a non-ASCII code point that str.lower() changes: only
// such a code point can lower into a different non-ASCII one. Answers per
// code point are cached (per thread), since a corpus uses few distinct ones.
bool hasNonAsciiChangedByLower(std::string_view text)
{
    struct Slot {
        std::uint32_t key = 0; // the sequence's bytes, big-endian; 0 = empty
        bool changed = false;
    };
    thread_local Slot cache[512];
    for (std::size_t i = 0; i < text.size();) {
        if (!(static_cast<unsigned char>(text[i]) & 0x80)) {
            ++i;
            continue;
        }
        const std::size_t length = sequenceLength(text, i);
        std::uint32_t key = 0;
        for (std::size_t k = 0; k < length; ++k)
            key = (key << 8) | static_cast<unsigned char>(text[i + k]);
        Slot &slot = cache[(key * 2654435761u) >> 23];
        if (slot.key != key) {
            const std::string_view sequence = text.substr(i, length);
            slot.key = key;
            slot.changed = pytext::lower(sequence) != sequence;
        }
        if (slot.changed)
            return true;
        i += length;
    }
    return false;
}

} // namespace

CaseInsensitiveFinder::CaseInsensitiveFinder(std::string_view query) : m_needle(pytext::lower(query))
{
    m_ascii = !hasNonAscii(m_needle);
    m_iOrK = m_needle.find_first_of("ik") != std::string::npos;
    if (!m_ascii) {
        const std::size_t at = static_cast<std::size_t>(
            std::find_if(m_needle.begin(), m_needle.end(), [](char c) { return (c & 0x80) != 0; }) - m_needle.begin());
        m_firstNonAscii = m_needle.substr(at, sequenceLength(m_needle, at));
        std::size_t begin = 0;
        for (std::size_t i = 0; i <= m_needle.size(); ++i)
            if (i == m_needle.size() || (static_cast<unsigned char>(m_needle[i]) & 0x80)) {
                if (i - begin > m_asciiRun.size())
                    m_asciiRun = m_needle.substr(begin, i - begin);
                begin = i + 1;
            }
    }
}

bool CaseInsensitiveFinder::matches(std::string_view text) const
{
    if (m_needle.empty())
        return true;
    if (m_ascii) {
        if (containsAsciiFolded(text.data(), text.size(), m_needle))
            return true;
        // An 'i' or 'k' in the query can also come from U+0130 or U+212A in the text.
        if (!m_iOrK || !hasAsciiLowering(text))
            return false;
        thread_local std::string lowered;
        lowerInto(text, lowered);
        return lowered.find(m_needle) != std::string::npos;
    }
    return matchesUnicode(text);
}

bool CaseInsensitiveFinder::matchesUnicode(std::string_view text) const
{
    // A non-ASCII needle cannot occur in a text whose lower case is pure ASCII,
    // and its ASCII run can only come from the same run in the text, folded
    // (or from the two code points that lower to ASCII).
    if (text.size() < m_needle.size() / 3)
        return false;
    if (!m_asciiRun.empty() && !containsAsciiFolded(text.data(), text.size(), m_asciiRun) && !hasAsciiLowering(text))
        return false;
    if (!hasNonAscii(text))
        return false;
    // The query as it stands is lower case, and lower-casing is idempotent
    // and context-free on it, so finding it verbatim is a match.
    if (text.find(m_needle) != std::string_view::npos)
        return true;
    // Otherwise its first non-ASCII character must come from itself or from
    // a character that lower-casing changes.
    if (text.find(m_firstNonAscii) == std::string_view::npos && !hasNonAsciiChangedByLower(text))
        return false;
    thread_local std::string lowered;
    lowerInto(text, lowered);
    return lowered.find(m_needle) != std::string::npos;
}

} // namespace crsw
