#include "screenshottaker.h"

#include "jobrunner.h"
#include "mainwindow.h"
#include "workspacecontroller.h"

#include <QDir>
#include <QFileInfo>
#include <QPixmap>

namespace crsw {

namespace {
constexpr int kPollMs = 150;
constexpr int kSettledPolls = 3; // ready for this many polls in a row before grabbing
} // namespace

ScreenshotTaker::ScreenshotTaker(MainWindow *window, const QString &path, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_path(path)
{
    m_timer.setInterval(kPollMs);
    connect(&m_timer, &QTimer::timeout, this, &ScreenshotTaker::poll);
    connect(m_window, &MainWindow::errorShown, this,
            [this](const QString &text) { finish(false, tr("No screenshot: %1").arg(text)); });
}

void ScreenshotTaker::start(int timeoutMs)
{
    m_timeoutMs = timeoutMs;
    m_window->resize(screenshotSize());
    m_clock.start();
    m_timer.start();
}

bool ScreenshotTaker::ready() const
{
    const WorkspaceController *workspaces = m_window->workspaceController();
    return workspaces->workspace() && !workspaces->isBusy() && m_window->jobRunner()->runningCount() == 0;
}

void ScreenshotTaker::poll()
{
    if (m_done)
        return;
    if (m_clock.elapsed() > m_timeoutMs) {
        finish(false, tr("No screenshot: the window was not ready after %1 s.").arg(m_timeoutMs / 1000));
        return;
    }
    m_readyPolls = ready() ? m_readyPolls + 1 : 0;
    if (m_readyPolls < kSettledPolls)
        return;
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    const QPixmap grab = m_window->grab();
    if (grab.isNull() || !grab.save(m_path, "PNG"))
        finish(false, tr("Could not save the screenshot to %1.").arg(QDir::toNativeSeparators(m_path)));
    else
        finish(true, tr("Saved a %1×%2 screenshot to %3.").arg(grab.width()).arg(grab.height()).arg(QDir::toNativeSeparators(m_path)));
}

void ScreenshotTaker::finish(bool ok, const QString &message)
{
    if (m_done)
        return;
    m_done = true;
    m_timer.stop();
    Q_EMIT finished(ok, message);
}

} // namespace crsw
