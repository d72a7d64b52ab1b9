#include "common/line_reader.h"

#include "common/error.h"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

namespace crsw {

// Produces raw (decompressed) bytes from the file.
class LineReader::Source {
public:
    Source(const std::string &path, std::size_t chunkBytes) : m_path(path), m_chunk(chunkBytes)
    {
        m_fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (m_fd < 0)
            throw Error({path, 0, {}}, std::string("cannot open: ") + std::strerror(errno));
        ::posix_fadvise(m_fd, 0, 0, POSIX_FADV_SEQUENTIAL);
        unsigned char magic[2] = {0, 0};
        const ssize_t got = ::pread(m_fd, magic, 2, 0);
        m_gzip = got == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        if (m_gzip) {
            std::memset(&m_zs, 0, sizeof m_zs);
            if (inflateInit2(&m_zs, 15 + 32) != Z_OK)
                throw Error({path, 0, {}}, "cannot initialise zlib");
            m_in.resize(std::min<std::size_t>(m_chunk, std::size_t(1) << 20));
        }
    }
    ~Source()
    {
        if (m_gzip)
            inflateEnd(&m_zs);
        if (m_fd >= 0)
            ::close(m_fd);
    }

    bool gzip() const { return m_gzip; }
    std::uint64_t bytesRead() const { return m_read; }

    // Fills up to `capacity` bytes at `out`; returns 0 at the end of the data.
    std::size_t read(char *out, std::size_t capacity, std::int64_t lineReached)
    {
        return m_gzip ? inflateSome(out, capacity, lineReached) : readRaw(out, capacity, lineReached);
    }

private:
    std::size_t readRaw(char *out, std::size_t capacity, std::int64_t lineReached)
    {
        for (;;) {
            const ssize_t got = ::read(m_fd, out, capacity);
            if (got >= 0) {
                m_read += static_cast<std::uint64_t>(got);
                return static_cast<std::size_t>(got);
            }
            if (errno != EINTR)
                throw Error({m_path, lineReached, {}}, std::string("read failed: ") + std::strerror(errno));
        }
    }

    std::size_t inflateSome(char *out, std::size_t capacity, std::int64_t lineReached)
    {
        m_zs.next_out = reinterpret_cast<Bytef *>(out);
        m_zs.avail_out = static_cast<uInt>(capacity);
        while (m_zs.avail_out > 0) {
            if (m_zs.avail_in == 0 && !m_inputDone) {
                const std::size_t got = readRaw(m_in.data(), m_in.size(), lineReached);
                if (got == 0)
                    m_inputDone = true;
                m_zs.next_in = reinterpret_cast<Bytef *>(m_in.data());
                m_zs.avail_in = static_cast<uInt>(got);
            }
            if (m_zs.avail_in == 0 && m_inputDone) {
                if (!m_streamEnded)
                    throw Error({m_path, lineReached, {}},
                                "truncated gzip stream (the file ends before the compressed data does)");
                break;
            }
            if (m_streamEnded) {
                // Concatenated gzip members (as written by `cat a.gz b.gz`, or pigz) continue here.
                if (inflateReset(&m_zs) != Z_OK)
                    throw Error({m_path, lineReached, {}}, "cannot restart zlib for the next gzip member");
                m_streamEnded = false;
            }
            const int rc = inflate(&m_zs, Z_NO_FLUSH);
            if (rc == Z_STREAM_END) {
                m_streamEnded = true;
            } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
                throw Error({m_path, lineReached, {}},
                            std::string("damaged gzip data: ") + (m_zs.msg ? m_zs.msg : zError(rc)));
            }
            if (rc == Z_BUF_ERROR && m_zs.avail_in == 0 && m_inputDone && !m_streamEnded)
                throw Error({m_path, lineReached, {}},
                            "truncated gzip stream (the file ends before the compressed data does)");
        }
        return capacity - m_zs.avail_out;
    }

    std::string m_path;
    std::size_t m_chunk;
    int m_fd = -1;
    bool m_gzip = false;
    z_stream m_zs{};
    std::vector<char> m_in;
    bool m_inputDone = false;
    bool m_streamEnded = false;
    std::uint64_t m_read = 0;
};

