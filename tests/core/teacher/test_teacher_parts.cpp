// The teacher client's pure parts: cache keys, response parsing, Retry-After
// and backoff, the rate limiter, the price table and cost estimate, and the
// API key lookup order and masking.
#include "common/error.h"
#include "teacher/api_key.h"
#include "teacher/cache_key.h"
#include "teacher/chat_json.h"
#include "teacher/price_table.h"
#include "teacher/rate_limiter.h"
#include "teacher/retry_policy.h"
#include "teacher/token_estimate.h"

#include <QtTest>

#include <QDateTime>
#include <QFile>
#include <QTemporaryDir>

#include <set>

using namespace crsw;

namespace {

ChatRequest request(const std::string &id, const std::string &text, double temperature = 0.8)
{
    ChatRequest r;
    r.id = id;
    r.messages = {{"system", "You are a recommender."}, {"user", text}};
    r.params.model = "gpt-4o-mini";
    r.params.temperature = temperature;
    r.params.maxTokens = 256;
    return r;
}

} // namespace

class TestTeacherParts : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void cacheKeyIsCanonicalAndSensitive();
    void parseGoodAnswers();
    void parseBadAnswers_data();
    void parseBadAnswers();
    void errorMessages();
    void retryAfter();
    void backoffHasFullJitterUnderCap();
    void statusClasses();
    void rateLimiterSpacesRequests();
    void rateLimiterTokens();
    void priceTableParseAndLookup();
    void priceTableErrorsNameTheField();
    void costEstimate();
    void apiKeyLookupOrder();
    void maskedKey();
};

void TestTeacherParts::cacheKeyIsCanonicalAndSensitive()
{
    const ChatRequest a = request("a", "Something dark like Alien?");
    ChatRequest b = a;
    b.id = "another id";
    QCOMPARE(requestCacheKey(a), requestCacheKey(b)); // the id is not part of the key
    QCOMPARE(QString::fromStdString(canonicalRequestJson(a)),
             QStringLiteral(R"({"max_tokens":256,"messages":[{"content":"You are a recommender.","role":"system"},)"
                            R"({"content":"Something dark like Alien?","role":"user"}],"model":"gpt-4o-mini","temperature":0.8})"));
    QCOMPARE(requestCacheKey(a).size(), std::size_t(64));
    // The SHA-256 of the canonical text, checked independently.
    QCOMPARE(QString::fromStdString(requestCacheKey(a)),
             QString::fromLatin1(QCryptographicHash::hash(QByteArray::fromStdString(canonicalRequestJson(a)),
                                                          QCryptographicHash::Sha256).toHex()));
    std::set<std::string> keys{requestCacheKey(a)};
    ChatRequest c = a;
    c.params.temperature = 0.7;
    keys.insert(requestCacheKey(c));
    c = a;
    c.params.maxTokens = 255;
    keys.insert(requestCacheKey(c));
    c = a;
    c.params.seed = 1;
    keys.insert(requestCacheKey(c));
    c.params.seed = 2;
    keys.insert(requestCacheKey(c));
    c = a;
    c.params.model = "gpt-4o";
    keys.insert(requestCacheKey(c));
    c = a;
    c.messages[0].role = "user";
    keys.insert(requestCacheKey(c));
    c = a;
    c.messages[1].content += " ";
    keys.insert(requestCacheKey(c));
    QCOMPARE(keys.size(), std::size_t(8));
    // Invalid UTF-8 does not throw.
    c.messages[1].content = "\xff\xfe";
    QVERIFY(!requestCacheKey(c).empty());
}

void TestTeacherParts::parseGoodAnswers()
{
    ParsedChatResponse p = parseChatResponse(
        R"({"id":"x","model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"message":{"role":"assistant","content":"1. Alien"},)"
        R"("finish_reason":"stop"}],"usage":{"prompt_tokens":10,"completion_tokens":3,"total_tokens":13},"extra":[1,2]})");
    QVERIFY2(p.ok, p.error.c_str());
    QCOMPARE(p.content, std::string("1. Alien"));
    QCOMPARE(p.finishReason, std::string("stop"));
    QCOMPARE(p.model, std::string("gpt-4o-mini-2024-07-18"));
    QCOMPARE(p.usage.promptTokens, 10);
    QCOMPARE(p.usage.completionTokens, 3);
    // llama.cpp style: no usage, no model, null finish_reason.
    p = parseChatResponse(R"({"choices":[{"message":{"content":"hi"},"finish_reason":null}]})");
    QVERIFY(p.ok);
    QVERIFY(!p.hasUsage);
    QVERIFY(p.model.empty());
    QVERIFY(p.finishReason.empty());
    // Content as text parts.
    p = parseChatResponse(R"({"choices":[{"message":{"content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]}}]})");
    QVERIFY(p.ok);
    QCOMPARE(p.content, std::string("ab"));
    // "length" parses; the policy is the scheduler's.
    p = parseChatResponse(R"({"choices":[{"message":{"content":"cut"},"finish_reason":"length"}]})");
    QVERIFY(p.ok);
    QCOMPARE(p.finishReason, std::string("length"));
}

