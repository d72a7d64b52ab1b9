#include "arg_parser.h"
#include "commands.h"
#include "terminal_progress.h"

#include "common/error.h"
#include "data/benchmark/entity_catalog.h"
#include "data/benchmark/he_test_set.h"
#include "eval/answers_file.h"
#include "eval/popularity_baseline.h"
#include "pipeline/seed_popularity.h"
#include "pipeline/workspace.h"

#include <cstdio>
#include <map>

namespace crsw::cli {

namespace {

// Ground-truth frequency in a He-format training file.
std::vector<std::pair<std::string, std::size_t>> countsFromConversations(const std::string &path,
                                                                         const EntityCatalog &catalog,
                                                                         Progress &progress)
{
    const HeTestSet train = readHeTestSet(path, progress);
    if (!train.problems.empty())
        throw Error("the training file " + path + " has " + train.problems.summary(10));
    std::map<std::string, std::size_t> counts;
    for (const HeTestTurn &turn : train.turns)
        for (std::int64_t id : turn.rec)
            ++counts[catalog.name(id)];
    return {counts.begin(), counts.end()};
}

} // namespace

int commandBaseline(const std::vector<std::string> &args)
{
    if (args.empty() || args[0] != "popularity") {
        if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
            std::puts("usage: crsw baseline popularity [options]   (crsw baseline popularity --help)");
            return 0;
        }
        throw UsageError("expected a baseline name: popularity");
    }
    ArgParser parser("crsw baseline popularity --test TEST.jsonl --out ANSWERS.jsonl\n"
                     "       (--workspace W | --reviews R.jsonl[.gz] --metadata M.jsonl[.gz] | --train TRAIN.jsonl --entities E.json)",
                     "Writes the Popularity baseline's answers (the same most frequent items for every turn),\n"
                     "one line per test turn, ready for `crsw eval`. Counts come from the seed corpus (reviews\n"
                     "per item) or from He-format training conversations (ground-truth frequency).");
    parser.option("test", "TEST.jsonl", "the test set to answer (one answer per turn)", true);
    parser.option("out", "ANSWERS.jsonl", "where to write the answers", true);
    parser.option("workspace", "DIR", "count reviews per item in this workspace's seed corpus");
    parser.option("reviews", "FILE", "count reviews per item in this reviews file (needs --metadata)");
    parser.option("metadata", "FILE", "item metadata naming the counted items");
    parser.option("train", "TRAIN.jsonl", "count ground-truth items in He-format training conversations");
    parser.option("entities", "ENTITY2ID.json", "names of the --train entity ids");
    parser.option("top", "N", "titles per answer", false, "20");
    if (!parser.parse(std::vector<std::string>(args.begin() + 1, args.end())))
        return 0;
    const int sources = int(parser.has("workspace")) + int(parser.has("reviews")) + int(parser.has("train"));
    if (sources != 1)
        throw UsageError("give exactly one of --workspace, --reviews or --train");
    const long long top = parser.integer("top");
    if (top < 1)
        throw UsageError("--top must be at least 1");

    TerminalProgress terminal("baseline");
    Progress &progress = terminal.progress();
    std::vector<std::pair<std::string, std::size_t>> counts;
    LoadReport malformed;
    if (parser.has("train")) {
        if (!parser.has("entities"))
            throw UsageError("--train needs --entities");
        counts = countsFromConversations(parser.value("train"), EntityCatalog::readEntity2Id(parser.value("entities")), progress);
    } else {
        std::string reviews = parser.value("reviews");
        std::string metadata = parser.value("metadata");
        if (parser.has("workspace")) {
            const Workspace workspace = Workspace::open(parser.value("workspace"));
            reviews = workspace.resolve(workspace.seedCorpus().reviews);
            metadata = workspace.resolve(workspace.seedCorpus().metadata);
        }
        if (reviews.empty() || metadata.empty())
            throw UsageError("counting reviews needs both a reviews and a metadata file");
        counts = countReviewsPerTitle(reviews, metadata, malformed, progress).countsByTitle;
    }
    if (counts.empty())
        throw Error("no item counts: the source holds no usable items");
    const PopularityBaseline baseline(counts);
    const HeTestSet test = readHeTestSet(parser.value("test"), progress);
    if (!test.problems.empty())
        throw Error("the test set " + test.path + " has " + test.problems.summary(10));
    writeTextAnswers(parser.value("out"), std::vector<std::string>(test.turns.size(), baseline.answerText(std::size_t(top))));
    terminal.finish();
    if (!malformed.empty())
        std::fprintf(stderr, "%s\n", malformed.summary().c_str());
    std::printf("Popularity over %zu titles; wrote %zu answers to %s\n", baseline.distinctTitles(), test.turns.size(),
                parser.value("out").c_str());
    const auto ranked = baseline.ranked(5);
    for (std::size_t i = 0; i < ranked.size(); ++i)
        std::printf("  %zu. %s\n", i + 1, ranked[i].c_str());
    return 0;
}

} // namespace crsw::cli
