// The response cache (SQLite) and the OpenAI Batch API files: export,
// import of results and errors, malformed lines reported with file:line.
#include "common/error.h"
#include "teacher/batch_jsonl.h"
#include "teacher/cache_key.h"
#include "teacher/response_cache.h"

#include "test_files.h"

#include <QtTest>

#include <QTemporaryDir>

#include <nlohmann/json.hpp>

using namespace crsw;
using nlohmann::json;

namespace {

std::vector<ChatRequest> makeRequests(int n)
{
    std::vector<ChatRequest> out;
    for (int i = 0; i < n; ++i) {
        ChatRequest r;
        r.id = "r" + std::to_string(i);
        r.messages = {{"user", "question " + std::to_string(i)}};
        r.params.model = "gpt-4o-mini";
        r.params.maxTokens = 100;
        r.params.seed = i;
        out.push_back(r);
    }
    return out;
}

std::string completion(const std::string &content, const std::string &finish = "stop")
{
    return json{{"id", "chatcmpl-1"},
                {"model", "gpt-4o-mini-2024-07-18"},
                {"choices", json::array({{{"index", 0},
                                          {"message", {{"role", "assistant"}, {"content", content}}},
                                          {"finish_reason", finish}}})},
                {"usage", {{"prompt_tokens", 1000000}, {"completion_tokens", 1000000}}}}
        .dump();
}

std::string okLine(const std::string &id, const std::string &content, const std::string &finish = "stop")
{
    return R"({"id":"batch_req_1","custom_id":")" + id + R"(","response":{"status_code":200,"request_id":"x","body":)" +
           completion(content, finish) + R"(},"error":null})";
}

} // namespace

class TestTeacherBatch : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { QVERIFY(m_dir.isValid()); }
    void cacheStoresAndFinds();
    void cacheSurvivesReopen();
    void cacheFirstAnswerWins();
    void batchInputLines();
    void batchInputRejectsDuplicateIds();
    void batchImport();

private:
    std::string path(const char *name) const { return m_dir.filePath(QString::fromUtf8(name)).toStdString(); }
    QTemporaryDir m_dir;
};

void TestTeacherBatch::cacheStoresAndFinds()
{
    ResponseCache cache(path("cache/responses.sqlite"));
    const auto requests = makeRequests(2);
    const std::string key = requestCacheKey(requests[0]);
    QVERIFY(!cache.find(key));
    ChatResult r;
    r.id = "r0";
    r.ok = true;
    r.content = "1. Alien\n2. Aliens";
    r.finishReason = "stop";
    r.model = "gpt-4o-mini-2024-07-18";
    r.usage = {120, 30};
    r.costUsd = 0.5;
    r.attempts = 2;
    r.startedAt = "2025-01-01T00:00:00.000Z";
    r.finishedAt = "2025-01-01T00:00:01.000Z";
    cache.store(key, requests[0], r);
    const auto found = cache.find(key);
    QVERIFY(found);
    QVERIFY(found->ok && found->fromCache);
    QCOMPARE(found->content, r.content);
    QCOMPARE(found->finishReason, r.finishReason);
    QCOMPARE(found->model, r.model);
    QCOMPARE(found->usage.promptTokens, 120);
    QCOMPARE(found->usage.completionTokens, 30);
    QCOMPARE(found->attempts, 0);
    QCOMPARE(found->costUsd, 0.0);
    QCOMPARE(found->startedAt, r.startedAt);
    QVERIFY(!cache.find(requestCacheKey(requests[1])));
    QCOMPARE(cache.size(), std::size_t(1));
}

void TestTeacherBatch::cacheSurvivesReopen()
{
    const auto requests = makeRequests(3);
    ChatResult r;
    r.ok = true;
    r.content = "x";
    {
        ResponseCache cache(path("reopen.sqlite"));
        for (const auto &q : requests)
            cache.store(requestCacheKey(q), q, r);
    }
    ResponseCache again(path("reopen.sqlite"));
    QCOMPARE(again.size(), std::size_t(3));
    // A second connection (another process would do the same) sees the rows while the first is open.
    ResponseCache other(path("reopen.sqlite"));
    QVERIFY(other.find(requestCacheKey(requests[2])));
    // An unusable path names itself.
    try {
        ResponseCache bad(m_dir.path().toStdString()); // a directory
        QFAIL("expected crsw::Error");
    } catch (const Error &e) {
        QVERIFY(QString::fromUtf8(e.what()).startsWith(m_dir.path()));
    }
}

void TestTeacherBatch::cacheFirstAnswerWins()
{
    ResponseCache cache(path("first.sqlite"));
    const auto q = makeRequests(1)[0];
    ChatResult a;
    a.ok = true;
    a.content = "first";
    ChatResult b = a;
    b.content = "second";
    cache.store(requestCacheKey(q), q, a);
    cache.store(requestCacheKey(q), q, b);
    QCOMPARE(cache.find(requestCacheKey(q))->content, std::string("first"));
    QCOMPARE(cache.size(), std::size_t(1));
}

