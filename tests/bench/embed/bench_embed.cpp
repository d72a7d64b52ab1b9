// Benchmark: the built-in TF-IDF + truncated SVD embedder (d = 256) on
// 100,000 generated reviews (the demo world's generator scaled up: realistic,
// structured review texts, seeded), timed per phase, beside scikit-learn's
// TfidfVectorizer + TruncatedSVD(randomized) with the same settings on the
// same texts in the same run (reference_tfidf_svd.py). Prints reviews/s and
// peak memory of both, and checks that both find the same vocabulary and
// TF-IDF matrix size and close leading singular values.
//
//   bench_embed [--smoke] [--reviews N] [--threads N] [--dim D] [--keep DIR] [--no-reference]
// --smoke: 3,000 reviews, d = 64 (the normal suite). --keep DIR keeps (and reuses) the
// generated world; --no-reference times ours only (for sizes scikit-learn cannot hold).
#include "bench_util.h"
#include "common/progress.h"
#include "data/amazon/seed_corpus_loader.h"
#include "data/demo/demo_world.h"
#include "embed/corpus_texts.h"
#include "embed/tfidf_svd_embedder.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <unistd.h>

using namespace crsw;
using Clock = std::chrono::steady_clock;

namespace {

double seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

// The process's peak resident set (VmHWM), in MiB.
double peakRssMiB()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0)
            return std::atof(line.c_str() + 6) / 1024.0;
    return 0.0;
}

// Resets VmHWM to the current RSS (Linux >= 4.0), so the peak measured next is the embedding's.
void resetPeakRss()
{
    std::ofstream("/proc/self/clear_refs") << "5";
}

double currentRssMiB()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0)
            return std::atof(line.c_str() + 6) / 1024.0;
    return 0.0;
}

} // namespace

