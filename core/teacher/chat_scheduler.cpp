#include "teacher/chat_scheduler.h"

#include "teacher/cache_key.h"
#include "teacher/chat_json.h"
#include "teacher/openai_chat_backend.h"
#include "teacher/response_cache.h"
#include "teacher/token_estimate.h"

#include <QDateTime>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <algorithm>
#include <optional>

namespace crsw {

namespace {

// QNetworkAccessManager opens at most 6 HTTP/1.1 connections per host (Qt 6.4
// has no QHttp1Configuration to raise it), so a concurrency of 32 against a
// vLLM or llama.cpp server needs ceil(32 / 6) managers, each with its own pool.
constexpr int kConnectionsPerManager = 6;

std::string nowIso()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toStdString();
}

std::string hostOf(const QUrl &url)
{
    return url.host().toStdString();
}

bool isTlsError(QNetworkReply::NetworkError e)
{
    return e == QNetworkReply::SslHandshakeFailedError;
}

} // namespace

struct ChatScheduler::Outcome {
    Verdict verdict = Verdict::Fail;
    int status = 0;           // HTTP status, 0 when none arrived
    std::string message;
    std::optional<std::int64_t> retryAfterMs;
    ParsedChatResponse parsed;
};

ChatScheduler::ChatScheduler(ChatSchedulerContext context, std::function<void()> onFinished)
    : m_ctx(std::move(context)),
      m_onFinished(std::move(onFinished)),
      m_limiter(m_ctx.config->requestsPerMinute, m_ctx.config->tokensPerMinute),
      m_rng(std::random_device{}())
{
    std::string base = m_ctx.config->baseUrl;
    while (!base.empty() && base.back() == '/')
        base.pop_back();
    m_url = QUrl(QString::fromStdString(base + "/chat/completions"));
    m_pumpTimer.setSingleShot(true);
    m_pumpTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_pumpTimer, &QTimer::timeout, this, [this] { guarded([this] { pump(); }); });
    m_cancelPoll.setInterval(20);
    connect(&m_cancelPoll, &QTimer::timeout, this, [this] { guarded([this] { checkCancelled(); }); });
}

ChatScheduler::~ChatScheduler()
{
    // Replies and managers are children of this object; abort first so no
    // reply signal reaches a half-destroyed scheduler.
    for (auto &[id, attempt] : m_inFlight) {
        QObject::disconnect(attempt.reply, nullptr, this, nullptr);
        attempt.reply->abort();
    }
}

void ChatScheduler::guarded(const std::function<void()> &work)
{
    // Exceptions must not cross the Qt event loop: keep the first, stop the run.
    if (m_finished)
        return;
    try {
        work();
    } catch (...) {
        if (!m_error)
            m_error = std::current_exception();
        finish();
    }
}

void ChatScheduler::start()
{
    guarded([this] {
        const auto &requests = *m_ctx.requests;
        const int concurrency = std::max(1, m_ctx.config->concurrency);
        const int managers = (concurrency + kConnectionsPerManager - 1) / kConnectionsPerManager;
        for (int i = 0; i < managers; ++i) {
            auto *manager = new QNetworkAccessManager(this);
            manager->setAutoDeleteReplies(false);
            m_managers.push_back(manager);
            m_managerLoad.push_back(0);
        }
        m_clock.start();
        m_state.resize(requests.size());
        m_remaining = requests.size();
        m_stats.total = requests.size();
        m_stats.running = true;
        m_cancelPoll.start();
        // Answers already in the cache end first and cost nothing.
        for (std::size_t i = 0; i < requests.size(); ++i) {
            m_state[i].key = requestCacheKey(requests[i]);
            std::optional<ChatResult> cached = m_ctx.cache ? m_ctx.cache->find(m_state[i].key) : std::nullopt;
            if (cached) {
                deliver(i, std::move(*cached));
                if (m_finished)
                    return;
            } else {
                m_queue.push_back(i);
            }
        }
        publish();
        pump();
    });
}

void ChatScheduler::pump()
{
    const std::size_t concurrency = std::size_t(std::max(1, m_ctx.config->concurrency));
    while (!m_finished && !m_stopped && !m_queue.empty() && m_inFlight.size() < concurrency) {
        const std::size_t index = m_queue.front();
        const std::int64_t tokens = estimateTotalTokens((*m_ctx.requests)[index]);
        const std::int64_t waitMs = m_limiter.acquire(tokens, m_clock.elapsed());
        if (waitMs > 0) {
            m_pumpTimer.start(int(std::min<std::int64_t>(waitMs, 60000)));
            return;
        }
        m_queue.pop_front();
        send(index, tokens);
    }
    checkDone();
}

