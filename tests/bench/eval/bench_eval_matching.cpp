// Benchmark: the He et al. evaluation of the full ReDial test set (3,552
// answers x 20 titles against all 31,161 entity names), timed end to end,
// beside the naive all-names matcher (what He et al.'s nearest() does)
// measured on a random sample of the same titles in the same run and
// extrapolated. Also checks that both give the same matches on the sample.
//
// The answers are made from each turn's ground truth plus noise, seeded: exact
// catalog titles, case and spacing changes, typos, years, and invented titles
// that match nothing well (the slow case for any pruning).
//
//   bench_eval_matching [--smoke] [--threads N] [--data DIR]
// --smoke: 15 turns, every match checked against the naive matcher.
#include "common/python_text.h"
#include "data/benchmark/entity_catalog.h"
#include "data/benchmark/he_test_set.h"
#include "eval/answer_evaluator.h"
#include "eval/edit_distance.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

using namespace crsw;
using Clock = std::chrono::steady_clock;

namespace {

std::string findData(const char *given)
{
    if (given)
        return given;
    if (const char *env = std::getenv("CRSW_BENCH_DATA"))
        return env;
    return std::string(CRSW_SOURCE_DIR) + "/../shared/data";
}

std::string perturb(const std::string &title, std::mt19937_64 &rng, const std::vector<std::string> &names)
{
    std::u32string s = pytext::decodeUtf8(title);
    switch (rng() % 10) {
    case 0: case 1: case 2: case 3: // exact
        return title;
    case 4: // case
        return pytext::encodeUtf8(pytext::lower(s));
    case 5: // year, removed by the parser
        return title + " (" + std::to_string(1950 + rng() % 70) + ")";
    case 6: case 7: { // one or two typos
        const int edits = 1 + static_cast<int>(rng() % 2);
        for (int e = 0; e < edits && !s.empty(); ++e) {
            const std::size_t at = rng() % s.size();
            switch (rng() % 3) {
            case 0: s[at] = U'a' + static_cast<char32_t>(rng() % 26); break;
            case 1: s.erase(at, 1); break;
            default: s.insert(at, 1, U'e'); break;
            }
        }
        return pytext::encodeUtf8(s);
    }
    default: { // invented: words of two other titles
        const std::string &a = names[rng() % names.size()];
        const std::string &b = names[rng() % names.size()];
        return a.substr(0, a.find(' ')) + " " + b.substr(b.rfind(' ') == std::string::npos ? 0 : b.rfind(' ') + 1) + " Returns";
    }
    }
}

} // namespace

int main(int argc, char **argv)
{
    bool smoke = false;
    int threads = 2;
    const char *dataArg = nullptr;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--smoke"))
            smoke = true;
        else if (!std::strcmp(argv[i], "--threads") && i + 1 < argc)
            threads = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--data") && i + 1 < argc)
            dataArg = argv[++i];
    }
    const std::string data = findData(dataArg);
    if (!std::filesystem::exists(data + "/redial/test.jsonl")) {
        std::printf("SKIP: the real ReDial test set was not found under %s (set CRSW_BENCH_DATA)\n", data.c_str());
        return 0;
    }

    Progress quiet;
    HeTestSet testSet = readHeTestSet(data + "/redial/test.jsonl", quiet);
    const EntityCatalog catalog = EntityCatalog::readEntity2Id(data + "/redial/entity2id.json");
    if (smoke)
        testSet.turns.resize(15);

    std::vector<std::string> itemNames;
    for (const auto &entity : catalog.entities())
        if (catalog.isItem(entity.id) || catalog.itemIds().empty())
            itemNames.push_back(entity.name);
    std::mt19937_64 rng(2023);
    AnswersFile answers;
    answers.path = "generated";
    std::vector<std::string> allTitles;
    for (const HeTestTurn &turn : testSet.turns) {
        std::string text;
        for (int r = 0; r < 20; ++r) {
            const bool truth = r < static_cast<int>(turn.rec.size()) && rng() % 3 == 0;
            const std::string base = truth ? catalog.name(turn.rec[static_cast<std::size_t>(r)]) : itemNames[rng() % itemNames.size()];
            const std::string title = perturb(base, rng, itemNames);
            text += std::to_string(r + 1) + ". " + title + "\n";
            allTitles.push_back(title);
        }
        Answer answer;
        answer.hasText = true;
        answer.text = text;
        answers.answers.push_back(std::move(answer));
    }

    EvaluationOptions options;
    options.threads = threads;
    const auto start = Clock::now();
    const EvaluationResult result = evaluateAnswers(testSet, catalog, answers, options, quiet);
    const double ours = std::chrono::duration<double>(Clock::now() - start).count();

    // The reference: every title against every distinct name, as nearest() does.
    const auto names = catalog.distinctNames();
    std::vector<std::u32string> lowered;
    for (const auto &entry : names)
        lowered.push_back(pytext::lower(pytext::decodeUtf8(entry.first)));
    std::vector<std::pair<std::size_t, std::size_t>> flat; // (turn, position)
    for (std::size_t t = 0; t < result.turns.size(); ++t)
        for (std::size_t i = 0; i < result.turns[t].recList.size(); ++i)
            flat.emplace_back(t, i);
    const std::size_t sampleSize = smoke ? flat.size() : 150;
    std::shuffle(flat.begin(), flat.end(), rng);
    flat.resize(std::min(sampleSize, flat.size()));
    std::size_t mismatches = 0;
    const auto refStart = Clock::now();
    for (const auto &[t, i] : flat) {
        const MatchedTitle &match = result.turns[t].recList[i];
        const std::u32string query = pytext::lower(pytext::decodeUtf8(match.movieName));
        int best = 1 << 30;
        std::size_t bestIndex = 0;
        for (std::size_t n = 0; n < lowered.size(); ++n) {
            const int d = levenshtein(query, lowered[n]);
            if (d < best) {
                best = d;
                bestIndex = n;
            }
        }
        if (best != match.minEditDistance || names[bestIndex].first != match.nearestMovie)
            ++mismatches;
    }
    const double refSample = std::chrono::duration<double>(Clock::now() - refStart).count();
    const double refFull = refSample / double(flat.size()) * double(result.predictions);

    std::printf("ReDial evaluation: %zu answers, %zu titles, %zu entity names (%zu distinct), %d threads\n",
                result.turns.size(), result.predictions, catalog.size(), names.size(), threads);
    std::printf("  ours (parse + match + score, all 4 settings): %.2f s  (%.0f titles/s)\n", ours,
                double(result.predictions) / ours);
    std::printf("  naive all-names matcher, 1 thread: %.3f s for %zu titles -> %.1f s extrapolated to all\n",
                refSample, flat.size(), refFull);
    std::printf("  speed-up over naive: %.0fx (per thread: %.0fx); target: under 10 s on 2 cores\n", refFull / ours,
                refFull / ours / threads);
    std::printf("  exact matches %zu, within distance 2: %zu of %zu\n", result.exactMatches, result.withinThreshold,
                result.predictions);
    std::printf("  sample check against the naive matcher: %zu mismatches in %zu titles\n", mismatches, flat.size());
    return mismatches == 0 ? 0 : 1;
}
