#pragma once

#include "joboutcome.h"
#include "teachersettings.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>

namespace crsw {

class JobRunner;

/// "Test connection": one tiny Chat Completions request to the endpoint, on
/// a worker thread, with no retries and no cache, so the answer (or the
/// error) and the latency are what the endpoint does right now.
class TeacherConnectionTest : public QObject {
    Q_OBJECT
public:
    /// What the request ended with.
    struct Result {
        bool ok = false;
        qint64 milliseconds = 0;  ///< from sending to the answer (or the failure)
        QString model;            ///< the model the endpoint says answered
        QString text;             ///< the answer's content, or the error
    };

    /// A test that runs its request through `runner`.
    explicit TeacherConnectionTest(JobRunner *runner, QObject *parent = nullptr);

    /// Sends the request (ignored while one is running).
    void start(const TeacherSettings &settings, const QString &sessionKey);
    /// True while the request is out.
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    /// The request ended (GUI thread).
    void finished(const crsw::TeacherConnectionTest::Result &result);

private:
    void onFinished();

    JobRunner *m_runner;
    QFutureWatcher<JobOutcome<Result>> m_watcher;
    bool m_running = false;
};

} // namespace crsw
