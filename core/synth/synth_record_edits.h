#pragma once

#include "synth/synth_record.h"

#include <set>
#include <string>
#include <vector>

namespace crsw {

/// The user's edits of a synthetic dataset, kept beside it in a small sidecar
/// (OUT.jsonl.edits.json) so that the append-only OUT.jsonl is never
/// rewritten: which records (by key) are flagged for review and which are
/// deleted. A deleted record stays in OUT, so a resumed run still sees its key
/// and does not write it again; exports leave it out.
///
///   {"format": "crsw-synth-edits", "version": 1,
///    "flagged": ["s4-r17-q0", ...], "deleted": ["s9-r2-q3", ...]}
class SynthRecordEdits {
public:
    static constexpr const char *kFormat = "crsw-synth-edits";
    static constexpr int kVersion = 1;

    /// The sidecar of a dataset: "<outPath>.edits.json".
    static std::string sidecarPath(const std::string &outPath);
    /// Reads the sidecar of `outPath`; none there reads as no edits. Throws
    /// crsw::Error naming the sidecar and field when it is malformed.
    static SynthRecordEdits load(const std::string &outPath);
    /// Writes the sidecar of `outPath` atomically (temp file, fsync, rename).
    /// Throws crsw::Error.
    void save(const std::string &outPath) const;

    /// Whether the record with this key is flagged / deleted.
    bool isFlagged(const std::string &key) const { return m_flagged.count(key) > 0; }
    bool isDeleted(const std::string &key) const { return m_deleted.count(key) > 0; }
    /// Flags or unflags a record.
    void setFlagged(const std::string &key, bool flagged);
    /// Deletes or restores a record.
    void setDeleted(const std::string &key, bool deleted);
    /// The flagged / deleted keys, sorted.
    const std::set<std::string> &flagged() const { return m_flagged; }
    const std::set<std::string> &deleted() const { return m_deleted; }
    /// True when nothing is flagged or deleted.
    bool empty() const { return m_flagged.empty() && m_deleted.empty(); }

    /// `records` less the deleted ones, in order.
    std::vector<SynthRecord> withoutDeleted(std::vector<SynthRecord> records) const;

private:
    std::set<std::string> m_flagged;
    std::set<std::string> m_deleted;
};

} // namespace crsw