void TestTeacherParts::parseBadAnswers_data()
{
    QTest::addColumn<QString>("body");
    QTest::addColumn<QString>("error");
    QTest::newRow("not json") << QStringLiteral("<html>") << QStringLiteral("not valid JSON");
    QTest::newRow("truncated") << QStringLiteral(R"({"choices":[{"message":{"content":"ab)")
                               << QStringLiteral("not valid JSON (37 bytes)");
    QTest::newRow("array") << QStringLiteral("[]") << QStringLiteral("expected a JSON object, got array");
    QTest::newRow("no choices") << QStringLiteral("{}") << QStringLiteral("choices: missing");
    QTest::newRow("choices object") << QStringLiteral(R"({"choices":{}})") << QStringLiteral("choices: expected an array");
    QTest::newRow("empty choices") << QStringLiteral(R"({"choices":[]})") << QStringLiteral("choices: empty");
    QTest::newRow("no message") << QStringLiteral(R"({"choices":[{}]})") << QStringLiteral("choices[0].message: missing");
    QTest::newRow("no content") << QStringLiteral(R"({"choices":[{"message":{}}]})")
                                << QStringLiteral("choices[0].message.content: missing");
    QTest::newRow("number content") << QStringLiteral(R"({"choices":[{"message":{"content":42}}]})")
                                    << QStringLiteral("choices[0].message.content: expected a string, got number");
    QTest::newRow("null content") << QStringLiteral(R"({"choices":[{"message":{"content":null},"finish_reason":"tool_calls"}]})")
                                  << QStringLiteral("got null (finish_reason \"tool_calls\")");
    QTest::newRow("bad part") << QStringLiteral(R"({"choices":[{"message":{"content":[{"type":"image"}]}}]})")
                              << QStringLiteral("content[0].text: expected a string");
    QTest::newRow("error body") << QStringLiteral(R"({"error":{"message":"model overloaded"}})")
                                << QStringLiteral("error: model overloaded");
}

void TestTeacherParts::parseBadAnswers()
{
    QFETCH(QString, body);
    QFETCH(QString, error);
    const ParsedChatResponse p = parseChatResponse(body.toStdString());
    QVERIFY(!p.ok);
    QVERIFY2(QString::fromStdString(p.error).contains(error), p.error.c_str());
}

void TestTeacherParts::errorMessages()
{
    QCOMPARE(errorMessageFromBody(R"({"error":{"message":"Incorrect API key"}})"), std::string("Incorrect API key"));
    QCOMPARE(errorMessageFromBody(R"({"error":"model not found"})"), std::string("model not found"));
    QCOMPARE(errorMessageFromBody(R"({"detail":"Not Found"})"), std::string("Not Found"));
    QCOMPARE(errorMessageFromBody("Bad Gateway"), std::string("Bad Gateway"));
}

void TestTeacherParts::retryAfter()
{
    const qint64 now = QDateTime(QDate(2015, 10, 21), QTime(7, 28, 0), QTimeZone::utc()).toMSecsSinceEpoch();
    QCOMPARE(parseRetryAfterMs("3", now), std::optional<std::int64_t>(3000));
    QCOMPARE(parseRetryAfterMs(" 1.5 ", now), std::optional<std::int64_t>(1500));
    QCOMPARE(parseRetryAfterMs("0", now), std::optional<std::int64_t>(0));
    QCOMPARE(parseRetryAfterMs("-4", now), std::optional<std::int64_t>(0));
    QCOMPARE(parseRetryAfterMs("Wed, 21 Oct 2015 07:28:07 GMT", now), std::optional<std::int64_t>(7000));
    QCOMPARE(parseRetryAfterMs("Wed, 21 Oct 2015 07:27:00 GMT", now), std::optional<std::int64_t>(0));
    QCOMPARE(parseRetryAfterMs("soon", now), std::nullopt);
    QCOMPARE(parseRetryAfterMs("", now), std::nullopt);
}

