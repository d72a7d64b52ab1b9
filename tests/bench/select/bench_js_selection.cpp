// Benchmark: the JS strategy, B = 2,000 picks from n = 200,000 x d = 256
// with K = 50 centres, against the NumPy implementation of the same algorithm
// (reference_js.py) measured in the same run on the same data and centres;
// the picks must be identical. The centres come from our k-means (timed and
// reported apart); both sides then start from the same X and C.
//
//   bench_js_selection [--smoke] [--rows N] [--dim D] [--clusters K]
//                      [--budget B] [--threads T] [--dir DIR] [--keep]
// --smoke: 4,000 x 48, K = 10, B = 150 (runs in the normal suite).
#include "common/parallel.h"
#include "common/progress.h"
#include "embed/embedding_matrix.h"
#include "select/js_kernel.h"
#include "select/js_selection.h"
#include "select/kmeans.h"

#include "bench_util.h"
#include "synthetic_embeddings.h"

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

using namespace crsw;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double since(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

struct Config {
    std::size_t rows = 200000, dim = 256, budget = 2000;
    int clusters = 50, threads = 0;
    bool smoke = false, keep = false;
    std::string dir;
};

bool run(const Config &cfg, const fs::path &folder)
{
    fs::create_directories(folder);
    const int threads = cfg.threads > 0 ? cfg.threads : defaultThreadCount();
    test::SyntheticEmbeddings::Options data;
    data.rows = cfg.rows;
    data.dimension = cfg.dim;
    data.clusters = 40;
    data.seed = 1;
    std::printf("data: %s\n", test::SyntheticEmbeddings::describe(data).c_str());
    const EmbeddingMatrix x = test::SyntheticEmbeddings::generate(data);
    const std::string xPath = (folder / "x.npy").string(), cPath = (folder / "centers.npy").string(),
                      outPath = (folder / "numpy_picks.npy").string();
    writeNpy(xPath, x);
    const FeatureView view(x);

    Progress progress;
    KMeans::Options ko;
    ko.clusters = std::size_t(cfg.clusters);
    ko.seed = 0;
    ko.threads = threads;
    auto start = Clock::now();
    const KMeans::Result km = KMeans::run(view, ko, progress);
    const double kmSeconds = since(start);
    EmbeddingMatrix centers(km.clusters, km.dimension);
    std::copy(km.centers.begin(), km.centers.end(), centers.mutableData());
    writeNpy(cPath, centers);
    std::printf("k-means (ours, %d threads): %.2f s, %d iterations, inertia %.6g\n", threads, kmSeconds,
                km.iterations, km.inertia);

    SelectionParams params;
    params.budget = cfg.budget;
    params.tau = 1.0;
    params.threads = threads;
    start = Clock::now();
    const SelectionResult ours = selectJS(view, params, progress, {}, &centers);
    const double oursSeconds = since(start);
    params.threads = 1;
    start = Clock::now();
    const SelectionResult ours1 = selectJS(view, params, progress, {}, &centers);
    const double ours1Seconds = since(start);

    int status = 0;
    const std::string command = "python3 " + bench::shellQuoted(CRSW_REFERENCE_JS) + " " + bench::shellQuoted(xPath)
                                + " " + bench::shellQuoted(cPath) + " --budget " + std::to_string(cfg.budget)
                                + " --tau 1 --out " + bench::shellQuoted(outPath);
    const std::string output = bench::runCommand(command, status);
    const std::string line = bench::lastJsonLine(output);
    if (status != 0 || line.empty()) {
        std::printf("FAILED: the NumPy reference did not finish (status %d):\n%s\n", status, output.c_str());
        return false;
    }
    const nlohmann::json py = nlohmann::json::parse(line);
    const std::vector<double> pyPicks = bench::readNpyFloat64(outPath);

    std::size_t same = 0, firstDiff = cfg.budget;
    double worstScore = 0.0;
    for (std::size_t t = 0; t < cfg.budget; ++t) {
        if (std::uint32_t(pyPicks[t]) == ours.picks[t])
            ++same;
        else if (firstDiff == cfg.budget)
            firstDiff = t;
        if (firstDiff == cfg.budget)
            worstScore = std::max(worstScore, std::abs(pyPicks[cfg.budget + t] - ours.scores[t]));
    }
    const double pySelect = py.at("select_seconds").get<double>(), pySetup = py.at("setup_seconds").get<double>();
    std::printf("\nJS, B = %zu of n = %zu x d = %zu, K = %d, tau = 1 (kernel: %s)\n", cfg.budget, cfg.rows, cfg.dim,
                cfg.clusters, JsKernel::best().name);
    std::printf("%-28s %12s %12s %12s\n", "", "p_i (s)", "greedy (s)", "total (s)");
    std::printf("%-28s %12.3f %12.3f %12.3f\n", ("ours, " + std::to_string(threads) + " threads").c_str(),
                ours.clusterSeconds, ours.selectSeconds, oursSeconds);
    std::printf("%-28s %12.3f %12.3f %12.3f\n", "ours, 1 thread", ours1.clusterSeconds, ours1.selectSeconds,
                ours1Seconds);
    std::printf("%-28s %12.3f %12.3f %12.3f\n", "NumPy reference (1 thread)", pySetup, pySelect, pySetup + pySelect);
    std::printf("speed-up, greedy loop: %.1fx (%d threads), %.1fx (1 thread); end to end: %.1fx\n",
                pySelect / ours.selectSeconds, threads, pySelect / ours1.selectSeconds,
                (pySetup + pySelect) / oursSeconds);
    std::printf("picks identical: %zu of %zu%s; largest score difference before any divergence: %.3g\n", same,
                cfg.budget, same == cfg.budget ? "" : (" (first difference at step " + std::to_string(firstDiff) + ")").c_str(),
                worstScore);
    const bool threadsAgree = ours1.picks == ours.picks && ours1.scores == ours.scores;
    std::printf("1 thread and %d threads bit-identical: %s\n", threads, threadsAgree ? "yes" : "NO");
    return same == cfg.budget && threadsAgree;
}

} // namespace

int main(int argc, char **argv)
{
    Config cfg;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const auto value = [&]() { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
        if (arg == "--smoke")
            cfg.smoke = true;
        else if (arg == "--rows")
            cfg.rows = std::stoull(value());
        else if (arg == "--dim")
            cfg.dim = std::stoull(value());
        else if (arg == "--clusters")
            cfg.clusters = std::stoi(value());
        else if (arg == "--budget")
            cfg.budget = std::stoull(value());
        else if (arg == "--threads")
            cfg.threads = std::stoi(value());
        else if (arg == "--dir")
            cfg.dir = value();
        else if (arg == "--keep")
            cfg.keep = true;
        else {
            std::fprintf(stderr, "unknown argument %s\n", arg.c_str());
            return 2;
        }
    }
    if (cfg.smoke) {
        cfg.rows = 4000;
        cfg.dim = 48;
        cfg.clusters = 10;
        cfg.budget = 150;
    }
    const fs::path folder = cfg.dir.empty()
                                ? fs::temp_directory_path() / ("crsw-bench-js-" + std::to_string(::getpid()))
                                : fs::path(cfg.dir);
    bool ok = false;
    try {
        ok = run(cfg, folder);
    } catch (const std::exception &e) {
        std::printf("FAILED: %s\n", e.what());
    }
    if (!cfg.keep) {
        std::error_code ignored;
        fs::remove_all(folder, ignored);
    }
    return ok ? 0 : 1;
}
