#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QSize>
#include <QString>
#include <QTimer>

namespace crsw {

class MainWindow;

/// Saves a grab of the main window once it is ready (for --screenshot, which
/// makes the README screenshot reproducibly): a workspace is open, no job is
/// running (so the page has loaded its data, or finished --evaluate), and that
/// has held for a moment so queued replots and layouts have settled.
class ScreenshotTaker : public QObject {
    Q_OBJECT
public:
    /// Will grab `window` into the PNG file `path`.
    ScreenshotTaker(MainWindow *window, const QString &path, QObject *parent = nullptr);

    /// The window size of every screenshot, whatever geometry was restored,
    /// so that a screenshot made twice looks the same.
    static QSize screenshotSize() { return QSize(1280, 800); }

    /// Resizes the window to screenshotSize() and starts waiting; gives up after `timeoutMs`.
    void start(int timeoutMs = 10 * 60 * 1000);

Q_SIGNALS:
    /// The grab was saved (ok) or could not be made; `message` says where or why.
    void finished(bool ok, const QString &message);

private:
    void poll();
    bool ready() const;
    void finish(bool ok, const QString &message);

    MainWindow *m_window;
    QString m_path;
    QTimer m_timer;
    QElapsedTimer m_clock;
    int m_timeoutMs = 0;
    int m_readyPolls = 0;
    bool m_done = false;
};

} // namespace crsw
