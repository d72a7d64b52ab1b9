#pragma once

#include "common/progress.h"

#include <QObject>
#include <QString>

namespace crsw {

/// One piece of core work started by JobRunner, seen from the GUI thread:
/// its title, its latest progress and a way to cancel it. The Job object lives
/// on the GUI thread and is owned by the runner, which deletes it (later) once
/// the work has returned; hold it in a QPointer.
class Job : public QObject {
    Q_OBJECT
public:
    /// The title shown in the status bar ("Loading seed corpus").
    const QString &title() const { return m_title; }
    /// The latest reported fraction in [0, 1], or < 0 while the total is unknown.
    double fraction() const { return m_fraction; }
    /// The latest reported message.
    const QString &message() const { return m_message; }
    /// True once the work function has returned (or thrown).
    bool isFinished() const { return m_finished; }

    /// Asks the work to stop; it ends at its next Progress cancellation check.
    void cancel();
    /// True once cancel() was called (the work may still be running).
    bool isCancelRequested() const;

Q_SIGNALS:
    /// Progress reported by the work, delivered on the GUI thread.
    void progressChanged(double fraction, const QString &message);
    /// The work has returned; emitted on the GUI thread.
    void finished();

private:
    friend class JobRunner;
    Job(const QString &title, QObject *parent);

    // Called on the GUI thread only (queued from the worker by JobRunner).
    void setProgress(double fraction, const QString &message);
    void markFinished();

    QString m_title;
    double m_fraction = -1.0;
    QString m_message;
    bool m_finished = false;
    Progress m_progress; // shares its cancel flag with the copy the work holds
};

} // namespace crsw
