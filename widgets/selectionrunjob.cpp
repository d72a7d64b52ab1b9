#include "selectionrunjob.h"

#include "jobrunner.h"
#include "liveselectiontrace.h"

namespace crsw {

namespace {
constexpr int kLiveIntervalMs = 40;
} // namespace

SelectionRunJob::SelectionRunJob(JobRunner *runner, QObject *parent)
    : QObject(parent)
    , m_runner(runner)
{
    m_timer.setInterval(kLiveIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &SelectionRunJob::poll);
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &SelectionRunJob::onFinished);
}

SelectionRunJob::~SelectionRunJob() = default;

Job *SelectionRunJob::start(std::shared_ptr<const Workspace> workspace, const SelectStageOptions &options,
                            const QString &title)
{
    auto live = std::make_shared<LiveSelectionTrace>();
    m_live = live;
    m_taken = 0;
    m_running = true;
    auto handle = m_runner->start<SelectStageSummary>(title, [workspace, options, live](Progress &progress) {
        return selectWorkspace(*workspace, options, progress,
                               [&live](std::size_t, std::uint32_t row, double score) { live->append(row, score); });
    });
    m_watcher.setFuture(handle.future);
    m_timer.start();
    return handle.job;
}

void SelectionRunJob::abandon()
{
    // A new (empty) future detaches the watcher from the old one: its end is never reported.
    m_watcher.setFuture(QFuture<JobOutcome<SelectStageSummary>>());
    m_timer.stop();
    m_live.reset();
    m_running = false;
}

void SelectionRunJob::poll()
{
    if (!m_live)
        return;
    std::vector<std::uint32_t> rows;
    std::vector<double> scores;
    m_taken = m_live->takeNew(m_taken, &rows, &scores);
    if (!rows.empty())
        Q_EMIT picksArrived(rows, scores);
}

void SelectionRunJob::onFinished()
{
    if (!m_running)
        return;
    poll(); // the picks since the last tick
    m_timer.stop();
    m_live.reset();
    m_running = false;
    Q_EMIT finished(m_watcher.result());
}

} // namespace crsw