LineReader::LineReader(const std::string &path) : LineReader(path, Options{}) {}

LineReader::LineReader(const std::string &path, Options options) : m_path(path), m_options(options)
{
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw Error({path, 0, {}}, "is a directory, expected a file");
    struct stat st{};
    if (::stat(path.c_str(), &st) != 0)
        throw Error({path, 0, {}}, std::string("cannot open: ") + std::strerror(errno));
    m_fileBytes = static_cast<std::uint64_t>(st.st_size);
    m_source = std::make_unique<Source>(path, m_options.chunkBytes);
    m_buffer.resize(m_options.chunkBytes * 2 + kPadding);
}

LineReader::~LineReader() = default;

bool LineReader::isGzip() const { return m_source->gzip(); }

std::uint64_t LineReader::fileBytesRead() const { return m_source->bytesRead(); }

double LineReader::fraction() const
{
    return m_fileBytes == 0 ? 1.0 : std::min(1.0, double(fileBytesRead()) / double(m_fileBytes));
}

// Moves the unread tail to the front and appends more data; false if nothing was added.
bool LineReader::refill()
{
    if (m_eof)
        return false;
    if (m_begin > 0) {
        std::memmove(m_buffer.data(), m_buffer.data() + m_begin, m_end - m_begin);
        m_scanFrom -= m_begin;
        m_end -= m_begin;
        m_begin = 0;
    }
    // Grow for long lines, up to the line limit (plus room for the next chunk).
    if (m_buffer.size() - kPadding - m_end < m_options.chunkBytes) {
        const std::size_t wanted = m_end + m_options.chunkBytes + kPadding;
        m_buffer.resize(std::max(wanted, m_buffer.size() * 2));
    }
    const std::size_t got = m_source->read(m_buffer.data() + m_end, m_buffer.size() - kPadding - m_end,
                                           m_lineNumber + 1);
    if (got == 0) {
        m_eof = true;
        return false;
    }
    m_end += got;
    std::memset(m_buffer.data() + m_end, 0, kPadding);
    return true;
}

bool LineReader::next(Line &line)
{
    for (;;) {
        const char *base = m_buffer.data();
        const void *nl = m_scanFrom < m_end ? std::memchr(base + m_scanFrom, '\n', m_end - m_scanFrom) : nullptr;
        if (nl) {
            const std::size_t pos = static_cast<std::size_t>(static_cast<const char *>(nl) - base);
            std::size_t len = pos - m_begin;
            const std::size_t start = m_begin;
            m_begin = m_scanFrom = pos + 1;
            ++m_lineNumber;
            line.number = m_lineNumber;
            if (m_skipping) {
                m_skipping = false;
                line.text = {};
                line.tooLong = true;
                return true;
            }
            if (len > 0 && base[start + len - 1] == '\r')
                --len;
            line.text = std::string_view(base + start, len);
            line.tooLong = false;
            return true;
        }
        m_scanFrom = m_end;
        if (!m_skipping && m_end - m_begin > m_options.maxLineBytes) {
            // Drop what we have of the over-long line and skip to its end.
            m_skipping = true;
            m_begin = m_scanFrom = m_end;
        }
        if (m_skipping) {
            m_begin = m_scanFrom = m_end;
        }
        if (!refill()) {
            if (m_end > m_begin || m_skipping) {
                // Last line without a trailing newline.
                const std::size_t start = m_begin;
                std::size_t len = m_end - m_begin;
                m_begin = m_scanFrom = m_end;
                ++m_lineNumber;
                line.number = m_lineNumber;
                line.tooLong = m_skipping;
                m_skipping = false;
                if (line.tooLong) {
                    line.text = {};
                    return true;
                }
                if (len > 0 && m_buffer[start + len - 1] == '\r')
                    --len;
                std::memset(m_buffer.data() + m_end, 0, kPadding);
                line.text = std::string_view(m_buffer.data() + start, len);
                return true;
            }
            return false;
        }
    }
}

} // namespace crsw
