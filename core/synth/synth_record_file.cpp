#include "synth/synth_record_file.h"

#include "common/error.h"
#include "common/line_reader.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace crsw {

namespace {

// Whether a non-empty file ends in '\n' (false for an empty or missing file).
bool endsWithNewline(const std::string &path, std::uint64_t &size)
{
    size = 0;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    struct stat st{};
    char last = 0;
    const bool ok = ::fstat(fd, &st) == 0 && st.st_size > 0 && ::pread(fd, &last, 1, st.st_size - 1) == 1;
    size = ok ? std::uint64_t(st.st_size) : 0;
    ::close(fd);
    return ok && last == '\n';
}

[[noreturn]] void systemError(const std::string &path, const std::string &what)
{
    throw Error({path, 0, {}}, what + ": " + std::strerror(errno));
}

} // namespace

SynthRecordFile readSynthRecords(const std::string &path)
{
    SynthRecordFile file;
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        return file;
    std::uint64_t size = 0;
    const bool complete = endsWithNewline(path, size) || size == 0;
    LineReader reader(path);
    LineReader::Line line;
    std::set<std::string> keys;
    // A line that is not JSON is judged once the next line shows whether it
    // was the last: a last line without its line break is a cut-short write.
    std::int64_t notJson = 0;
    const auto flushNotJson = [&](bool last) {
        if (!notJson)
            return;
        if (last && !complete) {
            file.truncatedTail = true;
            file.problems.add({path, notJson, {}, "truncated last line (a write cut short, e.g. by a kill): ignored; the next run redoes it"});
        } else {
            file.problems.add({path, notJson, {}, "invalid JSON"});
        }
        notJson = 0;
    };
    while (reader.next(line)) {
        flushNotJson(false);
        const auto problem = [&](std::string field, std::string reason) {
            file.problems.add({path, line.number, std::move(field), std::move(reason)});
        };
        if (line.tooLong) {
            problem({}, "line too long: skipped");
            continue;
        }
        if (line.text.find_first_not_of(" \t\r") == std::string_view::npos)
            continue; // blank lines hold no record
        const nlohmann::json json = nlohmann::json::parse(line.text, nullptr, false);
        if (json.is_discarded()) {
            notJson = line.number;
            continue;
        }
        try {
            SynthRecord record = SynthRecord::fromJson(json);
            if (!keys.insert(record.key).second) {
                problem("key", "repeated key \"" + record.key + "\": the first record is kept");
                continue;
            }
            file.records.push_back(std::move(record));
        } catch (const Error &e) {
            problem(e.where().field, e.reason());
        } catch (const nlohmann::json::exception &e) {
            problem({}, std::string("unexpected value: ") + e.what());
        }
    }
    flushNotJson(true);
    return file;
}

SynthRecordWriter::SynthRecordWriter(const std::string &path) : m_path(path)
{
    std::uint64_t size = 0;
    if (!endsWithNewline(path, size) && size > 0) {
        // Cut back to the end of the last whole line: the partial record is
        // not in the file's key set, so the run that opens us writes it again.
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            systemError(path, "cannot read");
        std::uint64_t keep = 0; // just after the last '\n', scanning back in chunks
        char chunk[65536];
        for (std::uint64_t end = size; end > 0 && keep == 0;) {
            const std::uint64_t begin = end > sizeof chunk ? end - sizeof chunk : 0;
            if (::pread(fd, chunk, end - begin, off_t(begin)) != ssize_t(end - begin)) {
                ::close(fd);
                systemError(path, "cannot read");
            }
            for (std::uint64_t i = end; i > begin && keep == 0; --i)
                if (chunk[i - 1 - begin] == '\n')
                    keep = i;
            end = begin;
        }
        ::close(fd);
        if (::truncate(path.c_str(), off_t(keep)) != 0)
            systemError(path, "cannot remove the truncated last line");
        m_removedTail = size - keep;
    }
    m_fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (m_fd < 0)
        systemError(path, "cannot open for appending");
}

SynthRecordWriter::~SynthRecordWriter()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

void SynthRecordWriter::append(const SynthRecord &record)
{
    const std::string line = record.toJson().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    std::size_t written = 0;
    while (written < line.size()) {
        const ssize_t n = ::write(m_fd, line.data() + written, line.size() - written);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            systemError(m_path, "cannot append a record");
        }
        written += std::size_t(n);
    }
    if (::fdatasync(m_fd) != 0)
        systemError(m_path, "cannot sync");
}

} // namespace crsw
