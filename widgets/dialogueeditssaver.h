#pragma once

#include "synth/synth_record_edits.h"

#include <QObject>
#include <QString>
#include <QThreadPool>

#include <functional>
#include <memory>

namespace crsw {

/// Writes the edits sidecars of synthetic datasets (SynthRecordEdits::save:
/// temp file, fsync, rename) on one worker thread, so a Flag or Delete never
/// waits for the disk on the GUI thread. Each save() queues a whole snapshot
/// of one dataset's edits; snapshots are written strictly in the order they
/// were queued, one at a time, and none is dropped unless a later snapshot of
/// the same sidecar queued right behind it replaces it (it holds every edit
/// the earlier one held). Every save() gets a ticket (1, 2, …) so that other
/// work (a reload, an export) can wait until the edits queued before it are
/// on disk. Destroying the saver writes what is still queued first.
class DialogueEditsSaver : public QObject {
    Q_OBJECT
public:
    /// A saver with its own one-thread pool.
    explicit DialogueEditsSaver(QObject *parent = nullptr);
    /// Writes what is still queued (flush()), then returns.
    ~DialogueEditsSaver() override;

    /// Queues `edits` for the sidecar of `outPath` (OUT.jsonl); returns its ticket.
    quint64 save(const QString &outPath, const SynthRecordEdits &edits);
    /// The ticket of the latest save() (0 before the first).
    quint64 lastTicket() const;
    /// Blocks until every snapshot queued so far is written (or failed), then
    /// reports their outcomes (saved(), failed()) before returning. For a
    /// workspace switch, closing, and tests.
    void flush();
    /// A function any thread may call to block until the snapshot `ticket`
    /// and every one before it are written or failed. It stays valid after the
    /// saver is destroyed (a job may hold it).
    std::function<void()> waiterFor(quint64 ticket) const;

Q_SIGNALS:
    /// A snapshot reached the disk: the sidecar file and the snapshot's ticket.
    void saved(const QString &sidecarPath, quint64 ticket);
    /// A snapshot could not be written; `error` names the file and why.
    void failed(const QString &sidecarPath, const QString &error);

private:
    struct State;
    void drain();   // worker thread: writes until the queue is empty
    void deliver(); // GUI thread: emits the outcomes collected so far

    std::shared_ptr<State> m_state;
    QThreadPool m_pool; // one thread: the order of the writes is the order of save()
};

} // namespace crsw