void TestTeacherParts::backoffHasFullJitterUnderCap()
{
    RetryPolicy policy;
    policy.baseDelayMs = 100;
    policy.maxDelayMs = 1000;
    std::mt19937_64 rng(7);
    for (int attempt = 1; attempt <= 8; ++attempt) {
        const std::int64_t cap = std::min<std::int64_t>(1000, 100LL << (attempt - 1));
        std::int64_t lo = cap, hi = 0;
        for (int i = 0; i < 2000; ++i) {
            const std::int64_t d = backoffDelayMs(policy, attempt, rng);
            QVERIFY(d >= 0 && d <= cap);
            lo = std::min(lo, d);
            hi = std::max(hi, d);
        }
        // Full jitter: the whole range [0, cap] is used.
        QVERIFY(lo < cap / 10 + 1);
        QVERIFY(hi > cap * 9 / 10);
    }
}

void TestTeacherParts::statusClasses()
{
    for (int s : {408, 409, 429, 500, 502, 503, 504})
        QVERIFY(isRetryableStatus(s));
    for (int s : {200, 400, 401, 403, 404, 422})
        QVERIFY(!isRetryableStatus(s));
    QVERIFY(isAuthStatus(401) && isAuthStatus(403) && !isAuthStatus(429));
}

void TestTeacherParts::rateLimiterSpacesRequests()
{
    RateLimiter limiter(600, 0); // one request per 100 ms, no burst
    std::int64_t now = 0;
    std::vector<std::int64_t> sent;
    while (sent.size() < 50) {
        const std::int64_t wait = limiter.acquire(10, now);
        if (wait == 0)
            sent.push_back(now);
        else
            now += wait;
    }
    QCOMPARE(sent.front(), 0);
    QCOMPARE(sent.back(), 49 * 100);
    RateLimiter unlimited(0, 0);
    for (int i = 0; i < 1000; ++i)
        QCOMPARE(unlimited.acquire(1000000, 0), 0);
}

void TestTeacherParts::rateLimiterTokens()
{
    RateLimiter limiter(0, 60000); // 1,000 tokens/s, bucket of 1,000
    QCOMPARE(limiter.acquire(600, 0), 0);
    const std::int64_t wait = limiter.acquire(600, 0);
    QCOMPARE(wait, 200); // 400 left, 200 more at 1 token/ms
    // The answer used 100 tokens instead of 600: 500 come back.
    limiter.correct(500);
    QCOMPARE(limiter.acquire(600, 0), 0);
    // A request bigger than the bucket goes when it is full, leaving debt.
    RateLimiter small(0, 6000); // 100/s, bucket 100
    QCOMPARE(small.acquire(500, 0), 0);
    QVERIFY(small.acquire(10, 0) > 4000);
}

void TestTeacherParts::priceTableParseAndLookup()
{
    const PriceTable t = PriceTable::parse(
        R"({"models":{"gpt-4o":{"prompt_usd_per_1m":2.5,"completion_usd_per_1m":10},)"
        R"("gpt-4o-mini":{"prompt_usd_per_1m":0.15,"completion_usd_per_1m":0.6}}})");
    QCOMPARE(t.entries().size(), std::size_t(2));
    QCOMPARE(t.find("gpt-4o-mini")->promptPerMillion, 0.15);
    QCOMPARE(t.find("gpt-4o-mini-2024-07-18")->completionPerMillion, 0.6); // longest prefix
    QCOMPARE(t.find("gpt-4o-2024-08-06")->promptPerMillion, 2.5);
    QVERIFY(!t.find("llama3.1:8b"));
    QCOMPARE(t.cost("gpt-4o-mini", {1000000, 500000}), 0.15 + 0.3);
    QCOMPARE(t.cost("unknown", {1000000, 1000000}), 0.0);
    // save/load round trip
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("sub/prices.json")).toStdString();
    QDir().mkpath(dir.filePath(QStringLiteral("sub")));
    PriceTable::defaults().save(path);
    const PriceTable back = PriceTable::load(path);
    QCOMPARE(back.entries().size(), PriceTable::defaults().entries().size());
    QCOMPARE(back.find("gpt-4o-mini")->promptPerMillion, 0.15);
    QVERIFY(QString::fromStdString(PriceTable::defaultPath()).endsWith(QStringLiteral("crsw-workbench/prices.json")));
}

