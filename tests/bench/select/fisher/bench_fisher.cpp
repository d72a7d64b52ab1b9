// Benchmark: FISHER selection, B = 2,000 from n = 200,000 x d = 768, against
// the NumPy incremental greedy (fisher_reference.py) run on the same .npy in
// the same run, twice: float64 E@u, the exact reference whose picks ours must
// equal one by one, and float32 E@u, faster but unable to resolve near-ties
// (a first difference from either is settled from scratch in long double).
// Both time ratios are printed (target >= 25x against the exact reference);
// time is never a failure. Two data sets: "realistic" (SyntheticEmbeddings: Gaussian clusters
// of Zipf-like sizes, a power-law spectrum, L2-normalised) and "isotropic"
// (independent Gaussian coordinates, L2-normalised: every score stays close
// to every other, the hard case for pruning). Then peak memory (VmHWM) of a
// child process running FISHER on n = 1,000,000 x 768 memory-mapped.
//
//   bench_fisher [--smoke] [--rows N] [--dim D] [--budget B] [--threads T]
//                [--memory-rows N] [--chunk C] [--skip-reference] [--dir DIR]
//                [--only realistic|isotropic|memory]
// --smoke: small sizes; the fast picks must equal the naive C++ greedy's and,
// when python3 with NumPy is present, the exact reference's.
// Exits non-zero only on a correctness failure: picks that differ from the
// exact reference (or the naive greedy), or the memory target missed.
#include "common/parallel.h"
#include "embed/embedding_matrix.h"
#include "select/fisher/fisher_greedy.h"
#include "select/fisher/fisher_reference.h"
#include "select/fisher/fisher_selection.h"
#include "select/selection_random.h"

#include "bench_util.h"
#include "fisher_exact_scores.h"
#include "synthetic_embeddings.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/resource.h>
#include <unistd.h>

using namespace crsw;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

struct Config {
    std::size_t rows = 200000, dim = 768, budget = 2000, memoryRows = 1000000, chunk = 0;
    int threads = 0;
    bool smoke = false, skipReference = false;
    std::string dir, only; ///< only: "realistic", "isotropic" or "memory" (empty: all)
};

