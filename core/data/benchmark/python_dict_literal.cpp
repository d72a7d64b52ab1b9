#include "data/benchmark/python_dict_literal.h"

#include "common/error.h"
#include "common/python_text.h"

#include <cctype>
#include <limits>

namespace crsw {

namespace {

// A recursive-descent parser over bytes; positions in messages are byte offsets.
class DictParser {
public:
    explicit DictParser(std::string_view text) : m_text(text) {}

    PythonStrIntDict parse()
    {
        PythonStrIntDict dict;
        skipSpace();
        expect('{', "expected '{'");
        skipSpace();
        if (peek() == '}') {
            ++m_pos;
        } else {
            for (;;) {
                std::string key = string();
                skipSpace();
                expect(':', "expected ':'");
                skipSpace();
                const std::int64_t value = integer();
                insert(dict, std::move(key), value);
                skipSpace();
                if (peek() == ',') {
                    ++m_pos;
                    skipSpace();
                    if (peek() == '}') { // trailing comma
                        ++m_pos;
                        break;
                    }
                    continue;
                }
                expect('}', "expected ',' or '}'");
                break;
            }
        }
        skipSpace();
        if (m_pos != m_text.size())
            fail("unexpected text after '}'", m_pos);
        return dict;
    }

private:
    [[noreturn]] void fail(const std::string &what, std::size_t at) const
    {
        throw Error("invalid dict literal: " + what + " at offset " + std::to_string(at));
    }

    char peek() const { return m_pos < m_text.size() ? m_text[m_pos] : '\0'; }
    bool atEnd() const { return m_pos >= m_text.size(); }

    void expect(char c, const char *what)
    {
        if (atEnd() || m_text[m_pos] != c)
            fail(atEnd() ? std::string(what) + ", found the end" : what, m_pos);
        ++m_pos;
    }

    void skipSpace()
    {
        // Inside brackets Python joins lines, so newlines count as spaces here.
        while (!atEnd() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r' || peek() == '\f'))
            ++m_pos;
    }

    static void insert(PythonStrIntDict &dict, std::string key, std::int64_t value)
    {
        for (auto &entry : dict)
            if (entry.first == key) {
                entry.second = value;
                return;
            }
        dict.emplace_back(std::move(key), value);
    }

    // One or more adjacent quoted literals, concatenated as Python does.
    std::string string()
    {
        if (peek() != '\'' && peek() != '"')
            fail(atEnd() ? "expected a quoted key, found the end" : "expected a quoted key", m_pos);
        std::string out;
        while (peek() == '\'' || peek() == '"') {
            literal(out);
            const std::size_t save = m_pos;
            skipSpace();
            if (peek() != '\'' && peek() != '"')
                m_pos = save;
        }
        return out;
    }

    unsigned hexDigits(int count, std::size_t escapeAt)
    {
        unsigned value = 0;
        for (int i = 0; i < count; ++i) {
            const char c = peek();
            int digit = -1;
            if (c >= '0' && c <= '9') digit = c - '0';
            else if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
            else if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
            if (digit < 0)
                fail("truncated \\" + std::string(1, m_text[escapeAt + 1]) + " escape", escapeAt);
            value = value * 16 + unsigned(digit);
            ++m_pos;
        }
        return value;
    }

    void appendCodePoint(std::string &out, unsigned cp, std::size_t escapeAt)
    {
        // A lone surrogate is a valid Python str but has no UTF-8 form.
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            fail("escape gives no valid character", escapeAt);
        out += pytext::encodeUtf8(std::u32string(1, char32_t(cp)));
    }

    void literal(std::string &out)
    {
        const std::size_t start = m_pos;
        const char quote = m_text[m_pos++];
        for (;;) {
            if (atEnd() || peek() == '\n' || peek() == '\r')
                fail("unterminated string starting", start);
            const char c = m_text[m_pos];
            if (c == quote) {
                ++m_pos;
                return;
            }
            if (c != '\\') {
                out += c;
                ++m_pos;
                continue;
            }
            const std::size_t escapeAt = m_pos++;
            if (atEnd())
                fail("unterminated string starting", start);
            const char e = m_text[m_pos++];
            switch (e) {
            case '\n': break; // line continuation
            case '\\': out += '\\'; break;
            case '\'': out += '\''; break;
            case '"': out += '"'; break;
            case 'a': out += '\a'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'v': out += '\v'; break;
            case 'x': appendCodePoint(out, hexDigits(2, escapeAt), escapeAt); break;
            case 'u': appendCodePoint(out, hexDigits(4, escapeAt), escapeAt); break;
            case 'U': appendCodePoint(out, hexDigits(8, escapeAt), escapeAt); break;
            case 'N': fail("\\N{...} escapes are not supported", escapeAt);
            default:
                if (e >= '0' && e <= '7') {
                    unsigned value = unsigned(e - '0');
                    for (int i = 0; i < 2 && peek() >= '0' && peek() <= '7'; ++i)
                        value = value * 8 + unsigned(m_text[m_pos++] - '0');
                    appendCodePoint(out, value, escapeAt);
                } else {
                    // Python keeps an unknown escape as written (backslash included).
                    out += '\\';
                    out += e;
                }
            }
        }
    }

    std::int64_t integer()
    {
        const std::size_t start = m_pos;
        bool negative = false;
        if (peek() == '-' || peek() == '+') {
            negative = peek() == '-';
            ++m_pos;
            skipSpace();
        }
        if (!(peek() >= '0' && peek() <= '9'))
            fail("expected an integer value", start);
        const std::size_t digitsAt = m_pos;
        std::uint64_t magnitude = 0;
        bool overflow = false;
        std::size_t digits = 0;
        while (!atEnd()) {
            const char c = peek();
            if (c == '_' && digits > 0 && m_pos + 1 < m_text.size() && m_text[m_pos + 1] >= '0' && m_text[m_pos + 1] <= '9') {
                ++m_pos; // PEP 515 digit separator
                continue;
            }
            if (c < '0' || c > '9')
                break;
            if (magnitude > (std::numeric_limits<std::uint64_t>::max() - 9) / 10)
                overflow = true;
            magnitude = magnitude * 10 + std::uint64_t(c - '0');
            ++digits;
            ++m_pos;
        }
        // Python refuses "01" (ambiguous with old octal) but accepts "00".
        if (m_text[digitsAt] == '0' && m_text.substr(digitsAt, m_pos - digitsAt).find_first_not_of("0_") != std::string_view::npos)
            fail("leading zeros in an integer", digitsAt);
        if (!atEnd() && (std::isalpha(static_cast<unsigned char>(peek())) || peek() == '.'))
            fail("expected an integer value", start);
        const std::uint64_t limit = negative ? std::uint64_t(std::numeric_limits<std::int64_t>::max()) + 1
                                             : std::uint64_t(std::numeric_limits<std::int64_t>::max());
        if (overflow || magnitude > limit)
            fail("integer out of range", start);
        if (negative)
            return magnitude == limit ? std::numeric_limits<std::int64_t>::min() : -static_cast<std::int64_t>(magnitude);
        return static_cast<std::int64_t>(magnitude);
    }

    std::string_view m_text;
    std::size_t m_pos = 0;
};

} // namespace

PythonStrIntDict parsePythonStrIntDict(std::string_view text)
{
    return DictParser(text).parse();
}

} // namespace crsw
