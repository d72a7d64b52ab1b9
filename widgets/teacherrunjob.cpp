#include "teacherrunjob.h"

#include "jobrunner.h"
#include "teacherrunbackend.h"

#include "common/atomic_file.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>

namespace crsw {

// The worker's wait for the user's answer to the estimate.
struct TeacherRunJob::Gate {
    std::mutex mutex;
    std::condition_variable answered;
    std::optional<bool> send; // guarded by mutex

    // Blocks until answered or cancelled; polls the cancel flag, which
    // Progress has no way to signal.
    bool wait(const Progress &progress)
    {
        std::unique_lock<std::mutex> lock(mutex);
        while (!send) {
            if (progress.cancelled())
                return false;
            answered.wait_for(lock, std::chrono::milliseconds(100));
        }
        return *send;
    }
    void answer(bool value)
    {
        {
            const std::lock_guard<std::mutex> lock(mutex);
            send = value;
        }
        answered.notify_all();
    }
};

TeacherRunJob::TeacherRunJob(JobRunner *runner, QObject *parent) : QObject(parent), m_runner(runner)
{
    m_poll.setInterval(250);
    connect(&m_poll, &QTimer::timeout, this, [this] { Q_EMIT statsChanged(stats()); });
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &TeacherRunJob::onFinished);
}

TeacherRunJob::~TeacherRunJob()
{
    // The runner joins the worker; a worker waiting for the answer must not block that.
    cancel();
}

void TeacherRunJob::start(const Request &request)
{
    if (m_running || !request.workspace)
        return;
    m_gate = std::make_shared<Gate>();
    m_backend.reset();
    SynthStageOptions options = request.options;
    options.backend = nullptr;
    if (!request.settings.offline) {
        const QString cachePath = QString::fromStdString(request.workspace->cacheDir() + "/teacher.sqlite");
        m_backend = std::make_shared<TeacherRunBackend>(request.settings.clientConfig(request.sessionKey, cachePath));
        options.chat = request.settings.chatParams();
    }
    std::shared_ptr<const Workspace> workspace = request.workspace;
    std::shared_ptr<TeacherRunBackend> backend = m_backend;
    std::shared_ptr<Gate> gate = m_gate;
    const TeacherSettings settings = request.settings;
    const qint64 latency = request.measuredLatencyMs;
    QPointer<TeacherRunJob> self(this);
    const QString title = settings.offline ? tr("Synthesizing dialogues (offline)") : tr("Synthesizing dialogues");
    auto handle = m_runner->start<SynthStageSummary>(
        title, [workspace, backend, gate, settings, latency, options, self](Progress &progress) mutable {
            if (backend) {
                makeDirectories(workspace->cacheDir());
                options.backend = backend.get();
                options.beforeSending = [&](const SynthTeacherPreview &preview) {
                    const TeacherEstimate estimate =
                        TeacherEstimate::make(preview, settings, settings.priceTable(), latency);
                    // Queued to the GUI thread; dropped if the job object is gone.
                    QMetaObject::invokeMethod(
                        self.data(), [self, estimate] { if (self) self->onEstimate(estimate); }, Qt::QueuedConnection);
                    const bool send = gate->wait(progress);
                    progress.throwIfCancelled(); // Cancel ends the run as cancelled, not as "not sent"
                    return send;
                };
            }
            return synthesizeWorkspace(*workspace, options, progress);
        });
    m_job = handle.job;
    m_running = true;
    if (m_job)
        connect(m_job, &Job::progressChanged, this, &TeacherRunJob::progressChanged);
    if (m_backend)
        m_poll.start();
    m_watcher.setFuture(handle.future);
}

void TeacherRunJob::confirm(bool send)
{
    m_waiting = false;
    if (m_gate)
        m_gate->answer(send);
}

void TeacherRunJob::cancel()
{
    if (m_job)
        m_job->cancel();
    if (m_waiting)
        confirm(false);
}

TeacherStats TeacherRunJob::stats() const
{
    return m_backend ? m_backend->stats() : TeacherStats();
}

void TeacherRunJob::onEstimate(const TeacherEstimate &estimate)
{
    if (!m_running)
        return;
    m_waiting = true;
    Q_EMIT estimateReady(estimate);
}

void TeacherRunJob::onFinished()
{
    m_poll.stop();
    m_running = false;
    m_waiting = false;
    m_job.clear();
    if (m_backend)
        Q_EMIT statsChanged(stats());
    Q_EMIT finished(m_watcher.result());
}

} // namespace crsw

// This header's moc output is compiled here, not in the shared mocs_compilation.cpp,
// where core/teacher's crsw::ChatMessage (chat_types.h) would meet core/model's
// (chat_format.h) from another page's header.
#include "moc_teacherrunjob.cpp"