double since(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// User + system CPU time of this process (all threads).
double cpuSeconds()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
           + 1e-6 * double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

// Independent N(0, 1) coordinates, each row L2-normalised; seeded per block
// of rows so the data does not depend on the thread count.
EmbeddingMatrix isotropicRows(std::size_t n, std::size_t d, std::uint64_t seed)
{
    EmbeddingMatrix m(n, d);
    const std::size_t block = 4096;
    parallelFor((n + block - 1) / block, defaultThreadCount(), 1, [&](std::size_t b0, std::size_t b1, int) {
        std::vector<double> x(d);
        for (std::size_t b = b0; b < b1; ++b) {
            SelectionRandom random(seed, 1 + b);
            for (std::size_t i = b * block; i < std::min(n, (b + 1) * block); ++i) {
                double norm = 0.0;
                for (double &v : x) {
                    const double u = 1.0 - random.uniform(), w = random.uniform();
                    v = std::sqrt(-2.0 * std::log(u)) * std::cos(6.283185307179586 * w);
                    norm += v * v;
                }
                for (std::size_t j = 0; j < d; ++j)
                    m.mutableRow(i)[j] = float(x[j] / std::sqrt(norm));
            }
        }
    });
    return m;
}

test::SyntheticEmbeddings::Options realisticOptions(std::size_t rows, std::size_t dim)
{
    test::SyntheticEmbeddings::Options o;
    o.rows = rows;
    o.dimension = dim;
    o.clusters = 100;
    o.spread = 0.35;
    o.decay = 0.6;
    o.zipf = 0.8;
    o.seed = 2025;
    return o;
}

bool numpyAvailable()
{
    int status = 0;
    bench::runCommand("python3 -c 'import numpy' 2>/dev/null", status);
    return status == 0;
}

SelectionParams paramsOf(const Config &cfg)
{
    SelectionParams p;
    p.budget = cfg.budget;
    p.lambda = 1.0;
    p.threads = cfg.threads;
    return p;
}

// One run of fisher_reference.py on `npy` (float32 or float64 E@u).
struct Reference {
    bool ok = false;
    std::vector<std::uint32_t> picks;
    std::vector<double> scores;
    double seconds = 0.0;
};

Reference runReference(const Config &cfg, const std::string &npy, const fs::path &out, bool float64)
{
    const std::string command = "python3 " + bench::shellQuoted(CRSW_FISHER_REFERENCE) + " " + bench::shellQuoted(npy)
                                + " " + std::to_string(cfg.budget) + " 1.0 " + bench::shellQuoted(out.string())
                                + (float64 ? " --float64-dots" : "");
    int status = 0;
    const std::string log = bench::runCommand(command + " 2>&1", status);
    Reference ref;
    if (status != 0) {
        std::printf("  NumPy reference (%s) failed (%d): %s\n", float64 ? "float64" : "float32", status, log.c_str());
        return ref;
    }
    std::ifstream in(out);
    const nlohmann::json j = nlohmann::json::parse(in);
    ref.picks = j.at("picks").get<std::vector<std::uint32_t>>();
    ref.scores = j.at("scores").get<std::vector<double>>();
    ref.seconds = j.at("seconds").get<double>();
    ref.ok = true;
    return ref;
}

// Compares the reference's picks with ours; at the first difference, settles
// which of the two rows is the true argmax from the common prefix of picks
// (long double, from scratch). Returns whether all picks are identical.
bool comparePicks(const char *what, const Reference &ref, const SelectionResult &ours, const FeatureView &view)
{
    std::size_t first = 0;
    double maxScoreDiff = 0.0;
    while (first < ref.picks.size() && first < ours.picks.size() && ref.picks[first] == ours.picks[first]) {
        maxScoreDiff = std::max(maxScoreDiff, std::abs(ref.scores[first] - ours.scores[first]));
        ++first;
    }
    if (ref.picks == ours.picks) {
        std::printf("  %s: picks identical (%zu of %zu; scores agree to %.1e)\n", what, first, ours.picks.size(),
                    maxScoreDiff);
        return true;
    }
    if (first >= ref.picks.size() || first >= ours.picks.size()) {
        std::printf("  %s: picks DIFFER: %zu picks against our %zu\n", what, ref.picks.size(), ours.picks.size());
        return false;
    }
    const std::vector<std::uint32_t> prefix(ours.picks.begin(), ours.picks.begin() + std::ptrdiff_t(first));
    const std::vector<long double> exact =
        bench::exactFisherScores(view, prefix, {ours.picks[first], ref.picks[first]}, 1.0);
    const bool oursRight = exact[0] > exact[1] || (exact[0] == exact[1] && ours.picks[first] < ref.picks[first]);
    std::printf("  %s: picks DIFFER from step %zu of %zu: ours row %u (score %.17g), theirs row %u (score %.17g);\n"
                "    exact scores from the common prefix (long double): row %u %.19Lg, row %u %.19Lg -> the true "
                "argmax is %s\n",
                what, first, ours.picks.size(), ours.picks[first], ours.scores[first], ref.picks[first],
                ref.scores[first], ours.picks[first], exact[0], ref.picks[first], exact[1],
                oursRight ? "ours" : "theirs");
    return false;
}

// Ours on the matrix; then the NumPy reference on its .npy twice: float32
// E@u (faster, near-ties unresolved) and float64 E@u (the exact reference, whose picks
// ours must equal). Returns false only on a correctness failure.
bool compare(const Config &cfg, const std::string &label, const EmbeddingMatrix &x, const fs::path &folder,
             bool withReference)
{
    const FeatureView view(x);
    const SelectionParams params = paramsOf(cfg);
    Progress progress;
    const FisherFeatures features(view, FisherKernels::best(), params.threads);
    const double cpuStart = cpuSeconds();
    const auto start = Clock::now();
    FisherTuning tuning;
    if (cfg.chunk > 0)
        tuning.maxChunk = cfg.chunk;
    FisherGreedy greedy(features, params, tuning);
    SelectionResult ours;
    greedy.run(ours, progress, {});
    const double oursSeconds = since(start);
    const double oursCpu = cpuSeconds() - cpuStart;
    const FisherStats &st = greedy.stats();
    const double eager = double(x.rows()) * double(cfg.budget);
    std::printf("%s: ours %.2f s (%.2f s of CPU time)\n  dot products, as a share of the eager greedy's n x B: %zu blocked passes %.1f%%, "
                "catching up %.1f%%, %zu refreshes between passes (%zu to a block end) %.1f%%; %zu deferrals, %zu exact "
                "scores, %zu tie rescorings, hot set <= %zu\n",
                label.c_str(), oursSeconds, oursCpu, st.chunks, 100.0 * st.bulkDots / eager, 100.0 * st.catchUpDots / eager,
                st.refreshes, st.partialRefreshes, 100.0 * st.refreshDots / eager, st.deferrals, st.promotions,
                st.tieChecks, st.maxHot);
    std::printf("  time: blocked passes %.2f s, catching up %.2f s, refreshes %.2f s, exact scores and picks %.2f s, "
                "chunk bookkeeping %.2f s\n",
                st.bulkSeconds, st.catchUpSeconds, st.refreshSeconds, st.exactSeconds, st.chunkSeconds);
    bool ok = true;
    if (cfg.smoke) {
        const SelectionResult naive = selectFisherNaive(view, params, progress);
        ok = naive.picks == ours.picks && naive.scores == ours.scores;
        std::printf("  naive C++ greedy: picks and scores %s\n", ok ? "identical" : "DIFFER");
    }
    if (!withReference)
        return ok;
    const std::string npy = (folder / (label + ".npy")).string();
    writeNpy(npy, x);
    const Reference fast = runReference(cfg, npy, folder / (label + "_numpy32.json"), false);
    const Reference exact = runReference(cfg, npy, folder / (label + "_numpy64.json"), true);
    fs::remove(npy);
    if (fast.ok)
        std::printf("  NumPy incremental greedy, float32 E@u: %.2f s, ours %.1fx faster (its picks may leave the exact "
                    "greedy's at a near-tie)\n",
                    fast.seconds, fast.seconds / oursSeconds);
    if (!exact.ok)
        return false;
    std::printf("  NumPy incremental greedy, float64 E@u (the exact reference): %.2f s, ours %.1fx faster (target >= "
                "25x, identical picks)\n",
                exact.seconds, exact.seconds / oursSeconds);
    ok = comparePicks("against the exact (float64) reference", exact, ours, view) && ok;
    if (fast.ok && fast.picks != exact.picks)
        comparePicks("against the float32 reference (informative)", fast, ours, view);
    return ok;
}

// The child process of the memory measurement: FISHER on a mapped .npy.
int memoryChild(const std::string &path, std::size_t budget, int threads)
{
    const EmbeddingMatrix x = EmbeddingMatrix::mapNpy(path);
    const FeatureView view(x);
    SelectionParams params;
    params.budget = std::min(budget, x.rows());
    params.threads = threads;
    Progress progress;
    const auto start = Clock::now();
    const SelectionResult result = selectFisher(view, params, progress);
    std::printf("{\"seconds\": %.3f, \"vmhwm_kb\": %ld, \"picks\": %zu, \"mapped\": %s}\n", since(start),
                bench::peakResidentKb(), result.picks.size(), x.isMapped() ? "true" : "false");
    return 0;
}

bool measureMemory(const Config &cfg, const fs::path &folder)
{
    const std::string npy = (folder / "memory.npy").string();
    const auto o = realisticOptions(cfg.memoryRows, cfg.dim);
    auto start = Clock::now();
    test::SyntheticEmbeddings::writeNpy(npy, o);
    std::printf("memory: wrote %zu x %zu float32 (%.1f GB) in %.1f s\n", o.rows, o.dimension,
                double(o.rows * o.dimension * 4) / 1e9, since(start));
    int status = 0;
    char self[4096] = {};
    const ssize_t len = ::readlink("/proc/self/exe", self, sizeof self - 1);
    const std::string exe = len > 0 ? std::string(self, std::size_t(len)) : std::string("bench_fisher");
    const std::string log = bench::runCommand(bench::shellQuoted(exe) + " --memory-child " + bench::shellQuoted(npy)
                                                  + " " + std::to_string(cfg.budget) + " "
                                                  + std::to_string(cfg.threads),
                                              status);
    fs::remove(npy);
    const std::string line = bench::lastJsonLine(log);
    if (status != 0 || line.empty()) {
        std::printf("  memory child failed (%d): %s\n", status, log.c_str());
        return false;
    }
    const nlohmann::json j = nlohmann::json::parse(line);
    const double gb = j.at("vmhwm_kb").get<double>() * 1024.0 / 1e9;
    std::printf("  FISHER B = %zu on the memory-mapped file: %.2f s, peak resident (VmHWM) %.2f GB, target < 6 GB: "
                "%s\n",
                cfg.budget, j.at("seconds").get<double>(), gb, gb < 6.0 ? "met" : "MISSED");
    return j.at("picks").get<std::size_t>() == cfg.budget && gb < 6.0;
}

} // namespace