void TestTeacherParts::priceTableErrorsNameTheField()
{
    const auto errorOf = [](const char *text) {
        try {
            PriceTable::parse(text, "p.json");
        } catch (const Error &e) {
            return QString::fromUtf8(e.what());
        }
        return QString();
    };
    QVERIFY(errorOf("{").startsWith(QStringLiteral("p.json: not valid JSON")));
    QCOMPARE(errorOf("{}"), QStringLiteral("p.json: models: expected an object of model prices"));
    QCOMPARE(errorOf(R"({"models":{"m":3}})"), QStringLiteral("p.json: models.m: expected an object"));
    QCOMPARE(errorOf(R"({"models":{"m":{"prompt_usd_per_1m":1}}})"),
             QStringLiteral("p.json: models.m.completion_usd_per_1m: missing"));
    QCOMPARE(errorOf(R"({"models":{"m":{"prompt_usd_per_1m":"1","completion_usd_per_1m":1}}})"),
             QStringLiteral("p.json: models.m.prompt_usd_per_1m: expected a non-negative number"));
    QCOMPARE(errorOf(R"({"models":{"m":{"prompt_usd_per_1m":-1,"completion_usd_per_1m":1}}})"),
             QStringLiteral("p.json: models.m.prompt_usd_per_1m: expected a non-negative number"));
    QVERIFY(!errorOf(R"({"models":{}})").size());
}

void TestTeacherParts::costEstimate()
{
    ChatRequest r = request("a", std::string(400, 'x')); // 400 chars -> 100 tokens
    r.messages.resize(1);
    r.messages[0].content = std::string(400, 'x');
    QCOMPARE(estimatePromptTokens(r), 104); // + 4 per message
    QCOMPARE(estimateTotalTokens(r), 104 + 256);
    ChatRequest local = r;
    local.params.model = "llama3.1:8b";
    const std::vector<ChatRequest> requests(10, r);
    std::vector<ChatRequest> mixed = requests;
    mixed.push_back(local);
    const CostEstimate e = estimateCost(mixed, PriceTable::defaults());
    QCOMPARE(e.requests, std::size_t(11));
    QCOMPARE(e.promptTokens, 11 * 104);
    QCOMPARE(e.completionTokens, 11 * 256);
    QCOMPARE(e.usd, 10 * (104 * 0.15 + 256 * 0.60) / 1e6);
    QCOMPARE(e.unpricedModels, std::vector<std::string>{"llama3.1:8b"});
}

void TestTeacherParts::apiKeyLookupOrder()
{
    QTemporaryDir dir;
    // A fake secret-tool that knows one account.
    const QString tool = dir.filePath(QStringLiteral("secret-tool"));
    QFile f(tool);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("#!/bin/sh\n"
            "if [ \"$*\" = \"lookup service crsw-workbench account api.example.com\" ]; then\n"
            "  printf 'sk-keyring-0123456789abcd\\n'; exit 0; fi\n"
            "exit 1\n");
    f.close();
    QVERIFY(f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    const QByteArray oldPath = qgetenv("PATH");
    qputenv("PATH", dir.path().toUtf8() + ':' + oldPath);
    qunsetenv("CRSW_API_KEY");
    qunsetenv("OPENAI_API_KEY");

    ApiKey k = lookupApiKey("api.example.com");
    QCOMPARE(k.source, std::string("keyring"));
    QCOMPARE(k.key, std::string("sk-keyring-0123456789abcd"));
    k = lookupApiKey("other.example.com");
    QVERIFY(k.key.empty());
    QVERIFY(k.source.empty());

    qputenv("OPENAI_API_KEY", "sk-openai-env");
    k = lookupApiKey("api.example.com");
    QCOMPARE(k.source, std::string("OPENAI_API_KEY"));
    QCOMPARE(k.key, std::string("sk-openai-env"));

    qputenv("CRSW_API_KEY", "sk-crsw-env");
    k = lookupApiKey("api.example.com");
    QCOMPARE(k.source, std::string("CRSW_API_KEY"));
    QCOMPARE(k.key, std::string("sk-crsw-env"));

    qputenv("CRSW_API_KEY", "");  // empty counts as unset
    QCOMPARE(lookupApiKey("api.example.com").source, std::string("OPENAI_API_KEY"));

    qunsetenv("CRSW_API_KEY");
    qunsetenv("OPENAI_API_KEY");
    qputenv("PATH", oldPath);
}

void TestTeacherParts::maskedKey()
{
    QCOMPARE(crsw::maskedKey("sk-proj-0123456789abcdefABCD"), std::string("sk-\xE2\x80\xA6" "ABCD"));
    QCOMPARE(crsw::maskedKey("short-key"), std::string("\xE2\x80\xA6"));
    QCOMPARE(crsw::maskedKey(""), std::string());
}

QTEST_GUILESS_MAIN(TestTeacherParts)
#include "test_teacher_parts.moc"
