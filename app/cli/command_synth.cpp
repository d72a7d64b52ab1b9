#include "arg_parser.h"
#include "commands.h"
#include "http_teacher.h"
#include "terminal_progress.h"

#include "common/atomic_file.h"
#include "common/error.h"
#include "pipeline/synth_stage.h"
#include "synth/synth_exports.h"
#include "synth/synth_record_file.h"
#include "synth/synth_templates.h"

#include <algorithm>
#include <cstdio>
#include <memory>

namespace crsw::cli {

namespace {

// Writes the exports asked for from the whole of OUT (old and new records),
// less the records deleted in the workbench (OUT's edits sidecar).
void writeExports(const ArgParser &parser, const Workspace &workspace, const std::string &out)
{
    if (!parser.has("export-chat") && !parser.has("export-he") && !parser.has("export-csv"))
        return;
    const std::vector<SynthRecord> records = synthexports::exportedRecords(out);
    if (parser.has("export-chat")) {
        const SynthTemplates templates = SynthTemplates::loadOrCreate(synthTemplatesDir(workspace));
        synthexports::writeChatJsonl(records, templates.recommend, parser.value("export-chat"));
        std::printf("Wrote %s (chat JSONL)\n", parser.value("export-chat").c_str());
    }
    if (parser.has("export-he")) {
        const std::string dir = parser.value("export-he");
        makeDirectories(dir);
        synthexports::writeHeJsonl(records, dir + "/test.jsonl", dir + "/entity2id.json");
        std::printf("Wrote %s/test.jsonl and entity2id.json (He et al. format)\n", dir.c_str());
    }
    if (parser.has("export-csv")) {
        synthexports::writeCsv(records, parser.value("export-csv"));
        std::printf("Wrote %s (CSV)\n", parser.value("export-csv").c_str());
    }
}

// Prints what a teacher run will send and cost, before it sends anything.
void printEstimate(const TeacherEstimate &estimate, const TeacherEndpointOptions &endpoint)
{
    std::printf("Estimate: %zu requests (%zu of them projected: prompt 2 for queries not written yet), ~%lld prompt "
                "tokens + at most %lld completion tokens, at most $%.4f",
                estimate.requests, estimate.projected, estimate.promptTokens, estimate.completionTokens, estimate.usd);
    if (!estimate.unpriced.empty())
        std::printf(" (not in the price table, costed at 0: %s)", estimate.unpriced.c_str());
    std::printf("\n");
    // Time: the rate limit bounds it from below; otherwise answers of ~500
    // tokens at ~50 tokens/s (10 s each) shared over the concurrency.
    const double requests = double(estimate.requests);
    const double latencyMinutes = requests * 10.0 / double(std::max(1, endpoint.concurrency)) / 60.0;
    if (endpoint.requestsPerMinute > 0)
        std::printf("Time: at least %.1f min at --rpm %.0f; ~%.1f min if answers take 10 s each at concurrency %d\n",
                    requests / endpoint.requestsPerMinute, endpoint.requestsPerMinute,
                    std::max(latencyMinutes, requests / endpoint.requestsPerMinute), endpoint.concurrency);
    else
        std::printf("Time: ~%.1f min if answers take 10 s each at concurrency %d\n", latencyMinutes,
                    endpoint.concurrency);
    std::fflush(stdout);
}

} // namespace

int commandSynth(const std::vector<std::string> &args)
{
    ArgParser parser(
        "crsw synth --workspace W --selection SEL.json --out OUT.jsonl [--seed N] [--baseline] [--limit N]\n"
        "           [--endpoint URL --model NAME [--concurrency N] [--rpm R] [--timeout S] [--temperature T]\n"
        "            [--max-tokens N] [--prices FILE] [--estimate] [--max-cost USD]]\n"
        "           [--model NAME [--batch-export FILE] [--batch-import FILE ...]]\n"
        "           [--export-chat FILE] [--export-he DIR] [--export-csv FILE]",
        "Writes synthetic dialogues from the selected reviews (METHOD.md §4, Algorithm 2): per pick, 3 reviews\n"
        "of its item, the item's metadata and 5 query templates make prompt 1 (queries that do not name the\n"
        "item); each query then gets 20 ground-truth titles from He et al.'s recommender prompt, matched to\n"
        "the catalog. One record per query is appended to OUT.jsonl with full provenance; running again with\n"
        "the same OUT resumes (records already there are skipped). The templates live in W/templates (the\n"
        "defaults are written there to edit). Without --endpoint the offline synthesizer runs (template-based,\n"
        "no LLM): queries from the reviews' salient phrases and the metadata through the query templates,\n"
        "ground truth from item similarity. --baseline: the \"GPT-generated\" baseline, templates only.\n"
        "With --endpoint the API key comes from CRSW_API_KEY, else OPENAI_API_KEY, else the OS keyring\n"
        "(secret-tool, service crsw-workbench, account = the endpoint's host); it is never written anywhere.\n"
        "Answers are cached in W/cache/teacher.sqlite: re-running costs nothing for them. Before sending, the\n"
        "requests, tokens and cost (an upper bound) are estimated and printed. Exit status: 0 done, 3 when\n"
        "some requests failed for good (the records written stay; run again to retry them), 1 on bad input.\n"
        "Large jobs go through the OpenAI Batch API (half price): --batch-export writes the requests still\n"
        "unanswered as a Batch input file instead of sending them; --batch-import reads a Batch output file\n"
        "into the cache. Run 1 exports phase 1; run 2 imports its results and exports phase 2; run 3 imports\n"
        "those and writes the records.");
    parser.option("workspace", "DIR", "the workspace", true);
    parser.option("selection", "FILE", "SEL.json from crsw select", true);
    parser.option("out", "FILE", "the synthetic dataset (JSONL, appended to)", true);
    parser.option("seed", "N", "seed of the plan and the offline synthesizer", false, "0");
    parser.flag("baseline", "the \"GPT-generated\" baseline: no seed reviews or metadata");
    parser.option("limit", "N", "only the first N picks (0 = all)", false, "0");
    parser.option("endpoint", "URL", "an OpenAI-compatible teacher API (default: the offline synthesizer)");
    parser.option("model", "NAME", "the teacher model (with --endpoint)");
    parser.option("concurrency", "N", "teacher requests in flight", false, "4");
    parser.option("rpm", "R", "teacher requests per minute (0 = no limit)", false, "0");
    parser.option("timeout", "S", "seconds per teacher request", false, "120");
    parser.option("temperature", "T", "the teacher's sampling temperature", false, "0.8");
    parser.option("max-tokens", "N", "max_tokens of each teacher answer", false, "1024");
    parser.option("prices", "FILE", "price table JSON (default: the user's table, else list prices)");
    parser.flag("estimate", "print the requests, tokens and cost estimate and stop before sending anything");
    parser.option("max-cost", "USD", "stop before sending anything when the estimated cost exceeds USD");
    parser.option("batch-export", "FILE", "write the unanswered requests as an OpenAI Batch input file (no HTTP)");
    parser.repeatable("batch-import", "FILE", "import an OpenAI Batch output (or error) file into the cache (no HTTP)");
    parser.option("export-chat", "FILE", "also write OUT as chat JSONL for fine-tuning");
    parser.option("export-he", "DIR", "also write OUT as He et al.'s test.jsonl + entity2id.json in DIR");
    parser.option("export-csv", "FILE", "also write OUT as CSV");
    if (!parser.parse(args))
        return 0;

    SynthStageOptions options;
    options.selectionPath = parser.value("selection");
    options.outputPath = parser.value("out");
    const long long seed = parser.integer("seed"), limit = parser.integer("limit");
    if (seed < 0)
        throw UsageError("--seed must be >= 0");
    if (limit < 0)
        throw UsageError("--limit must be >= 0");
    options.seed = static_cast<std::uint64_t>(seed);
    options.limit = static_cast<std::size_t>(limit);
    options.baseline = parser.isSet("baseline");

    TeacherEndpointOptions endpoint;
    const bool batch = parser.has("batch-export") || parser.has("batch-import");
    const bool teacher = parser.has("endpoint") || batch;
    if (teacher) {
        if (!parser.has("model"))
            throw UsageError(batch ? "--model is required with --batch-export/--batch-import"
                                   : "--model is required with --endpoint");
        if (batch && parser.isSet("estimate"))
            throw UsageError("--estimate applies to --endpoint runs; --batch-export sends nothing anyway");
        endpoint.endpoint = parser.has("endpoint") ? parser.value("endpoint") : "https://api.openai.com/v1";
        if (parser.has("batch-import"))
            endpoint.batchImports = parser.values("batch-import");
        if (parser.has("batch-export"))
            endpoint.batchExport = parser.value("batch-export");
        endpoint.model = parser.value("model");
        const long long concurrency = parser.integer("concurrency");
        if (concurrency < 1)
            throw UsageError("--concurrency must be at least 1");
        endpoint.concurrency = static_cast<int>(concurrency);
        endpoint.requestsPerMinute = parser.number("rpm");
        endpoint.timeoutSeconds = parser.number("timeout");
        if (endpoint.requestsPerMinute < 0 || endpoint.timeoutSeconds <= 0)
            throw UsageError("--rpm must be >= 0 and --timeout > 0");
        options.chat.model = endpoint.model;
        options.chat.temperature = parser.number("temperature");
        const long long maxTokens = parser.integer("max-tokens");
        if (maxTokens < 1)
            throw UsageError("--max-tokens must be at least 1");
        options.chat.maxTokens = static_cast<int>(maxTokens);
        if (parser.has("prices"))
            endpoint.pricesPath = parser.value("prices");
    } else {
        for (const char *name : {"model", "concurrency", "rpm", "timeout", "temperature", "max-tokens", "prices",
                                 "estimate", "max-cost"})
            if (parser.has(name))
                std::fprintf(stderr, "crsw synth: note: --%s applies only with --endpoint; ignored\n", name);
    }

    const Workspace workspace = Workspace::open(parser.value("workspace"));
    std::unique_ptr<ChatBackend> backend;
    bool overBudget = false;
    if (teacher) {
        backend = makeChatBackend(endpoint, workspace);
        options.backend = backend.get();
        if (batch)
            std::printf("Teacher: %s\n", backend->describe().c_str());
        else
            std::printf("Teacher: %s, API key %s\n", backend->describe().c_str(),
                        describeApiKey(endpoint.endpoint).c_str());
        const bool estimateOnly = parser.isSet("estimate");
        const double maxCost = parser.has("max-cost") ? parser.number("max-cost") : -1.0;
        options.beforeSending = [&endpoint, &overBudget, estimateOnly, maxCost](const SynthTeacherPreview &preview) {
            const TeacherEstimate estimate = estimateTeacherRun(preview, endpoint);
            printEstimate(estimate, endpoint);
            overBudget = maxCost >= 0 && estimate.usd > maxCost;
            return !estimateOnly && !overBudget;
        };
    }
    TerminalProgress terminal("synth");
    const SynthStageSummary summary = synthesizeWorkspace(workspace, options, terminal.progress());
    terminal.finish();

    std::printf("%s, %s mode, seed %llu: %zu picks\n", summary.synthesizer.c_str(),
                options.baseline ? "baseline" : "seeded", static_cast<unsigned long long>(options.seed), summary.picks);
    std::printf("  records written: %zu (already there: %zu)\n", summary.recordsWritten, summary.recordsKept);
    std::printf("  requests: %zu sent, %zu failed, %zu retries; tokens %lld prompt + %lld completion; cost $%.4f\n",
                summary.requestsSent, summary.requestsFailed, summary.retries,
                static_cast<long long>(summary.usage.promptTokens), static_cast<long long>(summary.usage.completionTokens),
                summary.costUsd);
    std::printf("  ground-truth titles: %zu, matching no catalog item: %zu (hallucination rate %.2f%%)\n",
                summary.titles, summary.unmatchedTitles, 100.0 * summary.hallucinationRate);
    if (summary.problemCount) {
        std::printf("  problems: %zu\n", summary.problemCount);
        for (const std::string &problem : summary.problems)
            std::printf("    %s\n", problem.c_str());
    }
    std::printf("Templates in %s\n", summary.templatesDir.c_str());
    if (summary.stoppedBeforeSending) {
        if (!overBudget)
            return 0; // --estimate
        std::fprintf(stderr, "crsw synth: error: the estimate exceeds --max-cost %s USD: nothing was sent\n",
                     parser.value("max-cost").c_str());
        return 1;
    }
    std::printf("Wrote %s\n", summary.outputPath.c_str());
    writeExports(parser, workspace, options.outputPath);
    if (backend) {
        const std::string batchText = batchSummary(*backend);
        std::printf("%s", batchText.c_str());
        // Requests waiting in the Batch input file are the plan, not a failure.
        if (!endpoint.batchExport.empty())
            return 0;
    }
    if (summary.requestsFailed > 0) {
        std::printf("%zu requests failed for good: run the same command again to retry them (answers so far are "
                    "cached).\n",
                    summary.requestsFailed);
        return 3;
    }
    return 0;
}

} // namespace crsw::cli
