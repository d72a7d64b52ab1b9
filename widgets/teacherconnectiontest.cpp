#include "teacherconnectiontest.h"

#include "jobrunner.h"

#include <QElapsedTimer>

namespace crsw {

TeacherConnectionTest::TeacherConnectionTest(JobRunner *runner, QObject *parent)
    : QObject(parent), m_runner(runner)
{
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &TeacherConnectionTest::onFinished);
}

void TeacherConnectionTest::start(const TeacherSettings &settings, const QString &sessionKey)
{
    if (m_running)
        return;
    OpenAiChatConfig config = settings.clientConfig(sessionKey, QString()); // no cache: really ask
    config.concurrency = 1;
    config.retry.maxAttempts = 1; // the user wants to see the first failure, not a minute of backoff
    config.authErrorStop = 1;
    ChatRequest request;
    request.id = "connection-test";
    request.messages = {{"user", "Reply with one word: ok"}};
    request.params = settings.chatParams();
    request.params.maxTokens = 16;
    request.params.temperature = 0;
    m_running = true;
    auto handle = m_runner->start<Result>(tr("Testing the teacher connection"), [config, request](Progress &progress) {
        OpenAiChatBackend backend(config);
        Result result;
        QElapsedTimer clock;
        clock.start();
        ChatResult answer;
        backend.run({request}, [&answer](const ChatResult &r) { answer = r; }, progress);
        result.milliseconds = clock.elapsed();
        result.ok = answer.ok;
        result.model = QString::fromStdString(answer.model);
        result.text = QString::fromStdString(answer.ok ? answer.content
                                                       : (answer.error.empty() ? std::string("no answer") : answer.error));
        return result;
    });
    m_watcher.setFuture(handle.future);
}

void TeacherConnectionTest::onFinished()
{
    m_running = false;
    const JobOutcome<Result> outcome = m_watcher.result();
    Result result;
    if (outcome.succeeded())
        result = *outcome.value;
    else
        result.text = outcome.cancelled ? tr("cancelled") : outcome.error;
    Q_EMIT finished(result);
}

} // namespace crsw

// This header's moc output is compiled here, not in the shared mocs_compilation.cpp,
// where core/teacher's crsw::ChatMessage (chat_types.h) would meet core/model's
// (chat_format.h) from another page's header.
#include "moc_teacherconnectiontest.cpp"
