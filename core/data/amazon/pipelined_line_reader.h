#pragma once

#include "common/line_reader.h"

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace crsw {

/// LineReader on a background thread: reading and inflating the file overlaps
/// with whatever the caller does with each line (parsing). Lines are copied
/// into batches and handed out in file order, with LineReader's contract:
/// views valid until the next call, followed by LineReader::kPadding readable
/// bytes, over-long lines flagged. A read error is thrown by next() at the
/// point in the stream where it happened, after every line before it.
/// Memory stays constant: a few batches of about batchBytes each.
class PipelinedLineReader {
public:
    /// Opens the file on the calling thread (so a missing file throws crsw::Error here) and starts reading.
    PipelinedLineReader(const std::string &path, LineReader::Options options,
                        std::size_t batchBytes = std::size_t(4) << 20);
    /// Stops the reading thread (also when the consumer gives up early).
    ~PipelinedLineReader();
    PipelinedLineReader(const PipelinedLineReader &) = delete;
    PipelinedLineReader &operator=(const PipelinedLineReader &) = delete;

    /// The next line; false at the end of the file.
    bool next(LineReader::Line &line);

    bool isGzip() const { return m_gzip; }
    /// Bytes of the file read up to the current batch, and that as a fraction of the file.
    std::uint64_t fileBytesRead() const { return m_current ? m_current->bytesRead : 0; }
    double fraction() const;

private:
    struct Entry {
        std::size_t offset = 0;
        std::size_t size = 0;
        std::int64_t number = 0;
        bool tooLong = false;
    };
    struct Batch {
        std::vector<char> data; // the lines back to back, then kPadding bytes
        std::vector<Entry> lines;
        std::uint64_t bytesRead = 0;
        std::exception_ptr error; // thrown after the batch's lines
        bool last = false;
    };

    void produce();
    Batch *takeFree();
    void pushFull(Batch *batch);

    LineReader m_reader;
    std::size_t m_batchBytes;
    bool m_gzip = false;
    std::uint64_t m_fileBytes = 0;
    std::vector<Batch> m_batches;

    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::vector<Batch *> m_free; // guarded by m_mutex
    std::vector<Batch *> m_full; // guarded by m_mutex; FIFO (front is next)
    bool m_stop = false;         // guarded by m_mutex

    Batch *m_current = nullptr;  // consumer side only
    std::size_t m_next = 0;
    std::thread m_thread;
};

} // namespace crsw
