// Runs N teacher requests against a Chat Completions server and appends one
// JSON line per result to a file: the process the kill test SIGKILLs.
//   teacher_run_helper URL CACHE OUT N CONCURRENCY
#include "teacher/openai_chat_backend.h"

#include <QCoreApplication>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 6) {
        std::fprintf(stderr, "usage: teacher_run_helper URL CACHE OUT N CONCURRENCY\n");
        return 2;
    }
    crsw::OpenAiChatConfig config;
    config.baseUrl = argv[1];
    config.apiKey = "sk-test";
    config.cachePath = argv[2];
    config.concurrency = std::atoi(argv[5]);
    config.timeoutMs = 10000;
    std::ofstream out(argv[3], std::ios::app);
    std::vector<crsw::ChatRequest> requests;
    for (int i = 0, n = std::atoi(argv[4]); i < n; ++i) {
        char id[32];
        std::snprintf(id, sizeof id, "k%04d", i);
        crsw::ChatRequest r;
        r.id = id;
        r.messages = {{"user", id}};
        r.params.model = "gpt-4o-mini";
        r.params.maxTokens = 32;
        requests.push_back(r);
    }
    crsw::Progress progress;
    try {
        config.prices = crsw::PriceTable::defaults();
        crsw::OpenAiChatBackend backend(config);
        backend.run(requests, [&](const crsw::ChatResult &r) {
            const nlohmann::json line = {{"id", r.id}, {"ok", r.ok}, {"content", r.content},
                                         {"error", r.error}, {"fromCache", r.fromCache}};
            out << line.dump() << '\n' << std::flush;
        }, progress);
    } catch (const std::exception &e) {
        std::fprintf(stderr, "teacher_run_helper: %s\n", e.what());
        return 1;
    }
    return 0;
}
