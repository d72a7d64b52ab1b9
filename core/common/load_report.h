#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace crsw {

/// One malformed input line (or record): where it is and why it was rejected.
struct InputProblem {
    std::string file;
    std::int64_t line = 0;  ///< 1-based line number
    std::string field;      ///< offending field, empty when the whole line is bad
    std::string reason;     ///< short, stable text ("invalid JSON: ...", "expected a number")

    /// "file:line: field: reason", the format the GUI and CLI show.
    std::string toString() const;
};

/// The report of every malformed line met while loading. A bad line never
/// aborts a load and is never silently dropped: each one is counted, kept in
/// detail (up to detailLimit, then only counted per reason) and passed to the
/// optional sink, which can stream an unbounded report to a file.
class LoadReport {
public:
    explicit LoadReport(std::size_t detailLimit = 100000);

    /// Records one problem.
    void add(InputProblem problem);
    /// Appends another report's problems (keeps this report's limit).
    void merge(const LoadReport &other);

    /// Every added problem goes here too, detail limit or not.
    void setSink(std::function<void(const InputProblem &)> sink);

    std::size_t count() const { return m_total; }
    bool empty() const { return m_total == 0; }
    /// The first detailLimit problems, in the order they were found.
    const std::vector<InputProblem> &problems() const { return m_problems; }
    /// Problems counted but not kept in detail.
    std::size_t undetailed() const { return m_total - m_problems.size(); }
    /// Problem counts by reason category (the reason text up to its first ':').
    const std::map<std::string, std::size_t> &countsByReason() const { return m_byReason; }

    /// A few lines for a terminal or status bar: totals, top reasons, first examples.
    std::string summary(std::size_t examples = 5) const;

private:
    std::size_t m_detailLimit;
    std::size_t m_total = 0;
    std::vector<InputProblem> m_problems;
    std::map<std::string, std::size_t> m_byReason;
    std::function<void(const InputProblem &)> m_sink;
};

} // namespace crsw
