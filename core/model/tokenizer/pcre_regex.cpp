#include "model/tokenizer/pcre_regex.h"

#include "common/error.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <memory>

namespace crsw {

namespace {

pcre2_code *code(void *p) { return static_cast<pcre2_code *>(p); }

struct MatchDataDeleter {
    void operator()(pcre2_match_data *data) const { pcre2_match_data_free(data); }
};

} // namespace

std::string onigurumaCompatiblePattern(const std::string &pattern)
{
    std::string out;
    bool inClass = false;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const char c = pattern[i];
        if (c == '\\' && i + 1 < pattern.size()) {
            const char escaped = pattern[++i];
            if (escaped == 's')
                out += inClass ? "\\s\\x{85}" : "[\\s\\x{85}]";
            else if (escaped == 'S' && !inClass)
                out += "[^\\s\\x{85}]";
            else
                out.append({c, escaped});
            continue;
        }
        if (!inClass && c == '[') {
            inClass = true;
            out += c;
            // A ']' right after '[' or '[^' is a literal member, not the end.
            if (i + 1 < pattern.size() && pattern[i + 1] == '^')
                out += pattern[++i];
            if (i + 1 < pattern.size() && pattern[i + 1] == ']')
                out += pattern[++i];
            continue;
        }
        if (inClass && c == ']')
            inClass = false;
        out += c;
    }
    return out;
}

PcreRegex::PcreRegex(const std::string &pattern) : m_pattern(pattern)
{
    const std::string compatible = onigurumaCompatiblePattern(pattern);
    int error = 0;
    PCRE2_SIZE offset = 0;
    m_code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(compatible.data()), compatible.size(), PCRE2_UTF | PCRE2_UCP,
                           &error, &offset, nullptr);
    if (!m_code) {
        PCRE2_UCHAR message[256];
        pcre2_get_error_message(error, message, sizeof(message));
        throw Error("regex '" + pattern + "': " + reinterpret_cast<const char *>(message) + " at offset "
                    + std::to_string(offset));
    }
    // JIT makes matching several times faster; without it (unsupported CPU)
    // pcre2_match falls back to the interpreter, so a failure is not an error.
    pcre2_jit_compile(code(m_code), PCRE2_JIT_COMPLETE);
}

PcreRegex::~PcreRegex() { pcre2_code_free(code(m_code)); }

void PcreRegex::findAll(std::string_view text, std::vector<std::pair<std::size_t, std::size_t>> &out) const
{
    std::unique_ptr<pcre2_match_data, MatchDataDeleter> data(pcre2_match_data_create(1, nullptr));
    const auto *subject = reinterpret_cast<PCRE2_SPTR>(text.data());
    std::size_t start = 0;
    while (start < text.size()) {
        const int rc = pcre2_match(code(m_code), subject, text.size(), start, PCRE2_NO_UTF_CHECK, data.get(), nullptr);
        if (rc == PCRE2_ERROR_NOMATCH)
            return;
        if (rc < 0) {
            PCRE2_UCHAR message[256];
            pcre2_get_error_message(rc, message, sizeof(message));
            throw Error("regex '" + m_pattern + "': " + reinterpret_cast<const char *>(message));
        }
        const PCRE2_SIZE *ovector = pcre2_get_ovector_pointer(data.get());
        const std::size_t begin = ovector[0], end = ovector[1];
        if (end > begin) {
            out.emplace_back(begin, end);
            start = end;
        } else {
            // Empty matches split nothing (the tokenizers library drops empty
            // pieces); step over one whole character.
            start = begin + 1;
            while (start < text.size() && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80)
                ++start;
        }
    }
}

bool PcreRegex::search(std::string_view text) const
{
    std::unique_ptr<pcre2_match_data, MatchDataDeleter> data(pcre2_match_data_create(1, nullptr));
    return pcre2_match(code(m_code), reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), 0, PCRE2_NO_UTF_CHECK,
                       data.get(), nullptr)
        >= 0;
}

} // namespace crsw
