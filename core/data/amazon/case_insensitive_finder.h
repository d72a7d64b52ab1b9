#pragma once

#include <string>
#include <string_view>

namespace crsw {

/// Tests whether UTF-8 texts contain a fixed query, ignoring case, fast
/// enough to filter a million-row table as the user types.
///
/// A text matches when str.lower() of it contains str.lower() of the query
/// (Python's semantics, as pytext::lower implements them), but str.lower() of
/// the text is rarely computed: a query that is ASCII after lower-casing is
/// found by a SIMD scan with ASCII case folding (several GB/s), falling back
/// to lower-casing only for texts holding the two non-ASCII letters whose
/// lower case is ASCII (U+0130, U+212A); a query with other characters is
/// looked for only in texts that have a non-ASCII byte, contain the query's
/// longest ASCII run (ignoring case), and contain its first non-ASCII
/// character or some character that lower-casing changes. The empty query matches every
/// text. Immutable after construction: share it between threads.
class CaseInsensitiveFinder {
public:
    explicit CaseInsensitiveFinder(std::string_view query);

    /// True when `text` contains the query, ignoring case.
    bool matches(std::string_view text) const;

    /// The lower-cased query.
    const std::string &needle() const { return m_needle; }
    bool empty() const { return m_needle.empty(); }

private:
    bool matchesUnicode(std::string_view text) const;

    std::string m_needle;
    std::string m_asciiRun;      // longest ASCII run of m_needle   } prefilters of
    std::string m_firstNonAscii; // its first non-ASCII character   } the Unicode path
    bool m_ascii = true;
    bool m_iOrK = false;    // an ASCII query that U+0130 or U+212A could also produce
};

} // namespace crsw