void TestTeacherBatch::batchInputLines()
{
    const auto requests = makeRequests(3);
    writeBatchInput(requests, path("batch_input.jsonl"));
    const std::string text = test::readBytes(m_dir.filePath(QStringLiteral("batch_input.jsonl")));
    const QList<QByteArray> lines = QByteArray::fromStdString(text).trimmed().split('\n');
    QCOMPARE(lines.size(), 3);
    const json first = json::parse(lines[0].toStdString());
    QCOMPARE(first["custom_id"].get<std::string>(), std::string("r0"));
    QCOMPARE(first["method"].get<std::string>(), std::string("POST"));
    QCOMPARE(first["url"].get<std::string>(), std::string("/v1/chat/completions"));
    QCOMPARE(first["body"]["model"].get<std::string>(), std::string("gpt-4o-mini"));
    QCOMPARE(first["body"]["max_tokens"].get<int>(), 100);
    QCOMPARE(first["body"]["seed"].get<int>(), 0);
    QCOMPARE(first["body"]["temperature"].get<double>(), 0.8);
    QCOMPARE(first["body"]["messages"][0]["content"].get<std::string>(), std::string("question 0"));
}

void TestTeacherBatch::batchInputRejectsDuplicateIds()
{
    auto requests = makeRequests(3);
    requests[2].id = "r0";
    QVERIFY_THROWS_EXCEPTION(Error, writeBatchInput(requests, path("dup.jsonl")));
    requests[2].id = "";
    QVERIFY_THROWS_EXCEPTION(Error, writeBatchInput(requests, path("dup.jsonl")));
}

void TestTeacherBatch::batchImport()
{
    const auto requests = makeRequests(8);
    const std::string file = path("batch_output.jsonl");
    const std::vector<std::string> lines = {
        okLine("r0", "answer zero"),                                                             // 1 ok
        R"({"custom_id":"r1","response":null,"error":{"code":"batch_expired","message":"expired"}})", // 2 failed
        R"({"custom_id":"r2","response":{"status_code":500,"body":{"error":{"message":"boom"}}},"error":null})", // 3 failed
        "{not json",                                                                             // 4 malformed
        okLine("r404", "who"),                                                                   // 5 unknown id
        R"({"response":{"status_code":200,"body":{}}})",                                         // 6 no custom_id
        okLine("r0", "again"),                                                                   // 7 repeated
        "",                                                                                      // 8 blank, skipped
        okLine("r3", "cut", "length"),                                                           // 9 failed (length)
        R"({"custom_id":"r4","response":{"status_code":200,"body":{"choices":[]}},"error":null})", // 10 failed (empty)
        R"({"custom_id":"r5","response":{"body":{}},"error":null})",                            // 11 malformed status
        R"({"custom_id":"r6","response":{"status_code":200},"error":null})",                    // 12 malformed body
        okLine("r7", "answer seven"),                                                            // 13 ok
    };
    std::string text;
    for (const auto &l : lines)
        text += l + "\n";
    test::writeBytes(QString::fromStdString(file), text);

    ResponseCache cache(path("batch.sqlite"));
    std::map<std::string, ChatResult> results;
    const BatchImportReport report = importBatchResults(
        file, requests, &cache, PriceTable::defaults(), [&](const ChatResult &r) {
            QVERIFY2(results.emplace(r.id, r).second, r.id.c_str());
        });
    QCOMPARE(report.lines, std::size_t(12));
    QCOMPARE(report.answered, std::size_t(2));
    QCOMPARE(report.failed, std::size_t(4));
    QCOMPARE(results.size(), std::size_t(6));
    QVERIFY(results["r0"].ok);
    QCOMPARE(results["r0"].content, std::string("answer zero"));
    QCOMPARE(results["r0"].model, std::string("gpt-4o-mini-2024-07-18"));
    QCOMPARE(results["r0"].costUsd, (0.15 + 0.60) * 0.5); // the Batch API bills half
    QCOMPARE(results["r1"].error, std::string("batch error: batch_expired: expired"));
    QCOMPARE(results["r2"].error, std::string("HTTP 500: boom"));
    QVERIFY(QString::fromStdString(results["r3"].error).contains(QStringLiteral("finish_reason \"length\"")));
    QVERIFY2(QString::fromStdString(results["r4"].error).endsWith(QStringLiteral(":10: response.body.choices: empty (the endpoint returned no answer)")),
             results["r4"].error.c_str());
    QVERIFY(results["r7"].ok);

    const QStringList expected = {
        QStringLiteral(":4: not valid JSON"),
        QStringLiteral(":5: custom_id: \"r404\" is not one of the run's requests"),
        QStringLiteral(":6: custom_id: missing"),
        QStringLiteral(":7: custom_id: \"r0\" appears twice; the first line counts"),
        QStringLiteral(":11: response.status_code: missing"),
        QStringLiteral(":12: response.body: missing"),
    };
    QCOMPARE(report.errors.size(), std::size_t(expected.size()));
    for (int i = 0; i < expected.size(); ++i)
        QCOMPARE(QString::fromStdString(report.errors[std::size_t(i)]), QString::fromStdString(file) + expected[i]);

    // Only ok answers are cached; a later run gets them for free.
    QCOMPARE(cache.size(), std::size_t(2));
    QCOMPARE(cache.find(requestCacheKey(requests[7]))->content, std::string("answer seven"));
    QVERIFY(!cache.find(requestCacheKey(requests[3])));
}

QTEST_GUILESS_MAIN(TestTeacherBatch)
#include "test_teacher_batch.moc"
