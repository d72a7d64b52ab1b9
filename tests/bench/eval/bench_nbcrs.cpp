// Benchmark: NBCRS (core/eval/nbcrs.h) answering 10,000 test contexts from
// 100,000 training contexts of dimension 256 with N = 90 neighbours and 20
// items per training context, timed (search, ranking, total), beside the
// reference measured in the same run on the same data: scikit-learn's
// NearestNeighbors (brute force, cosine) for the search and the same ranking
// rule in plain Python on a sample (reference_nbcrs.py).
//
// Checks: the neighbour lists are identical, except where two similarities lie
// within 1e-5 of each other (float rounding of two different BLAS paths may
// order a near-tie either way); the Python ranking of a sample, run on our
// neighbour lists and similarities, is identical to ours (the ranking rule
// checked on identical inputs). Never asserts on time.
//
// The data: unit vectors around 1,000 seeded cluster centres (so neighbours
// mean something), items drawn from each cluster's favourites and from a
// long tail of 20,000.
//
//   bench_nbcrs [--smoke] [--test M] [--train N] [--dim D] [--neighbours K] [--threads T] [--sample S]
//               [--no-reference]
// --smoke: 500 x 6,000, d = 64 (the normal suite).
#include "bench_util.h"
#include "common/progress.h"
#include "common/xoshiro256.h"
#include "embed/embedding_matrix.h"
#include "eval/nbcrs.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>

#include <time.h>
#include <unistd.h>

using namespace crsw;
using Clock = std::chrono::steady_clock;

