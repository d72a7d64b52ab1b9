#include "job.h"

namespace crsw {

Job::Job(const QString &title, QObject *parent)
    : QObject(parent)
    , m_title(title)
{
}

void Job::cancel()
{
    m_progress.cancel();
}

bool Job::isCancelRequested() const
{
    return m_progress.cancelled();
}

void Job::setProgress(double fraction, const QString &message)
{
    if (m_finished)
        return;
    m_fraction = fraction;
    if (!message.isEmpty())
        m_message = message;
    Q_EMIT progressChanged(m_fraction, m_message);
}

void Job::markFinished()
{
    if (m_finished)
        return;
    m_finished = true;
    Q_EMIT finished();
}

} // namespace crsw
