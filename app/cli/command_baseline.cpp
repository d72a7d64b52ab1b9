#include "arg_parser.h"
#include "baseline_training.h"
#include "commands.h"
#include "evaluation_table.h"
#include "terminal_progress.h"

#include "common/error.h"
#include "data/amazon/seed_corpus.h"
#include "data/benchmark/entity_catalog.h"
#include "data/benchmark/he_test_set.h"
#include "embed/tfidf_svd_embedder.h"
#include "eval/answer_evaluator.h"
#include "eval/answers_file.h"
#include "eval/evaluation_writer.h"
#include "eval/nbcrs.h"
#include "eval/nbcrs_tuning.h"
#include "eval/popularity_baseline.h"
#include "pipeline/seed_popularity.h"
#include "pipeline/workspace.h"
#include "pipeline/workspace_corpus.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>

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

// Ground-truth frequency in synthetic records (METHOD.md §7: "how often they
// occur as ground truth in the training data"), one vote per record and item.
std::vector<std::pair<std::string, std::size_t>> countsFromTrainingSet(const NbcrsTrainingSet &training)
{
    std::vector<std::size_t> perItem(training.itemNames().size(), 0);
    for (const NbcrsExample &example : training.examples())
        for (std::uint32_t item : example.items)
            ++perItem[item];
    std::vector<std::pair<std::string, std::size_t>> counts;
    for (std::size_t i = 0; i < perItem.size(); ++i)
        counts.emplace_back(training.itemNames()[i], perItem[i]);
    return counts;
}

HeTestSet readTestSet(const std::string &path, Progress &progress)
{
    HeTestSet test = readHeTestSet(path, progress);
    if (!test.problems.empty())
        throw Error("the test set " + test.path + " has " + test.problems.summary(10));
    return test;
}

// The workspace's catalog (item titles by parent_asin), for naming synthetic items.
std::unique_ptr<SeedCorpus> workspaceCatalog(const std::string &dir, Progress &progress)
{
    const Workspace workspace = Workspace::open(dir);
    progress.reportNow(0, "loading the workspace's seed corpus");
    return std::make_unique<SeedCorpus>(loadWorkspaceSeedCorpus(workspace, progress));
}

// `crsw eval` on the answers just written: reads them back as it would, scores
// them with He et al.'s protocol, writes its files and returns its table.
std::string evaluateWritten(const HeTestSet &test, const std::string &entitiesPath, const std::string &answersPath,
                     const std::string &outDir, int threads, Progress &progress)
{
    const EntityCatalog catalog = EntityCatalog::readEntity2Id(entitiesPath);
    const AnswersFile answers = readAnswersFile(answersPath, progress);
    EvaluationOptions options;
    options.threads = threads;
    const EvaluationResult result = evaluateAnswers(test, catalog, answers, options, progress);
    const auto written = writeEvaluationOutputs(outDir, result, options);
    return "\nHe et al. protocol on " + test.path + ": " + std::to_string(result.turns.size()) + " turns, "
           + std::to_string(result.predictions) + " predicted titles (" + std::to_string(result.exactMatches)
           + " exact entity names)\n" + evaluationTable(result) + "\nWrote " + std::to_string(written.size())
           + " evaluation files to " + outDir + "\n";
}

std::string joinContext(const HeTestTurn &turn)
{
    std::string text;
    for (const std::string &utterance : turn.context)
        text += (text.empty() ? "" : "\n") + utterance;
    return text;
}

