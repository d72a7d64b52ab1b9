#pragma once

#include "common/load_report.h"
#include "synth/synth_record.h"

#include <cstdint>
#include <string>
#include <vector>

namespace crsw {

/// What readSynthRecords() found in a synthetic dataset (OUT.jsonl).
struct SynthRecordFile {
    std::vector<SynthRecord> records;  ///< the good records, in file order
    LoadReport problems;               ///< every bad line, "file:line: field: reason"
    /// The last line had no line break and did not parse: a write cut short
    /// by a kill. Reported in `problems`; SynthRecordWriter removes it.
    bool truncatedTail = false;
};

/// Reads OUT.jsonl, keeping every good record: a malformed line (bad JSON, a
/// missing or mistyped field, a repeated key) is reported with its file and
/// line and skipped, never fatal. A missing file reads as empty. Throws
/// crsw::Error only when the file exists but cannot be read.
SynthRecordFile readSynthRecords(const std::string &path);

/// Appends records to OUT.jsonl, one line each, flushed to disk (fsync) per
/// record, so a kill loses at most the record being written. Opening removes
/// a truncated last line (no line break) left by such a kill, so the next
/// record starts on a line of its own. Move-only; closes on destruction.
class SynthRecordWriter {
public:
    /// Opens (creates) `path` for appending. Throws crsw::Error.
    explicit SynthRecordWriter(const std::string &path);
    ~SynthRecordWriter();
    SynthRecordWriter(const SynthRecordWriter &) = delete;
    SynthRecordWriter &operator=(const SynthRecordWriter &) = delete;

    /// Appends one record and syncs it. Throws crsw::Error.
    void append(const SynthRecord &record);
    /// Bytes of a truncated last line removed when opening (0: none).
    std::uint64_t removedTailBytes() const { return m_removedTail; }

private:
    std::string m_path;
    int m_fd = -1;
    std::uint64_t m_removedTail = 0;
};

} // namespace crsw
