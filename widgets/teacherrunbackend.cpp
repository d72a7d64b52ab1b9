#include "teacherrunbackend.h"

namespace crsw {

namespace {

TeacherStats added(TeacherStats a, const TeacherStats &b)
{
    a.total += b.total;
    a.done += b.done;
    a.answered += b.answered;
    a.fromCache += b.fromCache;
    a.failed += b.failed;
    a.inFlight += b.inFlight;
    a.retries += b.retries;
    a.promptTokens += b.promptTokens;
    a.completionTokens += b.completionTokens;
    a.costUsd += b.costUsd;
    a.elapsedSeconds += b.elapsedSeconds;
    // Fresh answers per second over the run's sending time.
    const std::size_t fresh = a.done - a.fromCache;
    a.requestsPerSecond = a.elapsedSeconds > 0 ? double(fresh) / a.elapsedSeconds : 0.0;
    a.running = b.running;
    if (!b.stopReason.empty())
        a.stopReason = b.stopReason;
    return a;
}

} // namespace

TeacherRunBackend::TeacherRunBackend(OpenAiChatConfig config) : m_backend(std::move(config)) {}

std::string TeacherRunBackend::describe() const
{
    return m_backend.describe();
}

ChatRunTotals TeacherRunBackend::run(const std::vector<ChatRequest> &requests, const ChatResultSink &sink,
                                     Progress &progress)
{
    {
        const std::lock_guard<std::mutex> lock(m_mutex);
        m_inPhase = true;
    }
    struct EndPhase {
        TeacherRunBackend *self;
        ~EndPhase()
        {
            // Whatever way run() leaves, its final figures join the ended phases.
            const TeacherStats last = self->m_backend.stats();
            const std::lock_guard<std::mutex> lock(self->m_mutex);
            self->m_ended = added(self->m_ended, last);
            self->m_lastPhase = last;
            self->m_ended.running = false;
            self->m_inPhase = false;
        }
    } endPhase{this};
    return m_backend.run(requests, sink, progress);
}

TeacherStats TeacherRunBackend::stats() const
{
    const std::lock_guard<std::mutex> lock(m_mutex);
    const TeacherStats current = m_backend.stats();
    // Until a new phase publishes its first figures, the client still shows
    // the last phase's, which are already in m_ended.
    const bool stale = !current.running && current.done == m_lastPhase.done
                       && current.elapsedSeconds == m_lastPhase.elapsedSeconds;
    if (!m_inPhase || stale)
        return m_ended;
    return added(m_ended, current);
}

} // namespace crsw