int commandPopularity(const std::vector<std::string> &args)
{
    ArgParser parser("crsw baseline popularity --test TEST.jsonl --out ANSWERS.jsonl\n"
                     "       (--workspace W | --reviews R.jsonl[.gz] --metadata M.jsonl[.gz] | --train TRAIN.jsonl [--entities E.json])\n"
                     "       [--eval-out DIR --entities E.json]",
                     "Writes the Popularity baseline's answers (the same most frequent items for every turn),\n"
                     "one line per test turn, ready for `crsw eval`. Counts come from the seed corpus (reviews\n"
                     "per item), from synthetic training data (`crsw synth` records: how often an item is a\n"
                     "ground-truth title) or from He-format training conversations (ground-truth frequency).");
    parser.option("test", "TEST.jsonl", "the test set to answer (one answer per turn)", true);
    parser.option("out", "ANSWERS.jsonl", "where to write the answers", true);
    parser.option("workspace", "DIR", "count reviews per item in this workspace's seed corpus");
    parser.option("reviews", "FILE", "count reviews per item in this reviews file (needs --metadata)");
    parser.option("metadata", "FILE", "item metadata naming the counted items");
    parser.option("train", "TRAIN.jsonl",
                  "count ground-truth items in `crsw synth` records or in He-format training conversations");
    parser.option("entities", "ENTITY2ID.json",
                  "names of the ids of He-format --train conversations; with --eval-out, the test set's entities");
    parser.option("top", "N", "titles per answer", false, "20");
    parser.option("eval-out", "DIR", "also score the answers with He et al.'s protocol (as `crsw eval`) into DIR");
    if (!parser.parse(args))
        return 0;
    const int sources = int(parser.has("workspace")) + int(parser.has("reviews")) + int(parser.has("train"));
    if (sources != 1)
        throw UsageError("give exactly one of --workspace, --reviews or --train");
    const long long top = parser.integer("top");
    if (top < 1)
        throw UsageError("--top must be at least 1");
    if (parser.has("eval-out") && !parser.has("entities"))
        throw UsageError("--eval-out needs --entities (the test set's entity2id.json)");

    TerminalProgress terminal("baseline");
    Progress &progress = terminal.progress();
    std::vector<std::pair<std::string, std::size_t>> counts;
    std::string source;
    LoadReport malformed;
    if (parser.has("train")) {
        if (isSynthRecordFile(parser.value("train"))) {
            counts = countsFromTrainingSet(readSynthTrainingSet(parser.value("train"), nullptr, progress));
            source = "ground truth of synthetic records";
        } else {
            if (!parser.has("entities"))
                throw UsageError("--train with He-format conversations needs --entities");
            counts = countsFromConversations(parser.value("train"), EntityCatalog::readEntity2Id(parser.value("entities")),
                                             progress);
            source = "ground truth of He-format conversations";
        }
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
        source = "reviews per item";
    }
    if (counts.empty())
        throw Error("no item counts: the source holds no usable items");
    const PopularityBaseline baseline(counts);
    const HeTestSet test = readTestSet(parser.value("test"), progress);
    writeTextAnswers(parser.value("out"), std::vector<std::string>(test.turns.size(), baseline.answerText(std::size_t(top))));
    std::string evaluation;
    if (parser.has("eval-out"))
        evaluation = evaluateWritten(test, parser.value("entities"), parser.value("out"), parser.value("eval-out"), 0, progress);
    terminal.finish();
    if (!malformed.empty())
        std::fprintf(stderr, "%s\n", malformed.summary().c_str());
    std::printf("Popularity (%s) over %zu titles; wrote %zu answers to %s\n", source.c_str(), baseline.distinctTitles(),
                test.turns.size(), parser.value("out").c_str());
    const auto ranked = baseline.ranked(5);
    for (std::size_t i = 0; i < ranked.size(); ++i)
        std::printf("  %zu. %s\n", i + 1, ranked[i].c_str());
    std::fputs(evaluation.c_str(), stdout);
    return 0;
}

