#pragma once

#include "teacher/openai_chat_backend.h"

#include <memory>
#include <mutex>

namespace crsw {

/// The HTTP teacher of one synthesis run, as the page watches it. The run
/// calls run() once per phase (prompt 1, then prompt 2) and
/// OpenAiChatBackend::stats() starts again at each; this wrapper adds the
/// figures of the phases that ended, so the live figures (requests, tokens,
/// cost, retries, failures) cover the whole run. stats() is safe to poll
/// from the GUI thread while run() works on another.
class TeacherRunBackend : public ChatBackend {
public:
    /// The HTTP teacher configured by `config`.
    explicit TeacherRunBackend(OpenAiChatConfig config);

    /// The client's description ("gpt-4o-mini at https://...").
    std::string describe() const override;
    /// One phase: the client's run(); its final figures join the ended phases.
    ChatRunTotals run(const std::vector<ChatRequest> &requests, const ChatResultSink &sink,
                      Progress &progress) override;

    /// The whole run so far: ended phases plus the current one.
    TeacherStats stats() const;

private:
    OpenAiChatBackend m_backend;
    mutable std::mutex m_mutex;
    TeacherStats m_ended;       // guarded by m_mutex: the sum of the ended phases
    bool m_inPhase = false;     // guarded by m_mutex
    TeacherStats m_lastPhase;   // guarded by m_mutex: the last ended phase as the client reported it
};

} // namespace crsw
