#include "teacher/openai_chat_backend.h"

#include "common/error.h"
#include "teacher/api_key.h"
#include "teacher/chat_scheduler.h"
#include "teacher/response_cache.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QThread>
#include <QTimer>
#include <QUrl>

namespace crsw {

OpenAiChatBackend::OpenAiChatBackend(OpenAiChatConfig config)
    : m_config(std::move(config)), m_stats(std::make_shared<TeacherStatsBoard>())
{
}

OpenAiChatBackend::~OpenAiChatBackend() = default;

std::string OpenAiChatBackend::describe() const
{
    return (m_lastModel.empty() ? std::string("Chat Completions") : m_lastModel) + " at " + m_config.baseUrl;
}

TeacherStats OpenAiChatBackend::stats() const
{
    return m_stats->snapshot();
}

ChatRunTotals OpenAiChatBackend::run(const std::vector<ChatRequest> &requests, const ChatResultSink &sink,
                                     Progress &progress)
{
    // QNetworkAccessManager needs the application object (it reads its
    // proxy and TLS settings from it and posts events through it).
    if (!QCoreApplication::instance())
        throw Error("the teacher client needs a QCoreApplication; create one in main()");
    if (!requests.empty())
        m_lastModel = requests.front().params.model;

    ChatSchedulerContext context;
    context.requests = &requests;
    context.sink = &sink;
    context.progress = &progress;
    context.config = &m_config;
    context.stats = m_stats.get();
    context.apiKey = m_config.apiKey;
    if (context.apiKey.empty()) {
        const QUrl url(QString::fromStdString(m_config.baseUrl));
        context.apiKey = lookupApiKey(url.host().toStdString()).key;
    }
    std::unique_ptr<ResponseCache> cache;
    if (!m_config.cachePath.empty())
        cache = std::make_unique<ResponseCache>(m_config.cachePath);
    context.cache = cache.get();

    ChatRunTotals totals;
    std::exception_ptr error;
    // The managers, replies and timers all live on this thread and die with
    // it, so the caller's thread needs no event loop of its own.
    std::unique_ptr<QThread> thread(QThread::create([&] {
        QEventLoop loop;
        ChatScheduler scheduler(context, [&loop] { loop.quit(); });
        QTimer::singleShot(0, &scheduler, [&scheduler] { scheduler.start(); });
        loop.exec();
        totals = scheduler.totals();
        error = scheduler.error();
    }));
    thread->setObjectName(QStringLiteral("crsw-teacher"));
    thread->start();
    thread->wait();
    if (error)
        std::rethrow_exception(error);
    return totals;
}

} // namespace crsw
