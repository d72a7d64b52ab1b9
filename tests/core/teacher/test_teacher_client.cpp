// OpenAiChatBackend against the fake Chat Completions server: every fault
// kind, 1,000 requests with 20% faults, Retry-After, the auth-error stop,
// cancel, the cache, the key header and stats.
#include "teacher/openai_chat_backend.h"
#include "teacher/response_cache.h"
#include "teacher/cache_key.h"

#include "fake_chat_server.h"

#include <QtTest>

#include <QTemporaryDir>

#include <atomic>
#include <thread>

using namespace crsw;
using crsw::test::FakeChatServer;
using crsw::test::FakeChatServerOptions;
using crsw::test::Fault;

namespace {

std::vector<ChatRequest> makeRequests(int n, const std::string &prefix = "q")
{
    std::vector<ChatRequest> out;
    for (int i = 0; i < n; ++i) {
        char id[32];
        std::snprintf(id, sizeof id, "%s%04d", prefix.c_str(), i);
        ChatRequest r;
        r.id = id;
        r.messages = {{"system", "Pretend you are a movie recommender system."}, {"user", id}};
        r.params.model = "gpt-4o-mini";
        r.params.maxTokens = 64;
        out.push_back(r);
    }
    return out;
}

int indexOf(const std::string &key)
{
    return std::atoi(key.c_str() + 1);
}

// The fault mix of the 1,000-request test: 20% of the requests, spread by a
// fixed permutation of their index; retries are answered normally except
// that 500s fail twice.
Fault mixedFault(const std::string &key, int attempt)
{
    const int bucket = (indexOf(key) * 37) % 100;
    if (attempt > 1)
        return bucket >= 4 && bucket < 7 && attempt == 2 ? Fault::ServerError : Fault::None;
    if (bucket < 4) return Fault::RateLimited;
    if (bucket < 7) return Fault::ServerError;
    if (bucket < 10) return Fault::Unavailable;
    if (bucket < 12) return Fault::Slow;
    if (bucket < 14) return Fault::Reset;
    if (bucket < 15) return Fault::MalformedJson;
    if (bucket < 16) return Fault::Truncated;
    if (bucket < 17) return Fault::Length;
    if (bucket < 18) return Fault::EmptyChoices;
    if (bucket < 19) return Fault::NonStringContent;
    if (bucket < 20) return Fault::NoUsage;
    return Fault::None;
}

bool isPermanent(Fault f)
{
    return f == Fault::MalformedJson || f == Fault::Length || f == Fault::EmptyChoices || f == Fault::NonStringContent;
}

OpenAiChatConfig fastConfig(const FakeChatServer &server)
{
    OpenAiChatConfig c;
    c.baseUrl = server.baseUrl();
    c.apiKey = "sk-test-0123456789abcdef";
    c.concurrency = 8;
    c.timeoutMs = 500;
    c.retry.maxAttempts = 5;
    c.retry.baseDelayMs = 20;
    c.retry.maxDelayMs = 200;
    return c;
}

struct Collected {
    std::vector<ChatResult> results;
    std::map<std::string, ChatResult> byId;
    bool duplicate = false;
    ChatResultSink sink()
    {
        return [this](const ChatResult &r) {
            results.push_back(r);
            duplicate |= !byId.emplace(r.id, r).second;
        };
    }
};

} // namespace

class TestTeacherClient : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { QVERIFY(m_dir.isValid()); }
    void eachFault_data();
    void eachFault();
    void lengthAcceptedWhenAsked();
    void givesUpAfterMaxAttempts();
    void thousandRequestsWithFaults();
    void authErrorsStopTheRun();
    void keyFromEnvironmentIsSent();
    void cancelAbortsAndResumes();
    void cacheAnswersForFree();
    void sinkExceptionPropagates();

private:
    std::string cachePath(const char *name) const { return m_dir.filePath(QString::fromUtf8(name)).toStdString(); }
    QTemporaryDir m_dir;
};

