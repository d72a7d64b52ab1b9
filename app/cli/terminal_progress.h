#pragma once

#include "common/progress.h"

#include <string>

namespace crsw::cli {

/// A Progress that draws on stderr (a redrawn line on a terminal, a line every
/// few seconds in a log) and is cancelled by Ctrl-C or SIGTERM: the first one asks
/// the job to stop cleanly (it keeps what it finished), a second one kills the process.
class TerminalProgress {
public:
    explicit TerminalProgress(const std::string &task);
    ~TerminalProgress();

    Progress &progress() { return m_progress; }
    /// Ends the progress line (call before printing results).
    void finish();

private:
    void draw(double fraction, const std::string &message);

    std::string m_task;
    bool m_tty;
    bool m_drawn = false;
    Progress m_progress;
};

} // namespace crsw::cli
