#include "dialogueeditssaver.h"

#include <QMetaObject>
#include <QtGlobal>

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <utility>
#include <vector>

namespace crsw {

struct DialogueEditsSaver::State {
    struct Entry {
        quint64 ticket = 0;
        std::string outPath;
        SynthRecordEdits edits;
    };
    struct Outcome {
        quint64 ticket = 0;
        QString sidecar;
        QString error; // "" when written
    };

    std::mutex mutex;
    std::condition_variable done;   // signalled whenever lastDone grows
    std::deque<Entry> queue;        // guarded by mutex
    quint64 lastQueued = 0;         // guarded by mutex
    quint64 lastDone = 0;           // guarded by mutex: every ticket up to it is written or failed
    bool draining = false;          // guarded by mutex: a drain() task is on the pool
    std::vector<Outcome> outcomes;  // guarded by mutex: not yet reported on the GUI thread

    void waitFor(quint64 ticket)
    {
        std::unique_lock<std::mutex> lock(mutex);
        done.wait(lock, [&] { return lastDone >= ticket; });
    }
};

DialogueEditsSaver::DialogueEditsSaver(QObject *parent) : QObject(parent), m_state(std::make_shared<State>())
{
    m_pool.setObjectName(QStringLiteral("crsw-edits"));
    m_pool.setMaxThreadCount(1);
    // Keep the thread between bursts of clicks rather than starting one per write.
    m_pool.setExpiryTimeout(60000);
}

DialogueEditsSaver::~DialogueEditsSaver()
{
    flush();
    m_pool.waitForDone();
}

quint64 DialogueEditsSaver::save(const QString &outPath, const SynthRecordEdits &edits)
{
    bool start = false;
    quint64 ticket = 0;
    {
        std::lock_guard<std::mutex> lock(m_state->mutex);
        ticket = ++m_state->lastQueued;
        m_state->queue.push_back({ticket, outPath.toStdString(), edits});
        start = !std::exchange(m_state->draining, true);
    }
    // One drain task at a time on a one-thread pool: nothing can overtake.
    if (start)
        m_pool.start([this] { drain(); });
    return ticket;
}

quint64 DialogueEditsSaver::lastTicket() const
{
    std::lock_guard<std::mutex> lock(m_state->mutex);
    return m_state->lastQueued;
}

void DialogueEditsSaver::flush()
{
    m_state->waitFor(lastTicket());
    deliver();
}

std::function<void()> DialogueEditsSaver::waiterFor(quint64 ticket) const
{
    return [state = m_state, ticket] { state->waitFor(ticket); };
}

void DialogueEditsSaver::drain()
{
    for (;;) {
        State::Entry entry;
        {
            std::lock_guard<std::mutex> lock(m_state->mutex);
            if (m_state->queue.empty()) {
                m_state->draining = false;
                return;
            }
            entry = std::move(m_state->queue.front());
            m_state->queue.pop_front();
            // A whole snapshot makes an earlier one of the same file redundant: after a
            // burst of clicks only the newest is written (the order between files is kept).
            while (!m_state->queue.empty() && m_state->queue.front().outPath == entry.outPath) {
                entry = std::move(m_state->queue.front());
                m_state->queue.pop_front();
            }
        }
        State::Outcome outcome;
        outcome.ticket = entry.ticket;
        outcome.sidecar = QString::fromStdString(SynthRecordEdits::sidecarPath(entry.outPath));
        try {
            entry.edits.save(entry.outPath);
        } catch (const std::exception &e) {
            // crsw::Error names the sidecar already ("<path>: cannot replace file: …").
            outcome.error = QString::fromUtf8(e.what());
        }
        {
            std::lock_guard<std::mutex> lock(m_state->mutex);
            m_state->lastDone = entry.ticket;
            m_state->outcomes.push_back(std::move(outcome));
        }
        m_state->done.notify_all();
        // Queued to the GUI thread; the destructor waits for this loop, so `this` is alive
        // here, and Qt drops the call if the saver is gone by the time it would run.
        QMetaObject::invokeMethod(this, [this] { deliver(); }, Qt::QueuedConnection);
    }
}

void DialogueEditsSaver::deliver()
{
    std::vector<State::Outcome> outcomes;
    {
        std::lock_guard<std::mutex> lock(m_state->mutex);
        outcomes.swap(m_state->outcomes);
    }
    for (const State::Outcome &outcome : outcomes) {
        if (outcome.error.isEmpty()) {
            Q_EMIT saved(outcome.sidecar, outcome.ticket);
        } else {
            // Also on stderr: at exit nobody may be left to show it.
            qWarning("Edits not saved: %s", qUtf8Printable(outcome.error));
            Q_EMIT failed(outcome.sidecar, outcome.error);
        }
    }
}

} // namespace crsw
