// `crsw synth` as a user runs it on the demo workspace: the offline
// synthesizer end to end (demo -> embed -> select -> synth), the resume, the
// exports, the baseline, a teacher run against a local Chat Completions
// server (estimate, cost limit, faults, resume from OUT and the cache, a
// rejected key), and the errors (usage: exit 2; input: exit 1).
#include "cli_run.h"
#include "fake_chat_server.h"
#include "test_paths.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <functional>

namespace {

using Run = crsw::test::CliRun;
using crsw::test::runCrsw;
using crsw::test::fileLines;

} // namespace

class TestCliSynth : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_ws;
    QString m_sel;

    QStringList synthArgs(const QString &out) const
    {
        return {QStringLiteral("synth"), QStringLiteral("--workspace"), m_ws, QStringLiteral("--selection"), m_sel,
                QStringLiteral("--out"), out};
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_ws = m_dir.filePath(QStringLiteral("ws"));
        QCOMPARE(runCrsw({QStringLiteral("demo"), QStringLiteral("--workspace"), m_ws}).code, 0);
        const Run embed = runCrsw({QStringLiteral("embed"), QStringLiteral("--workspace"), m_ws, QStringLiteral("--dim"),
                                   QStringLiteral("16"), QStringLiteral("--item-dim"), QStringLiteral("8")});
        QVERIFY2(embed.code == 0, qPrintable(embed.err));
        m_sel = m_dir.filePath(QStringLiteral("sel.json"));
        const Run select = runCrsw({QStringLiteral("select"), QStringLiteral("--workspace"), m_ws, QStringLiteral("--strategy"),
                                    QStringLiteral("FISHER"), QStringLiteral("--budget"), QStringLiteral("12"),
                                    QStringLiteral("--out"), m_sel});
        QVERIFY2(select.code == 0, qPrintable(select.err));
    }

    void offlineEndToEnd()
    {
        const QString out = m_dir.filePath(QStringLiteral("synthetic/out.jsonl"));
        const QString chat = m_dir.filePath(QStringLiteral("chat.jsonl")), he = m_dir.filePath(QStringLiteral("he"));
        const QString csv = m_dir.filePath(QStringLiteral("out.csv"));
        const Run run = runCrsw(synthArgs(out) << QStringLiteral("--seed") << QStringLiteral("3") << QStringLiteral("--export-chat")
                                               << chat << QStringLiteral("--export-he") << he << QStringLiteral("--export-csv") << csv);
        QVERIFY2(run.code == 0, qPrintable(run.err));
        QVERIFY2(run.out.contains(QStringLiteral("template-based, no LLM, seeded mode, seed 3: 12 picks")), qPrintable(run.out));
        QVERIFY2(run.out.contains(QStringLiteral("records written: 60 (already there: 0)")), qPrintable(run.out));
        QVERIFY2(run.out.contains(QStringLiteral("requests: 0 sent, 0 failed, 0 retries")), qPrintable(run.out));
        QVERIFY2(run.out.contains(QStringLiteral("cost $0.0000")), qPrintable(run.out));
        QVERIFY2(run.out.contains(QStringLiteral("hallucination rate 0.00%")), qPrintable(run.out));
        QCOMPARE(fileLines(out).size(), 60);
        const nlohmann::json record = nlohmann::json::parse(fileLines(out).front().toStdString());
        QCOMPARE(record.at("synthesizer").get<std::string>(), std::string("template-based, no LLM"));
        QCOMPARE(record.at("ground_truth").size(), std::size_t(20));
        QCOMPARE(fileLines(chat).size(), 60);
        QCOMPARE(nlohmann::json::parse(fileLines(chat).front().toStdString()).at("messages").size(), std::size_t(2));
        QCOMPARE(fileLines(he + QStringLiteral("/test.jsonl")).size(), 60);
        QVERIFY(QFile::exists(he + QStringLiteral("/entity2id.json")));
        QCOMPARE(fileLines(csv).size(), 61);
        QVERIFY(QFile::exists(m_ws + QStringLiteral("/templates/queries.txt")));

        // The same OUT again: resumed, nothing added, nothing lost.
        const Run again = runCrsw(synthArgs(out) << QStringLiteral("--seed") << QStringLiteral("3"));
        QVERIFY2(again.code == 0, qPrintable(again.err));
        QVERIFY2(again.out.contains(QStringLiteral("records written: 0 (already there: 60)")), qPrintable(again.out));
        QCOMPARE(fileLines(out).size(), 60);
        // Another seed into the same file is refused.
        const Run other = runCrsw(synthArgs(out) << QStringLiteral("--seed") << QStringLiteral("4"));
        QCOMPARE(other.code, 1);
        QVERIFY2(other.err.contains(QStringLiteral("holds records of another run")), qPrintable(other.err));
    }

    void baselineWithLimit()
    {
        const QString out = m_dir.filePath(QStringLiteral("baseline.jsonl"));
        const Run run = runCrsw(synthArgs(out) << QStringLiteral("--baseline") << QStringLiteral("--limit") << QStringLiteral("2"));
        QVERIFY2(run.code == 0, qPrintable(run.err));
        QCOMPARE(fileLines(out).size(), 10);
        QCOMPARE(nlohmann::json::parse(fileLines(out).front().toStdString()).at("mode").get<std::string>(), std::string("baseline"));
    }

    // The HTTP teacher end to end against the fake server: prompt 1 answered
    // with a JSON array of 5 queries, prompt 2 with 15 catalog titles (taken
    // from the offline run's records) and 5 invented ones.
    void teacherEndpoint()
    {
        const QList<QByteArray> offline = fileLines(m_dir.filePath(QStringLiteral("synthetic/out.jsonl")));
        QVERIFY(!offline.isEmpty());
        std::string titles;
        const nlohmann::json truth = nlohmann::json::parse(offline.front().toStdString()).at("ground_truth");
        for (int i = 0; i < 20; ++i)
            titles += std::to_string(i + 1) + ". "
                      + (i < 15 ? truth.at(std::size_t(i)).at("title").get<std::string>()
                                : "Nonexistent Film " + std::to_string(i) + " (2031)")
                      + "\n";
        crsw::test::FakeChatServerOptions serverOptions;
        serverOptions.answer = [titles](const std::string &prompt) {
            if (prompt.rfind("Pretend you are a movie recommender", 0) == 0)
                return titles;
            const std::string tag = std::to_string(std::hash<std::string>()(prompt) % 1000);
            return "[\"A tense thriller " + tag + "a\", \"Something funny " + tag + "b\", \"A slow drama " + tag
                   + "c\", \"Animated fun " + tag + "d\", \"A heist film " + tag + "e\"]";
        };
        // The first attempt of every third request fails with a 500 (retried).
        serverOptions.plan = [](const std::string &key, int attempt) {
            return attempt == 1 && std::hash<std::string>()(key) % 3 == 0 ? crsw::test::Fault::ServerError
                                                                            : crsw::test::Fault::None;
        };
        crsw::test::FakeChatServer server(serverOptions);
        QVERIFY(server.start());
        QTemporaryDir config;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), config.path()); // no user price table
        env.insert(QStringLiteral("CRSW_API_KEY"), QStringLiteral("sk-test-secret-9876"));
        const QString out = m_dir.filePath(QStringLiteral("teacher.jsonl"));
        const QStringList args = synthArgs(out) << QStringLiteral("--endpoint") << QString::fromStdString(server.baseUrl())
                                                << QStringLiteral("--model") << QStringLiteral("gpt-4o-mini")
                                                << QStringLiteral("--limit") << QStringLiteral("3");

        // --estimate: 3 prompt-1 requests and 15 projected prompt-2 requests, nothing sent.
        const Run estimate = runCrsw(QStringList(args) << QStringLiteral("--estimate"), 300000, env);
        QVERIFY2(estimate.code == 0, qPrintable(estimate.err));
        QVERIFY2(estimate.out.contains(QStringLiteral("Estimate: 18 requests (15 of them projected")), qPrintable(estimate.out));
        QVERIFY2(estimate.out.contains(QStringLiteral("sk-…9876 (CRSW_API_KEY)")), qPrintable(estimate.out));
        QVERIFY(!estimate.out.contains(QStringLiteral("secret")));
        QCOMPARE(server.log().size(), std::size_t(0));
        // A cost limit below the estimate: refused before sending.
        const Run limited = runCrsw(QStringList(args) << QStringLiteral("--max-cost") << QStringLiteral("0.000001"), 300000, env);
        QCOMPARE(limited.code, 1);
        QVERIFY2(limited.err.contains(QStringLiteral("exceeds --max-cost")), qPrintable(limited.err));
        QCOMPARE(server.log().size(), std::size_t(0));

        const Run run = runCrsw(args, 300000, env);
        QVERIFY2(run.code == 0, qPrintable(run.out + run.err));
        QVERIFY2(run.out.contains(QStringLiteral("records written: 15 (already there: 0)")), qPrintable(run.out));
        QVERIFY2(run.out.contains(QStringLiteral("requests: 18 sent, 0 failed")), qPrintable(run.out));
        QVERIFY2(run.out.contains(QStringLiteral("hallucination rate 25.00%")), qPrintable(run.out));
        QCOMPARE(fileLines(out).size(), 15);
        const nlohmann::json record = nlohmann::json::parse(fileLines(out).front().toStdString());
        QCOMPARE(record.at("model").get<std::string>(), std::string("gpt-4o-mini"));
        QCOMPARE(record.at("ground_truth").size(), std::size_t(20));
        std::size_t retried = 0, answered = 0;
        for (const crsw::test::ServedRequest &served : server.log()) {
            QCOMPARE(served.authorization, std::string("Bearer sk-test-secret-9876"));
            retried += served.attempt > 1;
            answered += served.answered;
        }
        QCOMPARE(answered, std::size_t(18));
        QVERIFY(retried > 0);
        for (const QByteArray &line : fileLines(out))
            QVERIFY(!line.contains("sk-test-secret")); // the key is never written

        // Again: nothing new is asked or written.
        const std::size_t served = server.log().size();
        const Run again = runCrsw(args, 300000, env);
        QVERIFY2(again.code == 0, qPrintable(again.err));
        QVERIFY2(again.out.contains(QStringLiteral("records written: 0 (already there: 15)")), qPrintable(again.out));
        QCOMPARE(server.log().size(), served);
        QCOMPARE(fileLines(out).size(), 15);
    }

    // Large jobs through OpenAI Batch API files: export phase 1, import its
    // results and export phase 2, import those and get the records; a failed
    // and a malformed results line are reported, not fatal.
    void batchFiles()
    {
        const QString out = m_dir.filePath(QStringLiteral("batch.jsonl"));
        const QString b1 = m_dir.filePath(QStringLiteral("b1.jsonl")), b2 = m_dir.filePath(QStringLiteral("b2.jsonl"));
        const QString r1 = m_dir.filePath(QStringLiteral("r1.jsonl")), r2 = m_dir.filePath(QStringLiteral("r2.jsonl"));
        // Another model than teacherEndpoint()'s, whose answers are in the workspace's cache.
        const QStringList args = synthArgs(out) << QStringLiteral("--model") << QStringLiteral("gpt-4o-mini-batch")
                                                << QStringLiteral("--limit") << QStringLiteral("2");
        // What the Batch API would return for each line of an input file.
        const auto answer = [](const QString &input, const QString &output,
                               const std::function<std::string(const std::string &)> &content) {
            QFile out(output);
            QVERIFY(out.open(QIODevice::WriteOnly));
            int n = 0;
            for (const QByteArray &line : fileLines(input)) {
                const nlohmann::json request = nlohmann::json::parse(line.toStdString());
                const std::string id = request.at("custom_id").get<std::string>();
                QCOMPARE(request.at("url").get<std::string>(), std::string("/v1/chat/completions"));
                nlohmann::json result = {{"id", "batch_req_" + std::to_string(n)}, {"custom_id", id}, {"error", nullptr}};
                if (++n == 3 && id.rfind("recommend/", 0) == 0) {
                    result["response"] = {{"status_code", 500}, {"body", {{"error", {{"message", "server had an error"}}}}}};
                } else {
                    result["response"] = {
                        {"status_code", 200},
                        {"body",
                         {{"model", "gpt-4o-mini-2024-07-18"},
                          {"choices", {{{"index", 0},
                                        {"message", {{"role", "assistant"}, {"content", content(id)}}},
                                        {"finish_reason", "stop"}}}},
                          {"usage", {{"prompt_tokens", 100}, {"completion_tokens", 50}, {"total_tokens", 150}}}}}};
                }
                out.write(QByteArray::fromStdString(result.dump()) + "\n");
            }
            out.write("{\"custom_id\": 7}\n"); // malformed
        };

        const Run export1 = runCrsw(QStringList(args) << QStringLiteral("--batch-export") << b1);
        QVERIFY2(export1.code == 0, qPrintable(export1.out + export1.err));
        QVERIFY2(export1.out.contains(QStringLiteral("2 requests written to")), qPrintable(export1.out));
        QCOMPARE(fileLines(b1).size(), 2);
        QCOMPARE(fileLines(out).size(), 0);
        answer(b1, r1, [](const std::string &id) {
            // Distinct queries: identical prompts would share one cached answer.
            return "[\"A calm film " + id + "\", \"Scary " + id + "\", \"Funny " + id + "\", \"Sad " + id + "\", \"Old " + id
                   + "\"]";
        });

        const Run export2 = runCrsw(QStringList(args) << QStringLiteral("--batch-import") << r1
                                                      << QStringLiteral("--batch-export") << b2);
        QVERIFY2(export2.code == 0, qPrintable(export2.out + export2.err));
        QVERIFY2(export2.out.contains(QStringLiteral("Batch results imported: 2 answers, 0 failures, 1 malformed lines")),
                 qPrintable(export2.out));
        QVERIFY2(export2.out.contains(QStringLiteral("r1.jsonl:3: custom_id: expected a string")), qPrintable(export2.out));
        QCOMPARE(fileLines(b2).size(), 10);
        answer(b2, r2, [](const std::string &) {
            std::string titles;
            for (int i = 1; i <= 20; ++i)
                titles += std::to_string(i) + ". Film " + std::to_string(i) + "\n";
            return titles;
        });

        const Run finish = runCrsw(QStringList(args) << QStringLiteral("--batch-import") << r1
                                                     << QStringLiteral("--batch-import") << r2);
        QVERIFY2(finish.code == 3, qPrintable(finish.out)); // the line answered with a 500
        QVERIFY2(finish.out.contains(QStringLiteral("records written: 9 (already there: 0)")), qPrintable(finish.out));
        QVERIFY2(finish.out.contains(QStringLiteral("HTTP 500")), qPrintable(finish.out));
        QVERIFY2(finish.out.contains(QStringLiteral("Batch results imported: 11 answers, 1 failures, 2 malformed lines")),
                 qPrintable(finish.out));
        QCOMPARE(fileLines(out).size(), 9);
        const nlohmann::json record = nlohmann::json::parse(fileLines(out).front().toStdString());
        QCOMPARE(record.at("ground_truth").size(), std::size_t(20));
        QVERIFY(record.at("synthesizer").get<std::string>().find("Batch API") != std::string::npos);
    }

    // crsw teacher: the connection test, answered and refused.
    void teacherConnection()
    {
        QString closed; // the URL of a server that has stopped: nobody listens there
        {
            crsw::test::FakeChatServer server;
            QVERIFY(server.start());
            closed = QString::fromStdString(server.baseUrl());
            const Run ok = runCrsw({QStringLiteral("teacher"), QStringLiteral("--endpoint"), closed, QStringLiteral("--model"),
                                    QStringLiteral("tiny"), QStringLiteral("--prompt"), QStringLiteral("ping")});
            QVERIFY2(ok.code == 0, qPrintable(ok.out + ok.err));
            QVERIFY2(ok.out.contains(QStringLiteral("Answered in")), qPrintable(ok.out));
            QVERIFY2(ok.out.contains(QStringLiteral("answer:ping")), qPrintable(ok.out));
            QCOMPARE(server.log().size(), std::size_t(1));
        }
        const Run refused = runCrsw({QStringLiteral("teacher"), QStringLiteral("--endpoint"), closed, QStringLiteral("--model"),
                                     QStringLiteral("tiny"), QStringLiteral("--timeout"), QStringLiteral("5")});
        QCOMPARE(refused.code, 1);
        QVERIFY2(refused.out.contains(QStringLiteral("Failed after")), qPrintable(refused.out));
    }

    // A rejected key stops the run after a few 401s and exits 3 (failed requests).
    void teacherAuthenticationFailure()
    {
        crsw::test::FakeChatServerOptions serverOptions;
        serverOptions.plan = [](const std::string &, int) { return crsw::test::Fault::Unauthorized; };
        crsw::test::FakeChatServer server(serverOptions);
        QVERIFY(server.start());
        const QString out = m_dir.filePath(QStringLiteral("unauthorized.jsonl"));
        const Run run = runCrsw(synthArgs(out) << QStringLiteral("--endpoint") << QString::fromStdString(server.baseUrl())
                                               << QStringLiteral("--model") << QStringLiteral("m") << QStringLiteral("--limit")
                                               << QStringLiteral("6") << QStringLiteral("--concurrency") << QStringLiteral("1"));
        QCOMPARE(run.code, 3);
        QVERIFY2(run.out.contains(QStringLiteral("requests: 6 sent, 6 failed")), qPrintable(run.out));
        QVERIFY2(run.out.contains(QStringLiteral("run the same command again")), qPrintable(run.out));
        QVERIFY(server.log().size() < 6); // stopped after repeated 401s, not asked six times
        QCOMPARE(fileLines(out).size(), 0);
    }

    void errors()
    {
        const QString out = m_dir.filePath(QStringLiteral("e.jsonl"));
        const Run noModel = runCrsw(synthArgs(out) << QStringLiteral("--endpoint") << QStringLiteral("http://localhost:9/v1"));
        QCOMPARE(noModel.code, 2);
        QVERIFY2(noModel.err.contains(QStringLiteral("--model is required")), qPrintable(noModel.err));
        const Run noSelection = runCrsw({QStringLiteral("synth"), QStringLiteral("--workspace"), m_ws, QStringLiteral("--out"), out});
        QCOMPARE(noSelection.code, 2);
        const Run badSelection = runCrsw({QStringLiteral("synth"), QStringLiteral("--workspace"), m_ws, QStringLiteral("--selection"),
                                          m_dir.filePath(QStringLiteral("missing.json")), QStringLiteral("--out"), out});
        QCOMPARE(badSelection.code, 1);
        QVERIFY2(badSelection.err.contains(QStringLiteral("missing.json")), qPrintable(badSelection.err));
        // A broken template is reported by file, line and column.
        QFile templates(m_ws + QStringLiteral("/templates/recommend.txt"));
        QVERIFY(templates.open(QIODevice::WriteOnly));
        templates.write("Recommend 20.\nConversation: {conversaton}\n");
        templates.close();
        const Run badTemplate = runCrsw(synthArgs(out));
        QCOMPARE(badTemplate.code, 1);
        QVERIFY2(badTemplate.err.contains(QStringLiteral("templates/recommend.txt:2: column 15: unknown placeholder {conversaton}")),
                 qPrintable(badTemplate.err));
        QVERIFY(templates.remove()); // the next run writes the default again
    }
};

QTEST_GUILESS_MAIN(TestCliSynth)
#include "test_cli_synth.moc"