void TestTeacherClient::eachFault_data()
{
    QTest::addColumn<int>("fault");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<int>("attempts");
    QTest::addColumn<QString>("error");
    QTest::newRow("none") << int(Fault::None) << true << 1 << QString();
    QTest::newRow("no usage, no model") << int(Fault::NoUsage) << true << 1 << QString();
    QTest::newRow("429 Retry-After") << int(Fault::RateLimited) << true << 2 << QString();
    QTest::newRow("500") << int(Fault::ServerError) << true << 2 << QString();
    QTest::newRow("503") << int(Fault::Unavailable) << true << 2 << QString();
    QTest::newRow("slower than timeout") << int(Fault::Slow) << true << 2 << QString();
    // Qt's HTTP layer re-sends on a fresh connection when one closes before
    // any answer byte, so the reset may never reach the scheduler.
    QTest::newRow("connection reset") << int(Fault::Reset) << true << -1 << QString();
    QTest::newRow("truncated body") << int(Fault::Truncated) << true << 2 << QString();
    QTest::newRow("malformed json") << int(Fault::MalformedJson) << false << 1
                                    << QStringLiteral("HTTP 200: response body is not valid JSON");
    QTest::newRow("empty choices") << int(Fault::EmptyChoices) << false << 1 << QStringLiteral("HTTP 200: choices: empty");
    QTest::newRow("non-string content") << int(Fault::NonStringContent) << false << 1
                                        << QStringLiteral("HTTP 200: choices[0].message.content: expected a string, got number");
    QTest::newRow("finish_reason length") << int(Fault::Length) << false << 1
                                          << QStringLiteral("HTTP 200: finish_reason \"length\": the answer was cut at max_tokens = 64");
    QTest::newRow("401") << int(Fault::Unauthorized) << false << 1
                         << QStringLiteral("HTTP 401: Incorrect API key provided");
}

void TestTeacherClient::eachFault()
{
    QFETCH(int, fault);
    QFETCH(bool, ok);
    QFETCH(int, attempts);
    QFETCH(QString, error);
    FakeChatServerOptions options;
    options.slowMs = 1500;
    options.plan = [fault](const std::string &, int attempt) { return attempt == 1 ? Fault(fault) : Fault::None; };
    FakeChatServer server(options);
    QVERIFY(server.start());
    OpenAiChatBackend backend(fastConfig(server));
    Collected got;
    Progress progress;
    const auto requests = makeRequests(1);
    const ChatRunTotals totals = backend.run(requests, got.sink(), progress);
    QCOMPARE(got.results.size(), std::size_t(1));
    const ChatResult &r = got.results[0];
    QCOMPARE(r.id, requests[0].id);
    QVERIFY2(r.ok == ok, r.error.c_str());
    if (attempts > 0) {
        QCOMPARE(r.attempts, attempts);
        QCOMPARE(totals.retries, std::size_t(attempts - 1));
    } else {
        QVERIFY(r.attempts == 1 || r.attempts == 2);
    }
    if (ok) {
        QCOMPARE(r.content, FakeChatServer::answerFor(requests[0].id));
        QCOMPARE(r.finishReason, std::string("stop"));
        QCOMPARE(r.model, std::string("gpt-4o-mini")); // the fake echoes the model, or omits it
        if (Fault(fault) == Fault::NoUsage) {
            QCOMPARE(r.usage.promptTokens, 0);
            QCOMPARE(r.costUsd, 0.0);
        } else {
            QCOMPARE(r.usage.promptTokens, 12);
            QCOMPARE(r.usage.completionTokens, 5);
            QCOMPARE(r.costUsd, (12 * 0.15 + 5 * 0.60) / 1e6);
        }
        QVERIFY(!r.startedAt.empty() && !r.finishedAt.empty());
    } else {
        QVERIFY2(QString::fromStdString(r.error).startsWith(error), r.error.c_str());
    }
    if (Fault(fault) == Fault::RateLimited) {
        const auto log = server.log();
        QCOMPARE(log.size(), std::size_t(2));
        QVERIFY2(log[1].arrivedMs >= log[0].respondedMs + 1000 - 2, "the retry did not wait out Retry-After: 1");
    }
}

