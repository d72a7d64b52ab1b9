#pragma once

#include <QString>

#include <memory>

namespace crsw {

/// What a job started by JobRunner ended with: its value, or why there is none.
/// The value is held by shared_ptr so that large results (a corpus, an
/// evaluation) are never copied when QFuture hands them out.
template <typename T>
struct JobOutcome {
    std::shared_ptr<T> value; ///< set when the job returned normally
    QString error;            ///< the exception text (crsw::Error: "file:line: field: reason") when it threw
    bool cancelled = false;   ///< the job stopped because it was cancelled

    /// True when the job returned a value.
    bool succeeded() const { return value != nullptr; }
};

} // namespace crsw