void ChatScheduler::send(std::size_t index, std::int64_t estimatedTokens)
{
    const ChatRequest &request = (*m_ctx.requests)[index];
    RequestState &state = m_state[index];
    if (state.attempts == 0)
        state.startedAt = nowIso();
    else
        ++m_totals.retries;
    ++state.attempts;

    QNetworkRequest http(m_url);
    http.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    if (!m_ctx.apiKey.empty())
        http.setRawHeader(QByteArrayLiteral("Authorization"), "Bearer " + QByteArray::fromStdString(m_ctx.apiKey));
    // TLS errors are never ignored: a failed handshake fails the request.

    const auto least = std::min_element(m_managerLoad.begin(), m_managerLoad.end());
    const int manager = int(least - m_managerLoad.begin());
    ++*least;

    Attempt attempt;
    attempt.index = index;
    attempt.manager = manager;
    attempt.estimatedTokens = estimatedTokens;
    attempt.reply = m_managers[std::size_t(manager)]->post(http, QByteArray::fromStdString(chatRequestBody(request)));
    attempt.deadline = new QTimer(attempt.reply);
    attempt.deadline->setSingleShot(true);

    const std::uint64_t id = m_nextAttemptId++;
    connect(attempt.reply, &QNetworkReply::finished, this, [this, id] { guarded([this, id] { onReplyFinished(id); }); });
    connect(attempt.deadline, &QTimer::timeout, this, [this, id] {
        const auto it = m_inFlight.find(id);
        if (it == m_inFlight.end())
            return;
        it->second.timedOut = true;
        it->second.reply->abort(); // emits finished(), handled as a timeout
    });
    attempt.deadline->start(std::max(1, m_ctx.config->timeoutMs));
    m_inFlight.emplace(id, attempt);
    publish();
}

void ChatScheduler::onReplyFinished(std::uint64_t attemptId)
{
    const auto it = m_inFlight.find(attemptId);
    if (it == m_inFlight.end())
        return;
    const Attempt attempt = it->second;
    m_inFlight.erase(it);
    attempt.deadline->stop();
    --m_managerLoad[std::size_t(attempt.manager)];
    Outcome outcome = judge(attempt);
    attempt.reply->deleteLater();

    const std::size_t index = attempt.index;
    // "In a row" counts HTTP answers: any other status breaks the streak.
    if (outcome.verdict != Verdict::Auth && outcome.status != 0)
        m_consecutiveAuthErrors = 0;
    switch (outcome.verdict) {
    case Verdict::Ok:
        answer(index, outcome.parsed, attempt.estimatedTokens);
        break;
    case Verdict::Retry:
        retry(index, outcome.message, outcome.retryAfterMs.value_or(-1));
        break;
    case Verdict::Fail:
        fail(index, outcome.message);
        break;
    case Verdict::Auth:
        fail(index, outcome.message);
        ++m_consecutiveAuthErrors;
        if (m_ctx.config->authErrorStop > 0 && m_consecutiveAuthErrors >= m_ctx.config->authErrorStop)
            stopSending("stopped after " + std::to_string(m_consecutiveAuthErrors) +
                        " authentication errors in a row (last: " + outcome.message + "); check the API key for " +
                        hostOf(m_url));
        break;
    }
    pump();
}

