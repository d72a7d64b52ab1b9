#pragma once

#include <string>

namespace crsw {

/// One turn of a chat: what the teacher client sends (core/teacher) and what
/// the student's chat formats render (core/model). One definition for both,
/// since a program links the two.
struct ChatMessage {
    std::string role;    ///< "system", "user" or "assistant"
    std::string content;
};

} // namespace crsw
