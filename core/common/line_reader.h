#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace crsw {

/// Streams the lines of a plain or gzip-compressed text file (detected by its
/// magic bytes, not its name) in constant memory.
///
/// Lines are returned as views into an internal buffer, valid until the next
/// call to next(). Every view is followed by at least kPadding readable bytes,
/// so simdjson can parse it in place. A line longer than maxLineBytes is not
/// kept: next() skips it and flags it tooLong so the caller can report it.
/// I/O errors and damaged or truncated gzip streams throw crsw::Error naming
/// the file and the line reached; lines returned before the error stay valid
/// results for the caller.
class LineReader {
public:
    static constexpr std::size_t kPadding = 64;

    struct Options {
        std::size_t maxLineBytes = std::size_t(64) << 20; ///< longer lines are skipped and flagged
        std::size_t chunkBytes = std::size_t(4) << 20;    ///< read/inflate granularity
    };

    struct Line {
        std::string_view text;    ///< without '\n' (and without a trailing '\r')
        std::int64_t number = 0;  ///< 1-based
        bool tooLong = false;     ///< text is empty; the line exceeded maxLineBytes
    };

    /// Opens the file. Throws crsw::Error if it is missing, a directory or unreadable.
    explicit LineReader(const std::string &path);
    LineReader(const std::string &path, Options options);
    ~LineReader();
    LineReader(const LineReader &) = delete;
    LineReader &operator=(const LineReader &) = delete;

    /// Reads the next line; false at the end of the file.
    bool next(Line &line);

    const std::string &path() const { return m_path; }
    bool isGzip() const;
    /// Size of the file on disk, and how much of it has been read (for progress).
    std::uint64_t fileBytes() const { return m_fileBytes; }
    std::uint64_t fileBytesRead() const;
    /// Progress through the file in [0, 1].
    double fraction() const;

private:
    class Source;
    bool refill();

    std::string m_path;
    Options m_options;
    std::unique_ptr<Source> m_source;
    std::uint64_t m_fileBytes = 0;
    std::vector<char> m_buffer; // data in [m_begin, m_end), plus kPadding slack
    std::size_t m_begin = 0;
    std::size_t m_end = 0;
    std::size_t m_scanFrom = 0; // where to resume the newline search
    bool m_eof = false;
    bool m_skipping = false;    // inside an over-long line
    std::int64_t m_lineNumber = 0;
};

} // namespace crsw
