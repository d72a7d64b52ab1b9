#include "data/amazon/pipelined_line_reader.h"

#include <algorithm>
#include <cstring>
#include <utility>

namespace crsw {

namespace {
// Three batches: one being filled, one waiting, one being parsed.
constexpr std::size_t kBatches = 3;
} // namespace

PipelinedLineReader::PipelinedLineReader(const std::string &path, LineReader::Options options,
                                         std::size_t batchBytes)
    : m_reader(path, options), m_batchBytes(std::max<std::size_t>(batchBytes, 4096)), m_batches(kBatches)
{
    m_gzip = m_reader.isGzip();
    m_fileBytes = m_reader.fileBytes();
    for (Batch &batch : m_batches)
        m_free.push_back(&batch);
    m_thread = std::thread([this] { produce(); });
}

PipelinedLineReader::~PipelinedLineReader()
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
    }
    m_changed.notify_all();
    m_thread.join();
}

double PipelinedLineReader::fraction() const
{
    return m_fileBytes == 0 ? 1.0 : std::min(1.0, double(fileBytesRead()) / double(m_fileBytes));
}

PipelinedLineReader::Batch *PipelinedLineReader::takeFree()
{
    std::unique_lock<std::mutex> lock(m_mutex);
    m_changed.wait(lock, [this] { return m_stop || !m_free.empty(); });
    if (m_stop)
        return nullptr;
    Batch *batch = m_free.back();
    m_free.pop_back();
    return batch;
}

void PipelinedLineReader::pushFull(Batch *batch)
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_full.push_back(batch);
    }
    m_changed.notify_all();
}

void PipelinedLineReader::produce()
{
    LineReader::Line line;
    bool done = false;
    while (!done) {
        Batch *batch = takeFree();
        if (!batch)
            return;
        batch->lines.clear();
        batch->error = nullptr;
        batch->last = false;
        std::size_t used = 0;
        try {
            while (used < m_batchBytes) {
                if (!m_reader.next(line)) {
                    done = true;
                    break;
                }
                // Grow by doubling, keeping room for the padding after the last line.
                if (batch->data.size() < used + line.text.size() + LineReader::kPadding)
                    batch->data.resize(std::max(batch->data.size() * 2,
                                                used + line.text.size() + LineReader::kPadding));
                if (!line.text.empty())
                    std::memcpy(batch->data.data() + used, line.text.data(), line.text.size());
                batch->lines.push_back({used, line.text.size(), line.number, line.tooLong});
                used += line.text.size();
            }
        } catch (...) {
            // Delivered after the lines read before it, as LineReader would have.
            batch->error = std::current_exception();
            done = true;
        }
        if (batch->data.size() < used + LineReader::kPadding)
            batch->data.resize(used + LineReader::kPadding);
        std::memset(batch->data.data() + used, 0, LineReader::kPadding);
        batch->bytesRead = m_reader.fileBytesRead();
        batch->last = done;
        pushFull(batch);
    }
}

bool PipelinedLineReader::next(LineReader::Line &line)
{
    for (;;) {
        if (m_current && m_next < m_current->lines.size()) {
            const Entry &e = m_current->lines[m_next++];
            line.text = std::string_view(m_current->data.data() + e.offset, e.size);
            line.number = e.number;
            line.tooLong = e.tooLong;
            return true;
        }
        if (m_current) {
            if (m_current->error)
                std::rethrow_exception(std::exchange(m_current->error, nullptr));
            if (m_current->last)
                return false;
            std::lock_guard<std::mutex> lock(m_mutex);
            m_free.push_back(m_current);
            m_current = nullptr;
        }
        m_changed.notify_all();
        std::unique_lock<std::mutex> lock(m_mutex);
        m_changed.wait(lock, [this] { return !m_full.empty(); });
        m_current = m_full.front();
        m_full.erase(m_full.begin());
        m_next = 0;
    }
}

} // namespace crsw