namespace {

double seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

// CPU seconds of the process (all threads): on shared cores the wall clock
// also counts other people's work.
double cpuSeconds()
{
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

// Unit vectors: a cluster centre plus noise, normalised.
EmbeddingMatrix clustered(std::size_t rows, std::size_t dim, const std::vector<std::vector<float>> &centres,
                          std::vector<std::uint32_t> *clusterOf, std::mt19937_64 &rng)
{
    std::normal_distribution<float> noise(0.0f, 0.6f);
    EmbeddingMatrix m(rows, dim);
    for (std::size_t r = 0; r < rows; ++r) {
        const auto c = std::uint32_t(rng() % centres.size());
        if (clusterOf)
            clusterOf->push_back(c);
        float *row = m.mutableRow(r);
        double norm = 0;
        for (std::size_t j = 0; j < dim; ++j) {
            row[j] = centres[c][j] + noise(rng) / std::sqrt(float(dim));
            norm += double(row[j]) * row[j];
        }
        const float scale = float(1.0 / std::sqrt(norm));
        for (std::size_t j = 0; j < dim; ++j)
            row[j] *= scale;
    }
    return m;
}

} // namespace

int main(int argc, char **argv)
{
    bool smoke = false;
    std::size_t tests = 10000, trains = 100000, dim = 256, neighbours = 90, sample = 300;
    int threads = 2;
    bool reference = true;
    for (int i = 1; i < argc; ++i) {
        const auto next = [&] { return std::size_t(std::atoll(argv[++i])); };
        if (!std::strcmp(argv[i], "--smoke"))
            smoke = true;
        else if (!std::strcmp(argv[i], "--test") && i + 1 < argc)
            tests = next();
        else if (!std::strcmp(argv[i], "--train") && i + 1 < argc)
            trains = next();
        else if (!std::strcmp(argv[i], "--dim") && i + 1 < argc)
            dim = next();
        else if (!std::strcmp(argv[i], "--neighbours") && i + 1 < argc)
            neighbours = next();
        else if (!std::strcmp(argv[i], "--threads") && i + 1 < argc)
            threads = int(next());
        else if (!std::strcmp(argv[i], "--sample") && i + 1 < argc)
            sample = next();
        else if (!std::strcmp(argv[i], "--no-reference"))
            reference = false;
    }
    if (smoke) {
        tests = 500;
        trains = 6000;
        dim = 64;
        sample = 100;
    }
    sample = std::min(sample, tests);
    const std::size_t itemsPerContext = 20, catalog = 20000, clusters = 1000;

    // 1. The data, seeded.
    std::mt19937_64 rng(2024);
    std::normal_distribution<float> gauss(0.0f, 1.0f);
    std::vector<std::vector<float>> centres(clusters, std::vector<float>(dim));
    for (auto &centre : centres) {
        double norm = 0;
        for (float &x : centre) {
            x = gauss(rng);
            norm += double(x) * x;
        }
        for (float &x : centre)
            x = float(x / std::sqrt(norm));
    }
    std::vector<std::uint32_t> clusterOf;
    EmbeddingMatrix train = clustered(trains, dim, centres, &clusterOf, rng);
    const EmbeddingMatrix test = clustered(tests, dim, centres, nullptr, rng);
    NbcrsTrainingSet training("generated");
    for (std::size_t i = 0; i < catalog; ++i)
        training.item(std::to_string(i), "Item " + std::to_string(i));
    std::vector<std::int32_t> flatItems, offsets{0};
    for (std::size_t r = 0; r < trains; ++r) {
        std::vector<std::uint32_t> items;
        while (items.size() < itemsPerContext) {
            // Half from the cluster's 40 favourites, half from the whole catalog.
            const auto item = std::uint32_t(rng() % 2 ? (clusterOf[r] * 40 + rng() % 40) % catalog : rng() % catalog);
            if (std::find(items.begin(), items.end(), item) == items.end())
                items.push_back(item);
        }
        training.add({}, items, {});
        flatItems.insert(flatItems.end(), items.begin(), items.end());
        offsets.push_back(std::int32_t(flatItems.size()));
    }
    std::printf("NBCRS: %zu test x %zu training contexts, d = %zu, N = %zu, %zu items per context, top 20, %d threads\n",
                tests, trains, dim, neighbours, itemsPerContext, threads);

    // 2. Ours.
    Progress quiet;
    const Nbcrs model(training, std::move(train));
    auto start = Clock::now();
    double cpu = cpuSeconds();
    const NeighbourLists lists = model.neighbours(test, neighbours, threads, quiet);
    const double searchSeconds = seconds(start), searchCpu = cpuSeconds() - cpu;
    start = Clock::now();
    cpu = cpuSeconds();
    const auto rankings = model.recommend(test, Nbcrs::Options{neighbours, 20, threads}, quiet);
    const double totalSeconds = seconds(start), totalCpu = cpuSeconds() - cpu;
    std::printf("  ours: search %.2f s (%.2f CPU s, %.1f GFLOP per CPU s), recommend (search + ranking) %.2f s (%.2f CPU s)"
                " -> %.0f answers/s\n",
                searchSeconds, searchCpu, 2.0 * double(tests) * double(trains) * double(dim) / searchCpu / 1e9, totalSeconds,
                totalCpu, double(tests) / totalSeconds);

    if (!reference) {
        std::printf("  reference not run (--no-reference)\n");
        return 0;
    }

    // 3. The reference on the same data.
    const std::string dir = (std::filesystem::temp_directory_path() / ("bench_nbcrs." + std::to_string(::getpid()))).string();
    std::filesystem::create_directories(dir);
    writeNpy(dir + "/train.npy", model.embeddings());
    writeNpy(dir + "/test.npy", test);
    writeNpyInt32(dir + "/items.npy", flatItems);
    writeNpyInt32(dir + "/offsets.npy", offsets);
    {
        std::vector<std::int32_t> rows;
        EmbeddingMatrix sims(tests, lists.k);
        for (std::size_t q = 0; q < tests; ++q)
            for (std::size_t j = 0; j < lists.k; ++j) {
                rows.push_back(std::int32_t(lists.of(q)[j].row));
                sims.mutableRow(q)[j] = lists.of(q)[j].similarity;
            }
        writeNpyInt32(dir + "/ours_neighbours.npy", rows);
        writeNpy(dir + "/ours_similarities.npy", sims);
    }
    const std::string command = "python3 '" CRSW_REFERENCE_NBCRS "' '" + dir + "' " + std::to_string(lists.k) + " 20 "
                                + std::to_string(sample);
    int code = 0;
    const std::string out = bench::runCommand(command, code);
    int failures = 0;
    if (code == 3 || code == 127) {
        std::printf("  SKIP reference: scikit-learn (or python3) is not installed\n");
    } else if (code != 0) {
        std::printf("  reference FAILED (exit %d): %s\n", code, command.c_str());
        ++failures;
    } else {
        const nlohmann::json ref = nlohmann::json::parse(out);
        const double refSearch = ref["search_seconds"].get<double>();
        const double refRankPerQuery = ref["rank_seconds_per_query"].get<double>();
        const double refSearchCpu = ref["search_cpu_seconds"].get<double>();
        std::printf("  scikit-learn %s NearestNeighbors(brute, cosine): search %.2f s (%.2f CPU s); Python ranking %.2f ms"
                    " per answer -> %.2f s for all (extrapolated from %zu)\n",
                    ref["sklearn"].get<std::string>().c_str(), refSearch, refSearchCpu, refRankPerQuery * 1e3,
                    refSearch + refRankPerQuery * double(tests), sample);
        std::printf("  speed-up: %.1fx on the search (%.1fx in CPU time), %.1fx end to end\n", refSearch / searchSeconds,
                    refSearchCpu / searchCpu, (refSearch + refRankPerQuery * double(tests)) / totalSeconds);

        const std::vector<std::int32_t> refNeighbours = readNpyInt32(dir + "/ref_neighbours.npy");
        const EmbeddingMatrix refSims = EmbeddingMatrix::mapNpy(dir + "/ref_similarities.npy");
        const std::vector<std::int32_t> refRankings = readNpyInt32(dir + "/ref_rankings.npy");
        std::size_t identical = 0, nearTies = 0, unexplained = 0;
        std::vector<bool> sameList(tests, false);
        for (std::size_t q = 0; q < tests; ++q) {
            bool same = true, explained = true;
            for (std::size_t j = 0; j < lists.k; ++j) {
                const Neighbour &ours = lists.of(q)[j];
                if (std::int32_t(ours.row) == refNeighbours[q * lists.k + j])
                    continue;
                same = false;
                // A swap of near-equal similarities, or the boundary row of a near-tie.
                if (std::fabs(ours.similarity - refSims.row(q)[j]) > 1e-5f)
                    explained = false;
            }
            sameList[q] = same;
            identical += same;
            nearTies += !same && explained;
            unexplained += !same && !explained;
        }
        std::size_t sameRanking = 0, comparedRankings = 0;
        for (std::size_t q = 0; q < sample; ++q) {
            ++comparedRankings;
            bool same = true;
            for (std::size_t i = 0; i < 20; ++i) {
                const std::int32_t expected = refRankings[q * 20 + i];
                const std::int32_t got = i < rankings[q].size() ? std::int32_t(rankings[q][i].item) : -1;
                same = same && expected == got;
            }
            sameRanking += same;
        }
        std::printf("  neighbour lists identical to scikit-learn's on %zu of %zu queries; %zu differ only at near-ties"
                    " (|similarity difference| <= 1e-5); %zu differ otherwise\n",
                    identical, tests, nearTies, unexplained);
        std::printf("  item rankings identical to the Python ranking (on our neighbours) on %zu of %zu sampled queries\n",
                    sameRanking, comparedRankings);
        if (unexplained > 0 || sameRanking != comparedRankings) {
            std::printf("  FAILED: results differ from the reference\n");
            ++failures;
        }
    }
    std::filesystem::remove_all(dir);
    return failures ? 1 : 0;
}