void TestTeacherClient::lengthAcceptedWhenAsked()
{
    FakeChatServerOptions options;
    options.plan = [](const std::string &, int) { return Fault::Length; };
    FakeChatServer server(options);
    QVERIFY(server.start());
    OpenAiChatConfig config = fastConfig(server);
    config.acceptTruncated = true;
    config.cachePath = cachePath("length.sqlite");
    OpenAiChatBackend backend(config);
    Collected got;
    Progress progress;
    backend.run(makeRequests(1), got.sink(), progress);
    QVERIFY(got.results.at(0).ok);
    QCOMPARE(got.results[0].finishReason, std::string("length"));
    QCOMPARE(ResponseCache(config.cachePath).size(), std::size_t(1));
}

void TestTeacherClient::givesUpAfterMaxAttempts()
{
    FakeChatServerOptions options;
    options.plan = [](const std::string &, int) { return Fault::Unavailable; };
    FakeChatServer server(options);
    QVERIFY(server.start());
    OpenAiChatConfig config = fastConfig(server);
    config.retry.maxAttempts = 3;
    config.cachePath = cachePath("giveup.sqlite");
    OpenAiChatBackend backend(config);
    Collected got;
    Progress progress;
    const ChatRunTotals totals = backend.run(makeRequests(2), got.sink(), progress);
    QCOMPARE(got.results.size(), std::size_t(2));
    for (const ChatResult &r : got.results) {
        QVERIFY(!r.ok);
        QCOMPARE(r.attempts, 3);
        QVERIFY2(QString::fromStdString(r.error).startsWith(QStringLiteral("gave up after 3 attempts; last: HTTP 503: ")),
                 r.error.c_str());
    }
    QCOMPARE(totals.failed, std::size_t(2));
    QCOMPARE(totals.retries, std::size_t(4));
    QCOMPARE(server.log().size(), std::size_t(6));
    QCOMPARE(ResponseCache(config.cachePath).size(), std::size_t(0)); // failures are not cached
}