ChatScheduler::Outcome ChatScheduler::judge(const Attempt &attempt)
{
    QNetworkReply *reply = attempt.reply;
    Outcome o;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    // An aborted reply is closed; reading it would only warn.
    const QByteArray body = reply->isOpen() ? reply->readAll() : QByteArray();
    const auto error = reply->error();
    o.status = status;
    if (attempt.timedOut) {
        o.verdict = Verdict::Retry;
        o.message = "timed out after " + std::to_string(m_ctx.config->timeoutMs) + " ms";
        return o;
    }
    if (status == 0) {
        // No HTTP answer at all: refused, reset, DNS, TLS. (Qt's HTTP layer
        // itself re-sends a request once or twice when a connection closes
        // before any answer byte; what arrives here has outlived that.)
        o.verdict = isTlsError(error) ? Verdict::Fail : Verdict::Retry;
        o.message = (isTlsError(error) ? "TLS: " : "connection error: ") + reply->errorString().toStdString();
        return o;
    }
    const std::string statusText = "HTTP " + std::to_string(status);
    if (status >= 200 && status < 300) {
        // A 2xx whose body was cut off (connection closed before Content-Length) is a transport failure.
        const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
        const bool compressed = reply->hasRawHeader(QByteArrayLiteral("Content-Encoding"));
        if (error != QNetworkReply::NoError || (length.isValid() && !compressed && body.size() < length.toLongLong())) {
            o.verdict = Verdict::Retry;
            o.message = statusText + ": truncated body (" + std::to_string(body.size()) + " of " +
                        (length.isValid() ? std::to_string(length.toLongLong()) : std::string("?")) + " bytes" +
                        (error != QNetworkReply::NoError ? ", " + reply->errorString().toStdString() : std::string()) + ")";
            return o;
        }
        o.parsed = parseChatResponse(std::string_view(body.constData(), std::size_t(body.size())));
        if (!o.parsed.ok) {
            // The endpoint answered, wrongly: asking again would most likely cost the same for the same result.
            o.verdict = Verdict::Fail;
            o.message = statusText + ": " + o.parsed.error;
            return o;
        }
        if (o.parsed.finishReason == "length" && !m_ctx.config->acceptTruncated) {
            o.verdict = Verdict::Fail;
            o.message = statusText + ": finish_reason \"length\": the answer was cut at max_tokens = " +
                        std::to_string((*m_ctx.requests)[attempt.index].params.maxTokens) +
                        " (raise max_tokens, or accept truncated answers)";
            return o;
        }
        o.verdict = Verdict::Ok;
        return o;
    }
    o.message = statusText + ": " + errorMessageFromBody(std::string_view(body.constData(), std::size_t(body.size())));
    if (isAuthStatus(status)) {
        o.verdict = Verdict::Auth;
    } else if (isRetryableStatus(status)) {
        o.verdict = Verdict::Retry;
        // OpenAI also sends retry-after-ms; prefer it, then the standard header.
        const QByteArray ms = reply->rawHeader(QByteArrayLiteral("retry-after-ms"));
        bool isNumber = false;
        const double msValue = ms.toDouble(&isNumber);
        if (isNumber && msValue >= 0)
            o.retryAfterMs = std::int64_t(msValue);
        else if (reply->hasRawHeader(QByteArrayLiteral("Retry-After")))
            o.retryAfterMs = parseRetryAfterMs(reply->rawHeader(QByteArrayLiteral("Retry-After")).toStdString(),
                                               QDateTime::currentMSecsSinceEpoch());
    } else {
        o.verdict = Verdict::Fail;
    }
    return o;
}

void ChatScheduler::answer(std::size_t index, const ParsedChatResponse &parsed, std::int64_t estimatedTokens)
{
    const ChatRequest &request = (*m_ctx.requests)[index];
    ChatResult r;
    r.ok = true;
    r.content = parsed.content;
    r.finishReason = parsed.finishReason;
    r.usage = parsed.usage;
    // Endpoints that do not say which model answered (some llama.cpp builds) get the requested one.
    r.model = parsed.model.empty() ? request.params.model : parsed.model;
    r.attempts = m_state[index].attempts;
    r.startedAt = m_state[index].startedAt;
    r.finishedAt = nowIso();
    const PriceTable &prices = m_ctx.config->prices;
    r.costUsd = prices.find(r.model) ? prices.cost(r.model, r.usage) : prices.cost(request.params.model, r.usage);
    if (parsed.hasUsage)
        m_limiter.correct(estimatedTokens - (r.usage.promptTokens + r.usage.completionTokens));
    // The journal rule: committed before anyone sees it, so a crash after
    // this line loses nothing and a re-run does not ask again.
    if (m_ctx.cache)
        m_ctx.cache->store(m_state[index].key, request, r);
    deliver(index, std::move(r));
}

void ChatScheduler::retry(std::size_t index, const std::string &why, std::int64_t retryAfterMs)
{
    const RetryPolicy &policy = m_ctx.config->retry;
    if (m_stopped) {
        fail(index, "not retried: " + m_stopReason + " (last error: " + why + ")");
        return;
    }
    if (m_state[index].attempts >= policy.maxAttempts) {
        fail(index, "gave up after " + std::to_string(m_state[index].attempts) + " attempts; last: " + why);
        return;
    }
    const std::int64_t delay = retryAfterMs >= 0 ? std::min<std::int64_t>(retryAfterMs, policy.maxRetryAfterMs)
                                                 : backoffDelayMs(policy, m_state[index].attempts, m_rng);
    auto *timer = new QTimer(this);
    timer->setSingleShot(true);
    timer->setTimerType(Qt::PreciseTimer);
    connect(timer, &QTimer::timeout, this, [this, index, timer] {
        guarded([this, index, timer] {
            m_retryTimers.erase(index);
            timer->deleteLater();
            m_queue.push_front(index);
            pump();
        });
    });
    m_retryTimers[index] = timer;
    timer->start(int(std::max<std::int64_t>(0, delay)));
}