int main(int argc, char **argv)
{
    bool smoke = false;
    int reviews = 100000, threads = 2;
    std::size_t dim = 256;
    std::string keep;
    bool reference = true;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--smoke"))
            smoke = true;
        else if (!std::strcmp(argv[i], "--reviews") && i + 1 < argc)
            reviews = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--threads") && i + 1 < argc)
            threads = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--dim") && i + 1 < argc)
            dim = std::size_t(std::atoi(argv[++i]));
        else if (!std::strcmp(argv[i], "--keep") && i + 1 < argc)
            keep = argv[++i];
        else if (!std::strcmp(argv[i], "--no-reference"))
            reference = false;
    }
    if (smoke) {
        reviews = 3000;
        dim = 64;
    }

    // 1. The texts: a demo world of `reviews` reviews, 1 film per 50 reviews, 1 user per 10.
    const std::string dir = keep.empty() ? std::filesystem::temp_directory_path().string() + "/crsw-bench-embed-"
            + std::to_string(::getpid()) : keep;
    std::filesystem::create_directories(dir);
    Progress quiet;
    DemoWorldOptions world;
    world.seed = 2024;
    world.items = std::max(15, reviews / 50);
    world.users = std::max(10, reviews / 10);
    world.reviews = reviews;
    world.testTurns = 10;
    auto start = Clock::now();
    const DemoWorldPaths paths = DemoWorldPaths::inFolder(dir + "/data", dir + "/benchmark");
    if (!std::filesystem::exists(paths.reviews))
        generateDemoWorld(paths, world, quiet);
    LoadReport report;
    const SeedCorpus corpus = SeedCorpusLoader::load({{paths.metadata}, {paths.reviews}}, {}, report, quiet).corpus;
    const CorpusTexts texts = CorpusTexts::ofReviews(corpus);
    const std::vector<std::string_view> views = texts.views();
    const std::string textsFile = dir + "/texts.jsonl";
    if (reference) {
        std::ofstream out(textsFile);
        for (std::string_view text : views)
            out << nlohmann::json(std::string(text)).dump() << '\n';
    }
    std::printf("TF-IDF + SVD embedding: %zu generated reviews (%.1f MB of text, demo world seed %llu), made in %.1f s\n",
                views.size(), double(texts.bytes()) / 1e6, (unsigned long long)world.seed, seconds(start));

    // 2. Ours.
    TfidfSvdEmbedder::Options options;
    options.dimension = dim;
    options.threads = threads;
    const double rssBefore = currentRssMiB();
    resetPeakRss();
    // Phase times from the progress fractions fitEmbed reports: TF-IDF up to
    // 0.35, the SVD up to 0.95, then the projection of the rows.
    Clock::time_point svdStart{}, projectionStart{};
    Progress phases([&](double fraction, const std::string &) {
        if (fraction >= 0.35 && svdStart == Clock::time_point{})
            svdStart = Clock::now();
        if (fraction >= 0.95 && projectionStart == Clock::time_point{})
            projectionStart = Clock::now();
    }, std::chrono::milliseconds(0));
    start = Clock::now();
    TfidfSvdEmbedder embedder(options);
    const EmbeddingMatrix embedded = embedder.fitEmbed(views, phases);
    const auto end = Clock::now();
    const double totalSeconds = std::chrono::duration<double>(end - start).count();
    const double tfidfSeconds = std::chrono::duration<double>(svdStart - start).count();
    const double svdSeconds = std::chrono::duration<double>(projectionStart - svdStart).count();
    const double peak = peakRssMiB() - rssBefore;
    const std::size_t nonZeros = [&] {
        TfidfVectorizer vectorizer = embedder.vectorizer();
        return vectorizer.transform(views, quiet).nonZeros();
    }();
    std::printf("  ours (%d threads): TF-IDF %.2f s, SVD %.2f s, projection %.2f s: %.2f s -> %.0f reviews/s\n", threads,
                tfidfSeconds, svdSeconds, std::chrono::duration<double>(end - projectionStart).count(), totalSeconds,
                double(views.size()) / totalSeconds);
    std::printf("       vocabulary %zu of %zu terms, %zu non-zeros, output %zu x %zu, peak memory +%.0f MiB over the texts\n",
                embedder.vectorizer().vocabulary().size(), embedder.vectorizer().distinctTerms(), nonZeros,
                embedded.rows(), embedded.cols(), peak);

    // 3. The reference, on the same texts.
    const std::string command = "python3 '" CRSW_REFERENCE_TFIDF_SVD "' '" + textsFile + "' --dim " + std::to_string(dim)
        + " --min-df " + std::to_string(options.tfidf.minDf) + " --max-features " + std::to_string(options.tfidf.maxFeatures)
        + " --n-iter " + std::to_string(options.powerIterations) + " --oversamples " + std::to_string(options.oversampling);
    int code = -2;
    const std::string out = reference ? bench::runCommand(command, code) : std::string();
    int failures = 0;
    if (code == -2) {
        std::printf("  reference not run (--no-reference)\n");
    } else if (code == 3 || code == 127) {
        std::printf("  SKIP reference: scikit-learn (or python3) is not installed\n");
    } else if (code != 0) {
        std::printf("  reference FAILED (exit %d): %s\n", code, command.c_str());
        ++failures;
    } else {
        const nlohmann::json ref = nlohmann::json::parse(out);
        const double refSeconds = ref["tfidf_seconds"].get<double>() + ref["svd_seconds"].get<double>();
        std::printf("  scikit-learn %s (1 thread for TF-IDF and sparse products, BLAS threads for dense): TF-IDF %.2f s,"
                    " TruncatedSVD %.2f s -> %.0f reviews/s, peak memory +%.0f MiB over the texts\n",
                    ref["sklearn"].get<std::string>().c_str(), ref["tfidf_seconds"].get<double>(), ref["svd_seconds"].get<double>(),
                    double(views.size()) / refSeconds, ref["peak_rss_mb"].get<double>() - ref["texts_rss_mb"].get<double>());
        std::printf("  speed-up: %.1fx overall, %.1fx on TF-IDF, %.1fx on the SVD and projection\n", refSeconds / totalSeconds,
                    ref["tfidf_seconds"].get<double>() / tfidfSeconds, ref["svd_seconds"].get<double>() / (totalSeconds - tfidfSeconds));
        // Same vocabulary size and matrix (the goldens check the values), close leading singular values.
        const bool sameMatrix = ref["vocabulary"].get<std::size_t>() == embedder.vectorizer().vocabulary().size()
            && ref["nnz"].get<std::size_t>() == nonZeros;
        const auto refSigma = ref["singular_values"].get<std::vector<double>>();
        double worst = 0.0;
        const std::size_t leading = std::min<std::size_t>(10, refSigma.size());
        for (std::size_t j = 0; j < leading; ++j)
            worst = std::max(worst, std::fabs(embedder.singularValues()[j] - refSigma[j]) / refSigma[j]);
        double sumOurs = 0.0, sumRef = 0.0;
        for (std::size_t j = 0; j < refSigma.size(); ++j) {
            sumOurs += double(embedder.singularValues()[j]) * embedder.singularValues()[j];
            sumRef += refSigma[j] * refSigma[j];
        }
        std::printf("  agreement: vocabulary %zu vs %zu, non-zeros %zu vs %zu; top-10 singular values within %.2g; "
                    "squared norm captured ours/sklearn %.5f\n",
                    embedder.vectorizer().vocabulary().size(), ref["vocabulary"].get<std::size_t>(), nonZeros,
                    ref["nnz"].get<std::size_t>(), worst, sumOurs / sumRef);
        if (!sameMatrix || worst > 1e-3 || sumOurs / sumRef < 0.995) {
            std::printf("  MISMATCH with the reference\n");
            ++failures;
        }
    }
    if (keep.empty())
        std::filesystem::remove_all(dir);
    return failures == 0 ? 0 : 1;
}