void TestTeacherClient::thousandRequestsWithFaults()
{
    FakeChatServerOptions options;
    options.latencyMs = 2;
    options.slowMs = 1500;
    options.retryAfterSeconds = 1;
    options.plan = mixedFault;
    FakeChatServer server(options);
    QVERIFY(server.start());
    OpenAiChatConfig config = fastConfig(server);
    config.concurrency = 32;
    config.cachePath = cachePath("thousand.sqlite");
    OpenAiChatBackend backend(config);
    Collected got;
    std::vector<std::string> messages;
    Progress progress([&](double, const std::string &m) { messages.push_back(m); });
    const auto requests = makeRequests(1000);
    const ChatRunTotals totals = backend.run(requests, got.sink(), progress);

    // Exactly one result per request, no duplicate.
    QVERIFY(!got.duplicate);
    QCOMPARE(got.results.size(), requests.size());
    QCOMPARE(got.byId.size(), requests.size());
    std::size_t expectedFailures = 0;
    for (const ChatRequest &q : requests) {
        const ChatResult &r = got.byId.at(q.id);
        const bool permanent = isPermanent(mixedFault(q.id, 1));
        expectedFailures += permanent;
        QVERIFY2(r.ok != permanent, (q.id + ": " + r.error).c_str());
        if (r.ok)
            QCOMPARE(r.content, FakeChatServer::answerFor(q.id));
    }
    QCOMPARE(totals.failed, expectedFailures);
    QCOMPARE(totals.answered, requests.size() - expectedFailures);
    QVERIFY(!totals.cancelled);
    // Every ok answer, and nothing else, is in the cache.
    ResponseCache cache(config.cachePath);
    QCOMPARE(cache.size(), totals.answered);
    for (const ChatRequest &q : requests)
        QCOMPARE(bool(cache.find(requestCacheKey(q))), got.byId.at(q.id).ok);

    // The server's log: each answered key answered once; retries after a 429 waited Retry-After.
    const auto log = server.log();
    std::map<std::string, std::vector<test::ServedRequest>> perKey;
    for (const auto &s : log)
        perKey[s.key].push_back(s);
    std::size_t honoured = 0;
    for (const auto &[key, served] : perKey) {
        int answered = 0;
        for (std::size_t i = 0; i < served.size(); ++i) {
            answered += served[i].answered;
            if (served[i].fault == Fault::RateLimited) {
                QVERIFY(i + 1 < served.size());
                QVERIFY2(served[i + 1].arrivedMs >= served[i].respondedMs + 1000 - 2, key.c_str());
                ++honoured;
            }
        }
        QVERIFY2(answered <= 1 || mixedFault(key, 1) == Fault::Slow, key.c_str());
    }
    QCOMPARE(honoured, std::size_t(40));
    // Extra HTTP requests are our retries, plus Qt's own re-sends after resets.
    std::size_t resets = 0;
    for (const auto &s : log)
        resets += s.fault == Fault::Reset;
    QVERIFY(totals.retries <= log.size() - requests.size());
    QVERIFY(log.size() - requests.size() - totals.retries <= resets);
    const TeacherStats stats = backend.stats();
    QCOMPARE(stats.done, requests.size());
    QCOMPARE(stats.failed, expectedFailures);
    QCOMPARE(stats.retries, totals.retries);
    QVERIFY(!stats.running);
    QVERIFY(!messages.empty());
    qInfo("%zu requests, %zu failed, %zu retries, %zu HTTP requests; last progress: %s", requests.size(),
          totals.failed, totals.retries, log.size(), messages.back().c_str());
}

void TestTeacherClient::authErrorsStopTheRun()
{
    FakeChatServerOptions options;
    options.plan = [](const std::string &, int) { return Fault::Unauthorized; };
    FakeChatServer server(options);
    QVERIFY(server.start());
    OpenAiChatConfig config = fastConfig(server);
    config.concurrency = 2;
    config.authErrorStop = 3;
    OpenAiChatBackend backend(config);
    Collected got;
    Progress progress;
    const auto requests = makeRequests(50);
    const ChatRunTotals totals = backend.run(requests, got.sink(), progress);
    QCOMPARE(got.results.size(), requests.size());
    QVERIFY(!got.duplicate);
    QCOMPARE(totals.failed, requests.size());
    // At most the stop count plus what was already on the wire reached the server.
    QVERIFY2(server.log().size() <= 4, std::to_string(server.log().size()).c_str());
    std::size_t notSent = 0;
    for (const ChatResult &r : got.results) {
        QVERIFY(!r.ok);
        if (QString::fromStdString(r.error).startsWith(QStringLiteral("not sent: stopped after 3 authentication errors in a row"))) {
            QVERIFY(r.error.find("check the API key for 127.0.0.1") != std::string::npos);
            ++notSent;
        }
    }
    QCOMPARE(notSent, requests.size() - server.log().size());
    QVERIFY(!backend.stats().stopReason.empty());
}

void TestTeacherClient::keyFromEnvironmentIsSent()
{
    FakeChatServer server;
    QVERIFY(server.start());
    OpenAiChatConfig config = fastConfig(server);
    OpenAiChatBackend withKey(config);
    Collected got;
    Progress progress;
    withKey.run(makeRequests(1), got.sink(), progress);
    config.apiKey.clear();
    qputenv("CRSW_API_KEY", "sk-from-env");
    OpenAiChatBackend fromEnv(config);
    fromEnv.run(makeRequests(1, "e"), got.sink(), progress);
    qunsetenv("CRSW_API_KEY");
    const auto log = server.log();
    QCOMPARE(log.size(), std::size_t(2));
    QCOMPARE(log[0].authorization, std::string("Bearer sk-test-0123456789abcdef"));
    QCOMPARE(log[1].authorization, std::string("Bearer sk-from-env"));
    QCOMPARE(QString::fromStdString(fromEnv.describe()), QStringLiteral("gpt-4o-mini at ") + QString::fromStdString(server.baseUrl()));
}