int main(int argc, char **argv)
{
    std::setvbuf(stdout, nullptr, _IOLBF, 0); // progress lines reach a log as they are printed
    Config cfg;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&]() { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
        if (arg == "--memory-child" && i + 3 < argc) {
            const std::string path = argv[i + 1];
            return memoryChild(path, std::stoul(argv[i + 2]), std::stoi(argv[i + 3]));
        } else if (arg == "--smoke")
            cfg.smoke = true;
        else if (arg == "--rows")
            cfg.rows = std::stoul(value());
        else if (arg == "--dim")
            cfg.dim = std::stoul(value());
        else if (arg == "--budget")
            cfg.budget = std::stoul(value());
        else if (arg == "--threads")
            cfg.threads = std::stoi(value());
        else if (arg == "--memory-rows")
            cfg.memoryRows = std::stoul(value());
        else if (arg == "--chunk")
            cfg.chunk = std::stoul(value());
        else if (arg == "--skip-reference")
            cfg.skipReference = true;
        else if (arg == "--dir")
            cfg.dir = value();
        else if (arg == "--only")
            cfg.only = value();
    }
    if (cfg.smoke) {
        cfg.rows = 3000;
        cfg.dim = 48;
        cfg.budget = 120;
        cfg.memoryRows = 20000;
    }
    const fs::path folder = cfg.dir.empty() ? fs::temp_directory_path() / ("crsw_bench_fisher_" + std::to_string(::getpid()))
                                            : fs::path(cfg.dir);
    fs::create_directories(folder);
    const bool reference = !cfg.skipReference && numpyAvailable();
    std::printf("FISHER: B = %zu from n = %zu x d = %zu, lambda 1, %d threads, %s kernels%s\n", cfg.budget, cfg.rows,
                cfg.dim, cfg.threads > 0 ? cfg.threads : defaultThreadCount(), FisherKernels::best().name,
                reference ? "" : " (NumPy reference skipped: no python3 with numpy)");
    bool ok = true;
    const auto wanted = [&](const char *part) { return cfg.only.empty() || cfg.only == part; };
    if (wanted("realistic")) {
        const auto o = realisticOptions(cfg.rows, cfg.dim);
        std::printf("realistic data: %s\n", test::SyntheticEmbeddings::describe(o).c_str());
        ok = compare(cfg, "realistic", test::SyntheticEmbeddings::generate(o), folder, reference) && ok;
    }
    if (wanted("isotropic")) {
        std::printf("isotropic data: %zu x %zu independent N(0,1) coordinates, rows L2-normalised, seed 7\n",
                    cfg.rows, cfg.dim);
        ok = compare(cfg, "isotropic", isotropicRows(cfg.rows, cfg.dim, 7), folder, reference) && ok;
    }
    if (wanted("memory"))
        ok = measureMemory(cfg, folder) && ok;
    if (cfg.dir.empty())
        fs::remove_all(folder);
    return ok ? 0 : 1;
}
