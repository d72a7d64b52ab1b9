#pragma once

#include <cstdint>
#include <string>

namespace crsw {

/// metrics.jsonl of a run: one JSON object a line, appended and flushed as
/// training goes, each with a "step". Reopening for a resumed run first drops
/// the lines of steps after the checkpoint (they will be redone), so the file
/// never holds a step twice.
class MetricsLog {
public:
    /// Opens (creating) `path`; keeps only lines whose "step" <= keepThroughStep
    /// (all of them when keepThroughStep < 0; none when it is 0). Throws crsw::Error.
    MetricsLog(const std::string &path, std::int64_t keepThroughStep);

    /// Appends one line (a JSON object's text, without the newline) and flushes it.
    void append(const std::string &jsonObject);

    const std::string &path() const { return m_path; }

private:
    std::string m_path;
};

} // namespace crsw
