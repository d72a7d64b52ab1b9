#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;
class QToolButton;

namespace crsw {

class Job;
class JobRunner;

/// The status bar's view of the JobRunner: how many jobs run, the newest
/// job's title, message and progress, and a button that cancels them all.
class JobStatusWidget : public QWidget {
    Q_OBJECT
public:
    /// Follows the jobs of `runner`.
    explicit JobStatusWidget(JobRunner *runner, QWidget *parent = nullptr);

private:
    void watch(Job *job);
    void refresh();

    JobRunner *m_runner;
    QLabel *m_label;
    QProgressBar *m_bar;
    QToolButton *m_cancel;
};

} // namespace crsw
