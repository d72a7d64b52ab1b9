#include "common/error.h"

namespace crsw {

std::string SourceLocation::toString() const
{
    std::string text = file;
    if (line > 0)
        text += (text.empty() ? "line " : ":") + std::to_string(line);
    if (!field.empty())
        text += (text.empty() ? "" : ": ") + field;
    return text;
}

Error::Error(const std::string &reason) : std::runtime_error(reason), m_reason(reason) {}

Error::Error(SourceLocation where, const std::string &reason)
    : std::runtime_error(where.toString().empty() ? reason : where.toString() + ": " + reason),
      m_where(std::move(where)),
      m_reason(reason)
{
}

} // namespace crsw
