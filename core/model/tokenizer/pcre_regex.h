#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace crsw {

/// A PCRE2 regular expression in UTF + Unicode-property mode, JIT-compiled,
/// standing in for the Oniguruma expressions of tokenizer.json files
/// (\p{L}, \p{N}, lookahead; \s also matches U+0085 as in Oniguruma).
/// Immutable after construction and safe to use from several threads.
class PcreRegex {
public:
    /// Compiles `pattern`; throws crsw::Error with PCRE2's message and offset.
    explicit PcreRegex(const std::string &pattern);
    ~PcreRegex();
    PcreRegex(const PcreRegex &) = delete;
    PcreRegex &operator=(const PcreRegex &) = delete;

    /// Byte ranges [begin, end) of the successive non-overlapping, non-empty
    /// matches in `text`, which must be valid UTF-8, appended to `out`.
    void findAll(std::string_view text, std::vector<std::pair<std::size_t, std::size_t>> &out) const;
    /// True when the pattern matches somewhere in `text` (valid UTF-8).
    bool search(std::string_view text) const;

private:
    std::string m_pattern;
    void *m_code = nullptr; // pcre2_code_8, kept out of the header
};

/// `pattern` with \s made to match U+0085 too, as Oniguruma's \s does.
std::string onigurumaCompatiblePattern(const std::string &pattern);

} // namespace crsw
