// Benchmark: building a 1,000,000-review SeedCorpus in memory, its statistics,
// and CorpusSearch over it (the GUI's table filter), on 1 thread and on all
// cores. --smoke builds 20,000 reviews and checks every search against a
// plain reference (Python's str.lower + find); timings are only printed.
//
//   bench_corpus_search [--smoke] [--reviews N] [--seed S] [--query Q]
#include "amazon_review_generator.h"

#include "common/parallel.h"
#include "common/progress.h"
#include "common/python_text.h"
#include "data/amazon/corpus_search.h"
#include "data/amazon/corpus_stats.h"
#include "data/amazon/seed_corpus_builder.h"

#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

using namespace crsw;

namespace {

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

long statusKb(const char *key)
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind(key, 0) == 0)
            return std::atol(line.c_str() + std::string(key).size());
    return -1;
}

bool contains(std::string_view text, const std::string &loweredQuery)
{
    return pytext::lower(text).find(loweredQuery) != std::string::npos;
}

std::vector<std::uint32_t> reference(const SeedCorpus &corpus, const std::string &query)
{
    const std::string q = pytext::lower(query);
    std::vector<std::uint32_t> hits;
    for (std::uint32_t r = 0; r < corpus.reviewCount(); ++r) {
        const CorpusReview &rv = corpus.review(r);
        if (contains(rv.title, q) || contains(rv.text, q) || contains(corpus.userId(rv.user), q)
            || contains(corpus.asin(rv.asin), q) || contains(corpus.itemAsin(rv.item), q))
            hits.push_back(r);
    }
    return hits;
}

} // namespace

int main(int argc, char **argv)
{
    std::size_t reviews = 1000000;
    std::uint64_t seed = 7;
    bool smoke = false;
    std::vector<std::string> queries{"great", "cinematography", "xylophone", "the acting", "AE1", "café", "👍", "b0"};
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--smoke")
            smoke = true;
        else if (arg == "--reviews" && i + 1 < argc)
            reviews = std::stoull(argv[++i]);
        else if (arg == "--seed" && i + 1 < argc)
            seed = std::stoull(argv[++i]);
        else if (arg == "--query" && i + 1 < argc)
            queries = {argv[++i]};
        else {
            std::fprintf(stderr, "unknown argument %s\n", arg.c_str());
            return 2;
        }
    }
    if (smoke)
        reviews = 20000;

    const long rssBefore = statusKb("VmRSS:");
    auto start = std::chrono::steady_clock::now();
    bench::AmazonReviewGenerator generator(seed, reviews / 20 + 1, reviews / 3 + 1);
    SeedCorpusBuilder builder;
    for (std::size_t i = 0; i < generator.items(); ++i)
        builder.addItem(generator.item(i));
    AmazonReview review;
    std::size_t textBytes = 0;
    for (std::size_t i = 0; i < reviews; ++i) {
        generator.next(review);
        textBytes += review.text.size() + review.title.size();
        builder.addReview(review, 0, std::int64_t(i + 1));
    }
    const SeedCorpus corpus = builder.finish();
    const double buildSeconds = secondsSince(start);
    std::printf("bench_corpus_search: %zu reviews, %zu items, %zu users; review text and titles %.1f MB\n",
                corpus.reviewCount(), corpus.itemCount(), corpus.userCount(), double(textBytes) / 1e6);
    std::printf("generated and built in %.2f s; corpus holds %.1f MB (%.0f bytes a review, %zu-byte records); "
                "process RSS grew %.1f MB, peak %.1f MB\n",
                buildSeconds, double(corpus.memoryBytes()) / 1e6, double(corpus.memoryBytes()) / double(reviews),
                sizeof(CorpusReview), double(statusKb("VmRSS:") - rssBefore) / 1024.0,
                double(statusKb("VmHWM:")) / 1024.0);

    start = std::chrono::steady_clock::now();
    const CorpusStats stats = CorpusStats::compute(corpus);
    std::printf("statistics in %.3f s (median text %u characters)\n", secondsSince(start), stats.textChars.median);

    const int cores = defaultThreadCount();
    bool ok = true;
    for (const std::string &query : queries) {
        std::printf("%-16s", ("\"" + query + "\"").c_str());
        std::vector<std::uint32_t> hits;
        for (const int threads : {1, cores}) {
            Progress progress;
            double best = 1e9, bestCpu = 1e9;
            for (int repeat = 0; repeat < (smoke ? 1 : 3); ++repeat) {
                start = std::chrono::steady_clock::now();
                const std::clock_t cpuStart = std::clock();
                hits = CorpusSearch::reviews(corpus, query, progress, threads);
                best = std::min(best, secondsSince(start));
                bestCpu = std::min(bestCpu, double(std::clock() - cpuStart) / CLOCKS_PER_SEC);
            }
            // CPU time as well: on a shared machine the wall clock also measures the neighbours.
            std::printf("  %d thread%s %7.1f ms (cpu %7.1f)", threads, threads == 1 ? " " : "s", best * 1e3,
                        bestCpu * 1e3);
        }
        std::printf("  %8zu hits\n", hits.size());
        if (smoke && hits != reference(corpus, query)) {
            std::printf("MISMATCH for \"%s\": the search disagrees with the reference\n", query.c_str());
            ok = false;
        }
    }
    std::printf("%s\n", smoke ? (ok ? "every search agrees with the reference" : "FAILED") : "timings only");
    return ok ? 0 : 1;
}
