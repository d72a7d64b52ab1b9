// bench_teacher_throughput [--smoke]
//   1. n requests at a fixed server latency and concurrency 32: wall time
//      against the ideal n x latency / concurrency (target: within 1.2x).
//   2. m requests under a 600 requests/minute limit: the rate the server saw
//      (target: within 5% of the limit).
// Exits non-zero only when a request is lost, duplicated or wrong.
#include "teacher/openai_chat_backend.h"

#include "fake_chat_server.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <cstdio>
#include <cstring>
#include <set>

using namespace crsw;
using crsw::test::FakeChatServer;
using crsw::test::FakeChatServerOptions;

namespace {

std::vector<ChatRequest> makeRequests(int n, const char *prefix)
{
    std::vector<ChatRequest> out;
    for (int i = 0; i < n; ++i) {
        ChatRequest r;
        r.id = prefix + std::to_string(i);
        r.messages = {{"system", "Pretend you are a movie recommender system."}, {"user", r.id}};
        r.params.model = "gpt-4o-mini";
        r.params.maxTokens = 400;
        out.push_back(r);
    }
    return out;
}

// Runs the requests; false (with a message) unless each got exactly one correct answer.
bool runAndCheck(OpenAiChatBackend &backend, const std::vector<ChatRequest> &requests, double *seconds)
{
    std::set<std::string> seen;
    std::size_t wrong = 0, duplicates = 0;
    Progress progress;
    QElapsedTimer timer;
    timer.start();
    backend.run(requests, [&](const ChatResult &r) {
        duplicates += !seen.insert(r.id).second;
        wrong += !r.ok || r.content != FakeChatServer::answerFor(r.id);
    }, progress);
    *seconds = double(timer.nsecsElapsed()) / 1e9;
    if (seen.size() != requests.size() || wrong || duplicates) {
        std::fprintf(stderr, "FAIL: %zu of %zu requests ended, %zu wrong, %zu duplicates\n", seen.size(),
                     requests.size(), wrong, duplicates);
        return false;
    }
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const bool smoke = argc > 1 && std::strcmp(argv[1], "--smoke") == 0;
    QTemporaryDir dir;
    bool ok = true;

    {
        const int n = smoke ? 100 : 1000;
        const int latencyMs = smoke ? 50 : 200;
        const int concurrency = 32;
        FakeChatServerOptions options;
        options.latencyMs = latencyMs;
        FakeChatServer server(options);
        if (!server.start())
            return 1;
        OpenAiChatConfig config;
        config.baseUrl = server.baseUrl();
        config.apiKey = "sk-bench";
        config.concurrency = concurrency;
        config.cachePath = dir.filePath(QStringLiteral("throughput.sqlite")).toStdString();
        OpenAiChatBackend backend(config);
        double seconds = 0;
        ok &= runAndCheck(backend, makeRequests(n, "t"), &seconds);
        const double ideal = double(n) * latencyMs / 1000.0 / concurrency;
        std::printf("throughput: %d requests, %d ms latency, concurrency %d: %.2f s (ideal n x latency / concurrency "
                    "= %.2f s), ratio %.3f (target <= 1.2), %.1f requests/s\n",
                    n, latencyMs, concurrency, seconds, ideal, seconds / ideal, n / seconds);
    }
    {
        const int n = smoke ? 30 : 200;
        const double limit = 600;
        FakeChatServer server;
        if (!server.start())
            return 1;
        OpenAiChatConfig config;
        config.baseUrl = server.baseUrl();
        config.apiKey = "sk-bench";
        config.concurrency = 32;
        config.requestsPerMinute = limit;
        config.cachePath = dir.filePath(QStringLiteral("rate.sqlite")).toStdString();
        OpenAiChatBackend backend(config);
        double seconds = 0;
        ok &= runAndCheck(backend, makeRequests(n, "r"), &seconds);
        const auto log = server.log();
        const double spanMs = double(log.back().arrivedMs - log.front().arrivedMs);
        const double rate = spanMs > 0 ? double(log.size() - 1) / spanMs * 60000.0 : 0.0;
        std::printf("rate limit: %d requests at %.0f requests/minute: the server saw %.1f requests/minute "
                    "(%+.2f%% of the limit; target within 5%%), %.2f s\n",
                    n, limit, rate, (rate / limit - 1.0) * 100.0, seconds);
    }
    return ok ? 0 : 1;
}
