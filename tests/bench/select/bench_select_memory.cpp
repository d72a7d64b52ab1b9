// Benchmark: peak memory of RANDOM_UNIFORM, JS and FISHER on n = 1,000,000 x
// d = 768 float32 embeddings (a generated 3 GB .npy, memory-mapped), each
// strategy in its own child process that reports its VmHWM (peak resident
// set, which counts the mapped file's pages it touched). Target: under 6 GB.
// Also prints each child's time. Checks each child finished with B unique picks.
//
//   bench_select_memory [--smoke] [--rows N] [--dim D] [--budget B]
//                       [--strategies S,S,...] [--npy FILE] [--keep]
//   bench_select_memory --child STRATEGY --npy FILE --budget B
// --smoke: 20,000 x 64, B = 200.
#include "common/parallel.h"
#include "common/progress.h"
#include "embed/embedding_matrix.h"
#include "select/run_selection.h"

#include "bench_util.h"
#include "synthetic_embeddings.h"

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <set>
#include <sstream>
#include <string>

using namespace crsw;
namespace fs = std::filesystem;

namespace {

int child(const std::string &strategyName, const std::string &npy, std::size_t budget)
{
    const auto start = std::chrono::steady_clock::now();
    const EmbeddingMatrix x = EmbeddingMatrix::mapNpy(npy);
    const FeatureView view(x);
    SelectionParams params;
    params.budget = budget;
    Progress progress;
    const SelectionResult r = runSelection(view, parseStrategy(strategyName), params, progress);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const std::set<std::uint32_t> unique(r.picks.begin(), r.picks.end());
    nlohmann::json out = {{"strategy", strategyName}, {"seconds", seconds}, {"vmhwm_kb", bench::peakResidentKb()},
                          {"picks", r.picks.size()}, {"unique", unique.size()},
                          {"cluster_seconds", r.clusterSeconds}, {"select_seconds", r.selectSeconds}};
    std::printf("%s\n", out.dump().c_str());
    return unique.size() == budget ? 0 : 1;
}

std::vector<std::string> split(const std::string &text)
{
    std::vector<std::string> parts;
    std::stringstream in(text);
    std::string part;
    while (std::getline(in, part, ','))
        if (!part.empty())
            parts.push_back(part);
    return parts;
}

} // namespace

int main(int argc, char **argv)
{
    std::size_t rows = 1000000, dim = 768, budget = 2000;
    std::string npy, childStrategy, strategies = "RANDOM_UNIFORM,JS,FISHER";
    bool smoke = false, keep = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const auto value = [&]() { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
        if (arg == "--smoke")
            smoke = true;
        else if (arg == "--rows")
            rows = std::stoull(value());
        else if (arg == "--dim")
            dim = std::stoull(value());
        else if (arg == "--budget")
            budget = std::stoull(value());
        else if (arg == "--strategies")
            strategies = value();
        else if (arg == "--npy")
            npy = value();
        else if (arg == "--child")
            childStrategy = value();
        else if (arg == "--keep")
            keep = true;
        else {
            std::fprintf(stderr, "unknown argument %s\n", arg.c_str());
            return 2;
        }
    }
    if (!childStrategy.empty()) {
        try {
            return child(childStrategy, npy, budget);
        } catch (const std::exception &e) {
            std::printf("FAILED: %s\n", e.what());
            return 1;
        }
    }
    if (smoke) {
        rows = 20000;
        dim = 64;
        budget = 200;
    }
    const bool generated = npy.empty();
    if (generated)
        npy = (fs::temp_directory_path() / ("crsw-bench-memory-" + std::to_string(::getpid()) + ".npy")).string();
    bool ok = true;
    try {
        test::SyntheticEmbeddings::Options data;
        data.rows = rows;
        data.dimension = dim;
        data.clusters = 40;
        data.seed = 1;
        if (generated || !fs::exists(npy)) {
            const auto start = std::chrono::steady_clock::now();
            test::SyntheticEmbeddings::writeNpy(npy, data);
            std::printf("data: %s\n  written to %s (%.2f GB) in %.1f s\n", test::SyntheticEmbeddings::describe(data).c_str(),
                        npy.c_str(), double(fs::file_size(npy)) / 1e9,
                        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        }
        std::printf("\npeak memory (VmHWM of a child process per strategy; the mapped file counts where touched), "
                    "B = %zu, %d threads\n", budget, defaultThreadCount());
        std::printf("%-16s %12s %12s %12s %12s\n", "strategy", "VmHWM (GB)", "total (s)", "prepare (s)", "greedy (s)");
        for (const std::string &strategy : split(strategies)) {
            int status = 0;
            const std::string output = bench::runCommand(bench::shellQuoted(argv[0]) + " --child " + strategy + " --npy "
                                                             + bench::shellQuoted(npy) + " --budget "
                                                             + std::to_string(budget),
                                                         status);
            const std::string line = bench::lastJsonLine(output);
            if (status != 0 || line.empty()) {
                std::printf("%-16s FAILED (status %d): %s\n", strategy.c_str(), status, output.c_str());
                ok = false;
                continue;
            }
            const nlohmann::json j = nlohmann::json::parse(line);
            const double gb = j.at("vmhwm_kb").get<double>() * 1024.0 / 1e9;
            std::printf("%-16s %12.2f %12.2f %12.2f %12.2f%s\n", strategy.c_str(), gb, j.at("seconds").get<double>(),
                        j.at("cluster_seconds").get<double>(), j.at("select_seconds").get<double>(),
                        gb < 6.0 ? "" : "   over 6 GB");
        }
    } catch (const std::exception &e) {
        std::printf("FAILED: %s\n", e.what());
        ok = false;
    }
    if (generated && !keep) {
        std::error_code ignored;
        fs::remove(npy, ignored);
    }
    return ok ? 0 : 1;
}
