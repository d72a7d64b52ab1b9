#include "jobstatuswidget.h"

#include "jobrunner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QToolButton>

namespace crsw {

JobStatusWidget::JobStatusWidget(JobRunner *runner, QWidget *parent)
    : QWidget(parent)
    , m_runner(runner)
    , m_label(new QLabel(this))
    , m_bar(new QProgressBar(this))
    , m_cancel(new QToolButton(this))
{
    setObjectName(QStringLiteral("jobStatus"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label);
    m_bar->setMaximumWidth(160);
    m_bar->setMaximumHeight(16);
    m_bar->setTextVisible(false);
    layout->addWidget(m_bar);
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Cancel every running job"));
    m_cancel->setAutoRaise(true);
    layout->addWidget(m_cancel);

    connect(m_cancel, &QToolButton::clicked, m_runner, &JobRunner::cancelAll);
    connect(m_runner, &JobRunner::jobStarted, this, &JobStatusWidget::watch);
    connect(m_runner, &JobRunner::runningCountChanged, this, &JobStatusWidget::refresh);
    refresh();
}

void JobStatusWidget::watch(Job *job)
{
    connect(job, &Job::progressChanged, this, &JobStatusWidget::refresh);
}

void JobStatusWidget::refresh()
{
    const QList<Job *> &jobs = m_runner->jobs();
    const int count = int(jobs.size());
    m_bar->setVisible(count > 0);
    m_cancel->setVisible(count > 0);
    if (count == 0) {
        m_label->setText(tr("No jobs running"));
        setToolTip(QString());
        return;
    }
    const Job *newest = jobs.constLast();
    QString text = tr("%n job(s) running", nullptr, count) + QStringLiteral(": ") + newest->title();
    if (!newest->message().isEmpty())
        text += QStringLiteral(" (") + newest->message() + QStringLiteral(")");
    m_label->setText(text);
    if (newest->fraction() < 0) {
        m_bar->setRange(0, 0); // busy indicator: the total is unknown
    } else {
        m_bar->setRange(0, 1000);
        m_bar->setValue(int(newest->fraction() * 1000));
    }
    QStringList lines;
    for (const Job *job : jobs)
        lines << job->title() + (job->isCancelRequested() ? tr(" (cancelling)") : QString());
    setToolTip(lines.join(QLatin1Char('\n')));
}

} // namespace crsw