void ChatScheduler::fail(std::size_t index, const std::string &why)
{
    ChatResult r;
    r.ok = false;
    r.error = why;
    r.model = (*m_ctx.requests)[index].params.model;
    r.attempts = m_state[index].attempts;
    r.startedAt = m_state[index].startedAt;
    r.finishedAt = nowIso();
    deliver(index, std::move(r));
}

void ChatScheduler::stopSending(const std::string &reason)
{
    if (m_stopped)
        return;
    m_stopped = true;
    m_stopReason = reason;
    m_stats.stopReason = reason;
    m_ctx.progress->reportNow(-1, reason);
    // Queued requests and those waiting out a backoff fail now; those on the wire finish.
    std::vector<std::size_t> waiting(m_queue.begin(), m_queue.end());
    m_queue.clear();
    for (auto &[index, timer] : m_retryTimers) {
        timer->stop();
        timer->deleteLater();
        waiting.push_back(index);
    }
    m_retryTimers.clear();
    std::sort(waiting.begin(), waiting.end());
    for (std::size_t index : waiting) {
        fail(index, "not sent: " + reason);
        if (m_finished)
            return;
    }
}

void ChatScheduler::deliver(std::size_t index, ChatResult result)
{
    RequestState &state = m_state[index];
    if (state.ended)
        return; // cannot happen; the contract is one result per request
    state.ended = true;
    --m_remaining;
    result.id = (*m_ctx.requests)[index].id;
    if (result.ok) {
        ++m_totals.answered;
        if (result.fromCache) {
            ++m_totals.fromCache;
        } else {
            m_totals.usage.promptTokens += result.usage.promptTokens;
            m_totals.usage.completionTokens += result.usage.completionTokens;
            m_totals.costUsd += result.costUsd;
        }
    } else {
        ++m_totals.failed;
    }
    (*m_ctx.sink)(result);
    publish();
    m_ctx.progress->report(m_stats.total ? double(m_stats.done) / double(m_stats.total) : 1.0,
                           formatTeacherStats(m_stats));
}

void ChatScheduler::publish()
{
    m_stats.done = m_totals.answered + m_totals.failed;
    m_stats.answered = m_totals.answered;
    m_stats.fromCache = m_totals.fromCache;
    m_stats.failed = m_totals.failed;
    m_stats.retries = m_totals.retries;
    m_stats.inFlight = m_inFlight.size();
    m_stats.promptTokens = m_totals.usage.promptTokens;
    m_stats.completionTokens = m_totals.usage.completionTokens;
    m_stats.costUsd = m_totals.costUsd;
    m_stats.elapsedSeconds = m_clock.isValid() ? double(m_clock.nsecsElapsed()) / 1e9 : 0.0;
    const std::size_t fresh = m_stats.done - m_stats.fromCache;
    m_stats.requestsPerSecond = m_stats.elapsedSeconds > 0 ? double(fresh) / m_stats.elapsedSeconds : 0.0;
    if (m_ctx.stats)
        m_ctx.stats->publish(m_stats);
}

void ChatScheduler::checkCancelled()
{
    if (!m_ctx.progress->cancelled())
        return;
    m_totals.cancelled = true;
    m_stats.stopReason = "cancelled";
    finish();
}

void ChatScheduler::checkDone()
{
    if (m_remaining == 0 && !m_finished)
        finish();
}

void ChatScheduler::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_pumpTimer.stop();
    m_cancelPoll.stop();
    for (auto &[index, timer] : m_retryTimers)
        timer->stop();
    // On cancel (or error) replies still on the wire are aborted and dropped:
    // nothing half-done reaches the sink.
    for (auto &[id, attempt] : m_inFlight) {
        QObject::disconnect(attempt.reply, nullptr, this, nullptr);
        attempt.deadline->stop();
        attempt.reply->abort();
    }
    m_inFlight.clear();
    m_stats.running = false;
    publish();
    m_ctx.progress->reportNow(m_stats.total ? double(m_stats.done) / double(m_stats.total) : 1.0,
                              formatTeacherStats(m_stats));
    if (m_onFinished)
        m_onFinished();
}

} // namespace crsw