int commandNbcrs(const std::vector<std::string> &args)
{
    ArgParser parser("crsw baseline nbcrs --train SYNTH.jsonl --test TEST.jsonl --entities ENTITY2ID.json --out ANSWERS.jsonl\n"
                     "       [--workspace W] [--neighbours N | --tune] [--holdout 0.1] [--seed S] [--eval-out DIR]",
                     "Writes the answers of NBCRS (Xie et al. 2024; METHOD.md §7): every training query of the\n"
                     "synthetic data (`crsw synth` records) is embedded with the built-in TF-IDF + SVD embedder\n"
                     "(L2-normalised); a test turn's context (its utterances, one a line) takes its N most similar\n"
                     "training queries (cosine) and the items of their ground truth are ranked by similarity-\n"
                     "weighted count (ties: more neighbours holding the item, then the item met first walking the\n"
                     "neighbours from the most similar). Without --neighbours, N is tuned on a seeded held-out\n"
                     "share of the training data, scored with He et al.'s protocol (Recall@20, then NDCG@10, then\n"
                     "the smaller N), and the table is printed.");
    parser.option("train", "SYNTH.jsonl", "synthetic training data written by `crsw synth`", true);
    parser.option("test", "TEST.jsonl", "the He et al. test set to answer (one answer per turn)", true);
    parser.option("entities", "ENTITY2ID.json", "the test set's entity2id.json (for --eval-out)", true);
    parser.option("out", "ANSWERS.jsonl", "where to write the answers", true);
    parser.option("workspace", "DIR", "name matched items by this workspace's catalog titles");
    parser.option("neighbours", "N", "use N neighbours (no tuning)");
    parser.flag("tune", "tune N on a held-out split (the default without --neighbours)");
    parser.option("candidates", "LIST", "candidate N for --tune, comma-separated", false, "10,20,30,50,70,90,120,150,200");
    parser.option("holdout", "SHARE", "held-out share of the training data for --tune", false, "0.1");
    parser.option("seed", "S", "seed of the held-out split and of the embedder's SVD", false, "0");
    parser.option("dim", "D", "embedding dimension (lowered to what the training texts allow)", false, "256");
    parser.option("top", "N", "titles per answer", false, "20");
    parser.option("threads", "N", "threads (0 = all cores)", false, "0");
    parser.option("eval-out", "DIR", "also score the answers with He et al.'s protocol (as `crsw eval`) into DIR");
    if (!parser.parse(args))
        return 0;
    if (parser.has("neighbours") && parser.isSet("tune"))
        throw UsageError("give either --neighbours or --tune, not both");
    const long long top = parser.integer("top"), dim = parser.integer("dim"), threads = parser.integer("threads");
    const long long seed = parser.integer("seed");
    if (top < 1)
        throw UsageError("--top must be at least 1");
    if (dim < 1)
        throw UsageError("--dim must be at least 1");
    if (threads < 0)
        throw UsageError("--threads must be 0 or more");
    if (seed < 0)
        throw UsageError("--seed must be 0 or more");
    std::optional<std::size_t> fixedN;
    if (parser.has("neighbours")) {
        const long long n = parser.integer("neighbours");
        if (n < 1)
            throw UsageError("--neighbours must be at least 1");
        fixedN = std::size_t(n);
    }
    NbcrsTuningOptions tuningOptions;
    tuningOptions.holdout = parser.number("holdout");
    if (!(tuningOptions.holdout > 0.0 && tuningOptions.holdout < 1.0))
        throw UsageError("--holdout must lie strictly between 0 and 1");
    tuningOptions.candidates.clear();
    {
        const std::string list = parser.value("candidates");
        std::size_t start = 0;
        while (start <= list.size()) {
            const std::size_t comma = std::min(list.find(',', start), list.size());
            const std::string item = list.substr(start, comma - start);
            char *end = nullptr;
            const long long n = std::strtoll(item.c_str(), &end, 10);
            if (item.empty() || *end != '\0' || n < 1)
                throw UsageError("--candidates: \"" + item + "\" is not a positive integer");
            tuningOptions.candidates.push_back(std::size_t(n));
            start = comma + 1;
        }
    }
    tuningOptions.seed = std::uint64_t(seed);
    tuningOptions.top = std::size_t(top);
    tuningOptions.threads = int(threads);
    if (!isSynthRecordFile(parser.value("train")))
        throw UsageError("--train " + parser.value("train") + " holds no `crsw synth` records (\"format\": \"crsw-synth\")");

    TerminalProgress terminal("nbcrs");
    Progress &progress = terminal.progress();
    // Read the small inputs first, so their mistakes show before the long work.
    const HeTestSet test = readTestSet(parser.value("test"), progress);
    EntityCatalog::readEntity2Id(parser.value("entities"));
    std::unique_ptr<SeedCorpus> catalog;
    if (parser.has("workspace"))
        catalog = workspaceCatalog(parser.value("workspace"), progress);
    const NbcrsTrainingSet training = readSynthTrainingSet(parser.value("train"), catalog.get(), progress);
    training.validate();

    TfidfSvdEmbedder::Options embedOptions;
    embedOptions.dimension = std::size_t(dim);
    embedOptions.seed = std::uint64_t(seed);
    embedOptions.threads = int(threads);
    TfidfSvdEmbedder embedder(embedOptions);
    const Nbcrs model = Nbcrs::fit(training, embedder, progress);
    std::optional<NbcrsTuning> tuning;
    if (!fixedN)
        tuning = tuneNbcrsNeighbours(training, model.embeddings(), tuningOptions, progress);
    const std::size_t n = fixedN ? *fixedN : tuning->best;

    std::vector<std::string> contexts;
    contexts.reserve(test.turns.size());
    for (const HeTestTurn &turn : test.turns)
        contexts.push_back(joinContext(turn));
    progress.reportNow(0, "answering the test turns");
    const auto rankings = model.recommend(contexts, embedder, Nbcrs::Options{n, std::size_t(top), int(threads)}, progress);
    std::vector<std::string> texts;
    texts.reserve(rankings.size());
    for (const auto &ranking : rankings)
        texts.push_back(model.answerText(ranking));
    writeTextAnswers(parser.value("out"), texts);
    std::string evaluation;
    if (parser.has("eval-out"))
        evaluation = evaluateWritten(test, parser.value("entities"), parser.value("out"), parser.value("eval-out"),
                                     int(threads), progress);
    terminal.finish();

    if (tuning)
        std::printf("%s\n", nbcrsTuningTable(*tuning).c_str());
    std::printf("NBCRS (%s, d = %zu, N = %zu%s) over %zu training queries and %zu items; wrote %zu answers to %s\n",
                embedder.name().c_str(), model.dimension(), n, tuning ? ", tuned" : "", training.size(),
                training.itemNames().size(), texts.size(), parser.value("out").c_str());
    std::fputs(evaluation.c_str(), stdout);
    return 0;
}

} // namespace

int commandBaseline(const std::vector<std::string> &args)
{
    const std::vector<std::string> rest(args.empty() ? args.end() : args.begin() + 1, args.end());
    if (!args.empty() && args[0] == "popularity")
        return commandPopularity(rest);
    if (!args.empty() && args[0] == "nbcrs")
        return commandNbcrs(rest);
    if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
        std::puts("usage: crsw baseline (popularity | nbcrs) [options]   (crsw baseline nbcrs --help)\n"
                  "  popularity  the same most frequent items for every turn\n"
                  "  nbcrs       the items of the most similar training conversations (Xie et al. 2024)");
        return 0;
    }
    throw UsageError("expected a baseline name: popularity or nbcrs");
}

} // namespace crsw::cli