void TestTeacherClient::cancelAbortsAndResumes()
{
    FakeChatServerOptions options;
    options.latencyMs = 100;
    FakeChatServer server(options);
    QVERIFY(server.start());
    OpenAiChatConfig config = fastConfig(server);
    config.concurrency = 4;
    config.timeoutMs = 5000;
    config.cachePath = cachePath("cancel.sqlite");
    const auto requests = makeRequests(100);
    Collected first;
    Progress progress;
    ChatResultSink sink = [&](const ChatResult &r) {
        first.sink()(r);
        if (first.results.size() == 10)
            progress.cancel();
    };
    OpenAiChatBackend backend(config);
    const ChatRunTotals totals = backend.run(requests, sink, progress);
    QVERIFY(totals.cancelled);
    QVERIFY(!first.duplicate);
    QVERIFY(first.results.size() >= 10 && first.results.size() < 30);
    QCOMPARE(totals.answered, first.results.size());
    QCOMPARE(ResponseCache(config.cachePath).size(), first.results.size());

    // Re-running the same requests: the delivered ones come from the cache, the rest are asked.
    Collected second;
    Progress again;
    const ChatRunTotals totals2 = OpenAiChatBackend(config).run(requests, second.sink(), again);
    QVERIFY(!totals2.cancelled);
    QCOMPARE(second.results.size(), requests.size());
    QVERIFY(!second.duplicate);
    QCOMPARE(totals2.fromCache, first.results.size());
    for (const auto &[id, r] : first.byId)
        QVERIFY(second.byId.at(id).fromCache);
    // Answered twice by the server: only requests that were on the wire at the cancel.
    int twice = 0;
    for (const auto &[key, n] : server.answersPerKey())
        twice += n > 1;
    QVERIFY2(twice <= config.concurrency, std::to_string(twice).c_str());
}

void TestTeacherClient::cacheAnswersForFree()
{
    FakeChatServer server;
    QVERIFY(server.start());
    OpenAiChatConfig config = fastConfig(server);
    config.cachePath = cachePath("free.sqlite");
    const auto requests = makeRequests(20);
    Collected first, second;
    Progress progress;
    const ChatRunTotals t1 = OpenAiChatBackend(config).run(requests, first.sink(), progress);
    QCOMPARE(t1.answered, requests.size());
    QVERIFY(t1.costUsd > 0);
    const ChatRunTotals t2 = OpenAiChatBackend(config).run(requests, second.sink(), progress);
    QCOMPARE(t2.fromCache, requests.size());
    QCOMPARE(t2.costUsd, 0.0);
    QCOMPARE(t2.usage.promptTokens, 0);
    QCOMPARE(server.log().size(), requests.size()); // nothing asked again
    for (const ChatResult &r : second.results) {
        QVERIFY(r.fromCache && r.ok);
        QCOMPARE(r.attempts, 0);
        QCOMPARE(r.costUsd, 0.0);
        QCOMPARE(r.content, first.byId.at(r.id).content);
    }
}

void TestTeacherClient::sinkExceptionPropagates()
{
    FakeChatServer server;
    QVERIFY(server.start());
    OpenAiChatBackend backend(fastConfig(server));
    Progress progress;
    QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                             backend.run(makeRequests(5), [](const ChatResult &) { throw std::runtime_error("disk full"); },
                                         progress));
}

QTEST_GUILESS_MAIN(TestTeacherClient)
#include "test_teacher_client.moc"
