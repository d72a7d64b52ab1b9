#include "pipeline/demo_workspace.h"

#include "common/atomic_file.h"
#include "common/error.h"
#include "data/amazon/corpus_stats.h"
#include "data/amazon/seed_corpus_loader.h"
#include "data/benchmark/entity_catalog.h"
#include "data/benchmark/he_test_set.h"
#include "eval/answer_evaluator.h"
#include "eval/answers_file.h"
#include "eval/evaluation_writer.h"
#include "eval/popularity_baseline.h"
#include "pipeline/embed_stage.h"
#include "pipeline/select_stage.h"
#include "pipeline/synth_stage.h"
#include "synth/synth_exports.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

namespace crsw {

namespace {

// Reviews per item of the loaded corpus, by title.
std::vector<std::pair<std::string, std::size_t>> reviewCounts(const SeedCorpus &corpus)
{
    std::vector<std::pair<std::string, std::size_t>> counts;
    for (std::size_t i = 0; i < corpus.itemCount(); ++i) {
        const CorpusItem &item = corpus.item(i);
        const std::size_t reviews = corpus.reviewsOfItem(i).size();
        if (item.hasMetadata && reviews > 0 && !item.title.empty())
            counts.emplace_back(std::string(item.title), reviews);
    }
    return counts;
}

std::string recallLine(const EvaluationResult &result, bool excludeSeen)
{
    for (const SettingScores &setting : result.settings) {
        if (setting.filtered || setting.excludeSeen != excludeSeen)
            continue;
        const ConditionSummary &all = setting.summary.back();
        std::string line;
        for (std::size_t c = 0; c < result.metricNames.size(); ++c) {
            if (result.metricNames[c].rfind("recall", 0) != 0)
                continue;
            char value[64];
            std::snprintf(value, sizeof value, "%s%s %.4f", line.empty() ? "" : ", ", result.metricNames[c].c_str(),
                          all.stats[c].mean);
            line += value;
        }
        return line + " (" + std::to_string(all.samples) + " samples, exclude_seen=" + (excludeSeen ? "True" : "False") + ")";
    }
    return {};
}

void embedStage(const Workspace &workspace, Progress progress, PipelineRunReport &report)
{
    const EmbeddingsStatus status = workspaceEmbeddingsStatus(workspace);
    const std::string manifest = workspace.embeddingsDir() + "/" + EmbeddingFiles::kManifest;
    if (status.state == EmbeddingsStatus::State::Ready) {
        report.outputs.emplace_back("embeddings (current, kept)", manifest);
        report.summary += "\nEmbeddings: current, kept (" + manifest + ").";
        return;
    }
    progress.reportNow(0, "embedding the seed corpus");
    const EmbedSummary embedded = embedWorkspace(workspace, EmbedOptions(), progress);
    report.outputs.emplace_back("embeddings", manifest);
    char line[160];
    std::snprintf(line, sizeof line, "\nEmbeddings: %zu reviews x %zu (TF-IDF + SVD, %.1f%% of the norm kept) in %.1f s.",
                  embedded.reviews, embedded.reviewDimension, 100.0 * embedded.reviewNormKept, embedded.seconds);
    report.summary += line;
}

// The default budget of the pipeline's selections: 1% of the reviews, at least 10.
std::size_t pipelineBudget(std::size_t reviews)
{
    return std::min(reviews, std::max<std::size_t>(10, reviews / 100));
}

// Returns the FISHER selection's path (what the synthesis stage reads).
std::string selectStage(const Workspace &workspace, std::size_t reviews, Progress progress, PipelineRunReport &report)
{
    std::string fisherPath;
    const SelectionStrategy strategies[] = {SelectionStrategy::RandomUniform, SelectionStrategy::JS,
                                            SelectionStrategy::Fisher};
    const std::size_t count = sizeof strategies / sizeof strategies[0];
    for (std::size_t s = 0; s < count; ++s) {
        Progress part = progress.subRange(double(s) / double(count), double(s + 1) / double(count));
        SelectStageOptions options;
        options.strategy = strategies[s];
        options.params.budget = pipelineBudget(reviews);
        part.reportNow(0, "selecting " + std::to_string(options.params.budget) + " reviews by "
                              + strategyName(options.strategy));
        const SelectStageSummary selected = selectWorkspace(workspace, options, part);
        report.outputs.emplace_back(std::string("selection ") + strategyName(options.strategy), selected.path);
        report.summary += "\nSelection " + strategyName(options.strategy) + ": "
            + std::to_string(selected.record.result.picks.size()) + " picks -> " + selected.path;
        if (options.strategy == SelectionStrategy::Fisher)
            fisherPath = selected.path;
    }
    return fisherPath;
}

// Synthetic dialogues from the FISHER selection with the offline synthesizer
// (no teacher is configured in a pipeline run), resumed when already there,
// plus the chat JSONL the fine-tuning stage reads.
void synthStage(const Workspace &workspace, const std::string &selectionPath, Progress progress,
                PipelineRunReport &report)
{
    SynthStageOptions options;
    options.selectionPath = selectionPath;
    const std::string stem = std::filesystem::path(selectionPath).stem().string();
    options.outputPath = workspace.syntheticDir() + "/" + stem + ".offline.jsonl";
    progress.reportNow(0, "synthetic dialogues from " + stem + " (template-based, no LLM)");
    const SynthStageSummary summary = synthesizeWorkspace(workspace, options, progress);
    const std::vector<SynthRecord> records = synthexports::exportedRecords(summary.outputPath);
    const SynthTemplates templates = SynthTemplates::loadOrCreate(summary.templatesDir);
    const std::string chatPath = workspace.syntheticDir() + "/" + stem + ".offline.chat.jsonl";
    synthexports::writeChatJsonl(records, templates.recommend, chatPath);
    report.outputs.emplace_back("synthetic dialogues (" + summary.synthesizer + ")", summary.outputPath);
    report.outputs.emplace_back("synthetic dialogues as chat JSONL", chatPath);
    report.summary += "\nSynthetic dialogues (" + summary.synthesizer + "): " + std::to_string(records.size())
        + " queries with " + std::to_string(summary.titles) + " ground-truth titles -> " + summary.outputPath;
}

} // namespace

PipelineRunReport runPipeline(const Workspace &workspace, Progress &progress)
{
    PipelineRunReport report;
    const SeedCorpusEntry seed = workspace.seedCorpus();
    if (seed.reviews.empty())
        throw Error({workspace.root() + "/" + Workspace::kFileName, 0, "seed.reviews"}, "the workspace has no seed corpus");

    // Stage 1: the seed corpus, with every malformed line written out in full.
    progress.reportNow(0, "loading the seed corpus");
    SeedCorpusLoader::Sources sources;
    sources.reviewFiles.push_back(workspace.resolve(seed.reviews));
    if (!seed.metadata.empty())
        sources.metadataFiles.push_back(workspace.resolve(seed.metadata));
    const std::string malformedPath = workspace.reportsDir() + "/malformed_lines.txt";
    std::ofstream malformedFile(malformedPath);
    LoadReport malformed;
    malformed.setSink([&](const InputProblem &problem) { malformedFile << problem.toString() << '\n'; });
    Progress loading = progress.subRange(0.0, 0.25);
    const SeedCorpusLoader::Result corpus = SeedCorpusLoader::load(sources, {}, malformed, loading);
    malformedFile.close();
    const CorpusStats stats = CorpusStats::compute(corpus.corpus);
    const std::string statsPath = workspace.reportsDir() + "/corpus_stats.txt";
    writeFileAtomically(statsPath, stats.toText() + "\nMalformed: " + malformed.summary(20) + "\n");
    report.outputs.emplace_back("corpus statistics", statsPath);
    report.outputs.emplace_back("malformed lines (" + std::to_string(malformed.count()) + ")", malformedPath);
    report.summary = "Seed corpus: " + std::to_string(stats.items) + " items, " + std::to_string(stats.reviews)
        + " reviews, " + std::to_string(stats.users) + " users; " + malformed.summary(0) + ".";
    if (!corpus.complete)
        report.summary += "\nThe load was incomplete: " + corpus.incompleteReason;

    // Stage 2: embeddings (kept when still current for this corpus), then the
    // pipeline's selections: one per strategy family at the default budget.
    embedStage(workspace, progress.subRange(0.25, 0.45), report);
    const std::string fisherSelection =
        selectStage(workspace, corpus.corpus.reviewCount(), progress.subRange(0.45, 0.55), report);
    // Stage 3: synthetic dialogues from the FISHER picks (offline synthesizer).
    synthStage(workspace, fisherSelection, progress.subRange(0.55, 0.6), report);

    // Stage 4: the Popularity baseline on every benchmark, scored by He et al.'s protocol.
    const PopularityBaseline popularity(reviewCounts(corpus.corpus));
    const auto benchmarks = workspace.benchmarks();
    for (std::size_t b = 0; b < benchmarks.size(); ++b) {
        const BenchmarkEntry &benchmark = benchmarks[b];
        Progress part = progress.subRange(0.6 + 0.4 * double(b) / double(benchmarks.size()),
                                          0.6 + 0.4 * double(b + 1) / double(benchmarks.size()));
        part.reportNow(0, "popularity baseline on " + benchmark.name);
        const HeTestSet testSet = readHeTestSet(workspace.resolve(benchmark.testSet), part);
        const EntityCatalog catalog = EntityCatalog::readEntity2Id(workspace.resolve(benchmark.entities));
        const std::string runDir = workspace.runsDir() + "/popularity-" + benchmark.name;
        const std::string answersPath = runDir + "/answers.jsonl";
        makeDirectories(runDir);
        writeTextAnswers(answersPath, std::vector<std::string>(testSet.turns.size(), popularity.answerText(20)));
        nlohmann::ordered_json config{{"method", "popularity"},
                                      {"counts", "reviews per item in the seed corpus"},
                                      {"seed_reviews", seed.reviews},
                                      {"benchmark", benchmark.name},
                                      {"top", 20}};
        writeFileAtomically(runDir + "/run.json", config.dump(2) + "\n");

        Progress reading;
        const AnswersFile answers = readAnswersFile(answersPath, reading);
        EvaluationOptions options;
        const EvaluationResult result = evaluateAnswers(testSet, catalog, answers, options, part);
        writeEvaluationOutputs(runDir, result, options);
        report.outputs.emplace_back("popularity answers (" + benchmark.name + ")", answersPath);
        report.outputs.emplace_back("popularity evaluation (" + benchmark.name + ")",
                                    runDir + "/" + summaryFileName(false, false));
        report.summary += "\nPopularity on " + benchmark.name + ": " + recallLine(result, false);
        report.summary += "\nPopularity on " + benchmark.name + ": " + recallLine(result, true);
    }
    progress.reportNow(1.0, "pipeline finished");
    return report;
}

} // namespace crsw
