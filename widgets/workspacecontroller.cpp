#include "workspacecontroller.h"

#include "jobrunner.h"
#include "recentworkspaces.h"

#include "pipeline/demo_workspace.h"

#include <QDir>
#include <QFileInfo>

namespace crsw {

namespace {

// The demo has had its first pipeline run when every benchmark has popularity answers.
bool hasPipelineResults(const Workspace &workspace)
{
    const std::vector<BenchmarkEntry> benchmarks = workspace.benchmarks();
    for (const BenchmarkEntry &benchmark : benchmarks) {
        const std::string answers = workspace.runsDir() + "/popularity-" + benchmark.name + "/answers.jsonl";
        if (!QFileInfo::exists(QString::fromStdString(answers)))
            return false;
    }
    return true;
}

QString failedToOpen(const QString &dir)
{
    return WorkspaceController::tr("Could not open the workspace in %1")
        .arg(QDir::toNativeSeparators(QDir(dir).absolutePath()));
}

} // namespace

WorkspaceController::WorkspaceController(JobRunner *runner, QObject *parent)
    : QObject(parent)
    , m_runner(runner)
{
    connect(&m_openWatcher, &WorkspaceWatcher::finished, this, &WorkspaceController::onOpenFinished);
    connect(&m_pipelineWatcher, &PipelineWatcher::finished, this, &WorkspaceController::onPipelineFinished);
}

QString WorkspaceController::defaultDemoDir()
{
    return QString::fromStdString(defaultDemoWorkspaceDir());
}

template <typename Work>
void WorkspaceController::startOpen(const QString &title, const QString &failure, Work &&work)
{
    // A newer request replaces an older one: the old job is cancelled and
    // setFuture() below stops the watcher from reporting it.
    if (m_openJob)
        m_openJob->cancel();
    const bool wasBusy = isBusy();
    m_openFailure = failure;
    auto handle = m_runner->start<Workspace>(title, std::forward<Work>(work));
    m_openJob = handle.job;
    m_opening = true;
    m_openWatcher.setFuture(handle.future);
    if (wasBusy != isBusy())
        Q_EMIT busyChanged(isBusy());
}

void WorkspaceController::openWorkspace(const QString &dir)
{
    const std::string path = QDir(dir).absolutePath().toStdString();
    startOpen(tr("Opening workspace"), failedToOpen(dir), [path](Progress &progress) {
        progress.reportNow(-1.0, "reading workspace.json");
        return Workspace::open(path);
    });
}

void WorkspaceController::createWorkspace(const QString &dir, const QString &name)
{
    const std::string path = QDir(dir).absolutePath().toStdString();
    const std::string title = name.toStdString();
    startOpen(tr("Creating workspace"),
              tr("Could not create a workspace in %1").arg(QDir::toNativeSeparators(QDir(dir).absolutePath())),
              [path, title](Progress &progress) {
        progress.reportNow(-1.0, "creating the folder layout");
        return Workspace::create(path, title);
    });
}

void WorkspaceController::openDemoWorkspace(const QString &dir)
{
    const QString folder = dir.isEmpty() ? defaultDemoDir() : dir;
    const std::string path = QDir(folder).absolutePath().toStdString();
    startOpen(tr("Opening demo workspace"), failedToOpen(folder), [path](Progress &progress) {
        Progress creating = progress.subRange(0.0, 0.6);
        Workspace workspace = createOrOpenDemoWorkspace(path, creating);
        if (!hasPipelineResults(workspace)) {
            Progress running = progress.subRange(0.6, 1.0);
            crsw::runPipeline(workspace, running);
        }
        progress.reportNow(1.0, "demo workspace ready");
        return workspace;
    });
}

void WorkspaceController::setSeedCorpus(const QString &reviews, const QString &metadata)
{
    if (!m_workspace)
        return;
    const std::string root = m_workspace->root();
    // Paths inside the workspace are stored relative to it, so the folder can move.
    const QDir rootDir(QString::fromStdString(root));
    auto stored = [&rootDir](const QString &path) {
        const QString relative = rootDir.relativeFilePath(QDir(path).absolutePath());
        return (relative.startsWith(QStringLiteral("../")) ? QDir(path).absolutePath() : relative).toStdString();
    };
    const SeedCorpusEntry seed{stored(reviews), stored(metadata)};
    startOpen(tr("Saving workspace settings"), tr("Could not save the seed corpus to workspace.json"),
              [root, seed](Progress &progress) {
        progress.reportNow(-1.0, "writing workspace.json");
        Workspace workspace = Workspace::open(root);
        workspace.setSeedCorpus(seed);
        workspace.save();
        return workspace;
    });
}

void WorkspaceController::runPipeline()
{
    if (!m_workspace || m_pipelineRunning)
        return;
    std::shared_ptr<const Workspace> workspace = m_workspace;
    const bool wasBusy = isBusy();
    auto handle = m_runner->start<QString>(tr("Running pipeline"), [workspace](Progress &progress) {
        const PipelineRunReport report = crsw::runPipeline(*workspace, progress);
        return QString::fromStdString(report.summary);
    });
    m_pipelineJob = handle.job;
    m_pipelineRunning = true;
    m_pipelineWatcher.setFuture(handle.future);
    if (wasBusy != isBusy())
        Q_EMIT busyChanged(isBusy());
}

void WorkspaceController::cancel()
{
    if (m_openJob)
        m_openJob->cancel();
    if (m_pipelineJob)
        m_pipelineJob->cancel();
}

void WorkspaceController::onOpenFinished()
{
    const JobOutcome<Workspace> outcome = m_openWatcher.result();
    m_openJob.clear();
    m_opening = false;
    if (outcome.succeeded()) {
        m_workspace = outcome.value;
        RecentWorkspaces::add(QString::fromStdString(m_workspace->root()));
        Q_EMIT workspaceChanged();
    } else if (!outcome.cancelled) {
        Q_EMIT failed(m_openFailure, outcome.error);
    }
    Q_EMIT busyChanged(isBusy());
}

void WorkspaceController::onPipelineFinished()
{
    const JobOutcome<QString> outcome = m_pipelineWatcher.result();
    m_pipelineJob.clear();
    m_pipelineRunning = false;
    if (outcome.succeeded()) {
        Q_EMIT workspaceFilesChanged();
        Q_EMIT pipelineFinished(*outcome.value);
    } else if (!outcome.cancelled) {
        Q_EMIT failed(tr("The pipeline run failed"), outcome.error);
    } else {
        // A cancelled run may still have written some results.
        Q_EMIT workspaceFilesChanged();
    }
    Q_EMIT busyChanged(isBusy());
}

} // namespace crsw
