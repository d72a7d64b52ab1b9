#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace crsw {

/// Where in an input a problem was found. Empty parts are left out of the text.
struct SourceLocation {
    std::string file;
    std::int64_t line = 0;  ///< 1-based; 0 = not line-oriented
    std::string field;      ///< JSON field, CSV column, ... ("rating", "context[3]")

    /// "file:line: field" with the empty parts omitted.
    std::string toString() const;
};

/// An error in user input or the environment, with the place it was found.
/// what() is the full message: "reviews.jsonl:12: rating: expected a number".
class Error : public std::runtime_error {
public:
    explicit Error(const std::string &reason);
    Error(SourceLocation where, const std::string &reason);

    const SourceLocation &where() const { return m_where; }
    const std::string &reason() const { return m_reason; }

private:
    SourceLocation m_where;
    std::string m_reason;
};

} // namespace crsw
