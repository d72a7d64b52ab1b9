#include "pipeline/synth_stage.h"

#include "common/atomic_file.h"
#include "common/error.h"
#include "common/load_report.h"
#include "data/amazon/seed_corpus_loader.h"
#include "eval/response_parser.h"
#include "pipeline/workspace_corpus.h"
#include "select/selection_record.h"
#include "synth/catalog_matcher.h"
#include "synth/query_answer_parser.h"
#include "synth/seed_texts.h"
#include "synth/synth_exports.h"
#include "synth/synth_plan.h"
#include "synth/synth_record_file.h"
#include "synth/synth_templates.h"

#include <ctime>
#include <exception>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <set>

namespace crsw {

namespace {

// Set once at start-up by an application that links the HTTP teacher.
ChatBackendFactory g_factory = nullptr;

constexpr std::size_t kProblemDetail = 20;
constexpr std::size_t kGroundTruthSize = 20;

std::string utcNow()
{
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

// The state of one run: the output, what it holds, and the summary.
class SynthRun {
public:
    SynthRun(const SeedCorpus &corpus, const SynthStageOptions &options, const SelectionRecord &selection,
             const SynthTemplates &templates, std::string synthesizer, SynthStageSummary &summary)
        : m_corpus(corpus), m_options(options), m_selection(selection), m_templates(templates), m_matcher(corpus),
          m_synthesizer(std::move(synthesizer)), m_summary(summary)
    {
        SynthRecordFile existing = readSynthRecords(options.outputPath);
        for (const InputProblem &problem : existing.problems.problems())
            addProblem(problem.toString());
        const bool offline = options.backend == nullptr;
        for (SynthRecord &record : existing.records) {
            if (record.seed != options.seed || record.baseline != options.baseline
                || (record.synthesizer == SynthRecord::kOfflineSynthesizer) != offline)
                throw Error({options.outputPath, 0, {}},
                            "holds records of another run (seed " + std::to_string(record.seed) + ", "
                                + (record.baseline ? "baseline" : "seeded") + ", " + record.synthesizer
                                + "): choose another output file or the same settings");
            countTitles(record);
            m_keys.insert(record.key);
            m_storedQueries.emplace(record.step, record.queries);
        }
        m_summary.recordsKept = existing.records.size();
        m_writer = std::make_unique<SynthRecordWriter>(options.outputPath);
    }

    const CatalogMatcher &matcher() const { return m_matcher; }
    bool has(const std::string &key) const { return m_keys.count(key) > 0; }
    /// The stored prompt-1 exchange of a pick, or null.
    const SynthTurn *storedQueries(std::size_t step) const
    {
        const auto it = m_storedQueries.find(step);
        return it == m_storedQueries.end() ? nullptr : &it->second;
    }

    void addProblem(const std::string &text)
    {
        if (m_summary.problems.size() < kProblemDetail)
            m_summary.problems.push_back(text);
        ++m_summary.problemCount;
    }

    /// A record of query k of a pick, without the teacher's turns and ground truth.
    SynthRecord record(const SynthPick &pick, std::size_t k, const std::string &query) const
    {
        SynthRecord r;
        r.key = synthQueryKey(pick.step, pick.row, k);
        r.query = query;
        r.queryIndex = k;
        r.baseline = m_options.baseline;
        r.synthesizer = m_synthesizer;
        if (m_options.backend) {
            r.model = m_options.chat.model;
            r.temperature = m_options.chat.temperature;
        }
        r.seed = m_options.seed;
        r.selection = m_options.selectionPath;
        r.strategy = strategyName(m_selection.result.strategy);
        r.step = pick.step;
        r.row = pick.row;
        if (!m_options.baseline) {
            r.itemAsin = std::string(m_corpus.itemAsin(pick.item));
            r.itemTitle = std::string(m_corpus.item(pick.item).title);
        }
        for (const std::uint32_t row : pick.reviewRows) {
            const CorpusReview &review = m_corpus.review(row);
            r.seedReviews.push_back({row, seedtexts::reviewId(m_corpus, row), review.sourceFile, review.sourceLine});
        }
        for (const std::size_t index : pick.templates) {
            r.templateIndices.push_back(index);
            r.templates.push_back(m_templates.library.entry(index).text.text());
        }
        r.queries.templateFile =
            m_options.baseline ? SynthTemplates::kBaselineQueriesFile : SynthTemplates::kQueriesFile;
        r.recommend.templateFile = SynthTemplates::kRecommendFile;
        r.created = utcNow();
        return r;
    }

    void write(const SynthRecord &record)
    {
        m_writer->append(record);
        m_keys.insert(record.key);
        ++m_summary.recordsWritten;
        countTitles(record);
    }

    void finish()
    {
        m_summary.hallucinationRate =
            m_summary.titles ? double(m_summary.unmatchedTitles) / double(m_summary.titles) : 0.0;
    }

private:
    void countTitles(const SynthRecord &record)
    {
        m_summary.titles += record.groundTruth.size();
        m_summary.unmatchedTitles += record.unmatchedTitles();
    }

    const SeedCorpus &m_corpus;
    const SynthStageOptions &m_options;
    const SelectionRecord &m_selection;
    const SynthTemplates &m_templates;
    CatalogMatcher m_matcher;
    std::string m_synthesizer;
    SynthStageSummary &m_summary;
    std::set<std::string> m_keys;
    std::map<std::size_t, SynthTurn> m_storedQueries; // step -> its prompt-1 exchange
    std::unique_ptr<SynthRecordWriter> m_writer;
};

SynthTurn turnOf(const ChatResult &result, const std::string &prompt, const std::string &templateFile)
{
    SynthTurn turn;
    turn.templateFile = templateFile;
    turn.prompt = prompt;
    turn.response = result.content;
    turn.usage = result.usage;
    turn.costUsd = result.costUsd;
    turn.attempts = result.attempts;
    turn.fromCache = result.fromCache;
    turn.model = result.model;
    turn.finishReason = result.finishReason;
    turn.startedAt = result.startedAt;
    turn.finishedAt = result.finishedAt;
    return turn;
}

void addTotals(SynthStageSummary &summary, const ChatRunTotals &totals, std::size_t sent)
{
    summary.requestsSent += sent;
    summary.requestsFailed += totals.failed;
    summary.retries += totals.retries;
    summary.usage.promptTokens += totals.usage.promptTokens;
    summary.usage.completionTokens += totals.usage.completionTokens;
    summary.costUsd += totals.costUsd;
}

// Runs requests through the backend, collecting the results by id. An
// exception in `onResult` (a failed write) cancels the run and is rethrown
// here: it must not escape into the backend's thread.
std::map<std::string, ChatResult> runRequests(ChatBackend &backend, const std::vector<ChatRequest> &requests,
                                              Progress &progress, SynthStageSummary &summary,
                                              const std::function<void(const ChatResult &)> &onResult = {})
{
    std::map<std::string, ChatResult> results;
    if (requests.empty())
        return results;
    std::mutex mutex;
    std::exception_ptr failure;
    const ChatRunTotals totals = backend.run(
        requests,
        [&](const ChatResult &result) {
            const std::lock_guard<std::mutex> lock(mutex);
            if (failure)
                return;
            try {
                if (onResult)
                    onResult(result);
                results[result.id] = result;
            } catch (...) {
                failure = std::current_exception();
                progress.cancel();
            }
        },
        progress);
    const std::lock_guard<std::mutex> lock(mutex);
    addTotals(summary, totals, requests.size());
    if (failure)
        std::rethrow_exception(failure);
    if (totals.cancelled || progress.cancelled())
        throw Cancelled();
    return results;
}

void runOffline(const SeedCorpus &corpus, const std::vector<SynthPick> &plan, const SynthStageOptions &options,
                const SynthTemplates &templates, SynthRun &run, Progress &progress)
{
    OfflineSynthesizer::Options offline = options.offline;
    offline.seed = options.seed;
    progress.reportNow(0.0, "indexing the items for the offline synthesizer");
    Progress indexing = progress.subRange(0.0, 0.2);
    const OfflineSynthesizer synthesizer(corpus, templates.library, offline, indexing);
    for (std::size_t i = 0; i < plan.size(); ++i) {
        progress.throwIfCancelled();
        progress.report(0.2 + 0.8 * double(i) / double(plan.size()),
                        "pick " + std::to_string(i + 1) + " of " + std::to_string(plan.size()));
        const SynthPick &pick = plan[i];
        const std::vector<OfflineSynthesizer::Query> queries = synthesizer.synthesize(pick, options.baseline);
        nlohmann::json texts = nlohmann::json::array();
        for (const auto &query : queries)
            texts.push_back(query.text);
        const std::string queriesText = texts.dump(2);
        for (std::size_t k = 0; k < queries.size(); ++k) {
            SynthRecord record = run.record(pick, k, queries[k].text);
            if (run.has(record.key))
                continue;
            record.queries.response = queriesText;
            record.queries.startedAt = record.queries.finishedAt = record.created;
            for (const std::uint32_t item : queries[k].items)
                record.groundTruth.push_back(
                    {std::string(corpus.item(item).title), std::string(corpus.itemAsin(item)), 0});
            record.recommend.response = synthexports::numberedTitles(record);
            record.recommend.startedAt = record.recommend.finishedAt = record.created;
            run.write(record);
        }
    }
}

// He et al.'s parse of prompt 2's answer, less the empty lines it keeps as
// predictions (they are no titles), at most 20.
std::vector<std::string> groundTruthTitles(const std::string &answer)
{
    std::vector<std::string> titles;
    for (std::string &title : parseRecommendations(answer))
        if (!title.empty() && titles.size() < kGroundTruthSize)
            titles.push_back(std::move(title));
    return titles;
}

// The preview of a teacher run (see SynthTeacherPreview): phase 2 exact
// where prompt 1's answer is stored, else one projected request per sampled
// query template.
SynthTeacherPreview previewTeacherRequests(const std::vector<SynthPick> &plan, const std::vector<ChatRequest> &phase1,
                                           const ChatParams &params, const SynthTemplates &templates,
                                           const SynthRun &run)
{
    SynthTeacherPreview preview;
    preview.queryRequests = phase1;
    const auto recommendRequest = [&](const std::string &id, const std::string &query) {
        const std::string prompt =
            templates.recommend.render({{SynthTemplates::kConversation, heConversation(query)}});
        preview.recommendRequests.push_back({id, {{"user", prompt}}, params});
    };
    for (const SynthPick &pick : plan) {
        if (const SynthTurn *stored = run.storedQueries(pick.step)) {
            const std::vector<std::string> parsed = parseQueryList(stored->response);
            for (std::size_t k = 0; k < parsed.size(); ++k) {
                const std::string key = synthQueryKey(pick.step, pick.row, k);
                if (!run.has(key))
                    recommendRequest("recommend/" + key, parsed[k]);
            }
            continue;
        }
        for (std::size_t k = 0; k < pick.templates.size(); ++k) {
            recommendRequest("recommend/" + synthQueryKey(pick.step, pick.row, k) + "~projected",
                             templates.library.entry(pick.templates[k]).text.text());
            ++preview.projectedRecommendRequests;
        }
    }
    return preview;
}

void runTeacher(const std::vector<SynthPick> &plan, const SynthStageOptions &options, const SynthTemplates &templates,
                SynthRun &run, SynthStageSummary &summary, Progress &progress)
{
    ChatParams params = options.chat;
    params.seed = std::int64_t(options.seed);
    const std::string queriesTemplate =
        options.baseline ? SynthTemplates::kBaselineQueriesFile : SynthTemplates::kQueriesFile;

    // Phase 1: prompt 1 for every pick whose answer is not stored in OUT.
    std::vector<ChatRequest> phase1;
    for (const SynthPick &pick : plan)
        if (!run.storedQueries(pick.step))
            phase1.push_back({"queries/s" + std::to_string(pick.step) + "-r" + std::to_string(pick.row),
                              {{"user", pick.queriesPrompt}},
                              params});
    if (options.beforeSending
        && !options.beforeSending(previewTeacherRequests(plan, phase1, params, templates, run))) {
        summary.stoppedBeforeSending = true;
        return;
    }
    progress.reportNow(0.05, "phase 1: " + std::to_string(phase1.size()) + " query requests");
    Progress phase1Progress = progress.subRange(0.05, 0.35);
    const std::map<std::string, ChatResult> answers = runRequests(*options.backend, phase1, phase1Progress, summary);

    // Phase 2: prompt 2 for every parsed query without a record.
    struct Pending {
        const SynthPick *pick;
        std::size_t k;
        std::string query;
        SynthTurn queries;
        std::string prompt;
    };
    std::map<std::string, Pending> pending; // request id -> what it is for
    std::vector<ChatRequest> phase2;
    for (const SynthPick &pick : plan) {
        SynthTurn queries;
        if (const SynthTurn *stored = run.storedQueries(pick.step)) {
            queries = *stored;
        } else {
            const std::string id = "queries/s" + std::to_string(pick.step) + "-r" + std::to_string(pick.row);
            const auto it = answers.find(id);
            if (it == answers.end())
                continue;
            if (!it->second.ok) {
                run.addProblem(id + ": " + it->second.error);
                continue;
            }
            queries = turnOf(it->second, pick.queriesPrompt, queriesTemplate);
        }
        const std::vector<std::string> parsed = parseQueryList(queries.response);
        if (parsed.empty()) {
            ++summary.answersWithoutQueries;
            run.addProblem("step " + std::to_string(pick.step) + ": no query found in the teacher's answer");
        }
        for (std::size_t k = 0; k < parsed.size(); ++k) {
            const std::string key = synthQueryKey(pick.step, pick.row, k);
            if (run.has(key))
                continue;
            const std::string prompt =
                templates.recommend.render({{SynthTemplates::kConversation, heConversation(parsed[k])}});
            const std::string id = "recommend/" + key;
            phase2.push_back({id, {{"user", prompt}}, params});
            pending.emplace(id, Pending{&pick, k, parsed[k], queries, prompt});
        }
    }
    progress.reportNow(0.35, "phase 2: " + std::to_string(phase2.size()) + " recommendation requests");
    Progress phase2Progress = progress.subRange(0.35, 1.0);
    runRequests(*options.backend, phase2, phase2Progress, summary, [&](const ChatResult &result) {
        const auto it = pending.find(result.id);
        if (it == pending.end())
            return;
        if (!result.ok) {
            run.addProblem(result.id + ": " + result.error);
            return;
        }
        const Pending &p = it->second;
        SynthRecord record = run.record(*p.pick, p.k, p.query);
        record.queries = p.queries;
        record.recommend = turnOf(result, p.prompt, SynthTemplates::kRecommendFile);
        record.groundTruth = run.matcher().matchAll(groundTruthTitles(result.content));
        run.write(record);
    });
}

} // namespace

void setChatBackendFactory(ChatBackendFactory factory)
{
    g_factory = factory;
}

ChatBackendFactory chatBackendFactory()
{
    return g_factory;
}

std::unique_ptr<ChatBackend> makeChatBackend(const TeacherEndpointOptions &options, const Workspace &workspace)
{
    if (!g_factory)
        throw Error({{}, 0, "endpoint"},
                    "this crsw was built without the HTTP teacher (Qt Network); leave out --endpoint to use the "
                    "offline synthesizer (template-based, no LLM)");
    return g_factory(options, workspace);
}

std::string synthTemplatesDir(const Workspace &workspace)
{
    return workspace.root() + "/templates";
}

SynthStageSummary synthesizeWorkspace(const Workspace &workspace, const SynthStageOptions &options, Progress &progress)
{
    if (options.outputPath.empty())
        throw Error({{}, 0, "out"}, "no output file given for the synthetic dataset");
    SynthStageSummary summary;
    summary.templatesDir = synthTemplatesDir(workspace);
    const SynthTemplates templates = SynthTemplates::loadOrCreate(summary.templatesDir);
    const SelectionRecord selection = SelectionRecord::read(options.selectionPath);

    progress.reportNow(0.0, "loading the seed corpus");
    Progress loading = progress.subRange(0.0, 0.1);
    const SeedCorpus corpus = loadWorkspaceSeedCorpus(workspace, loading);
    if (selection.rows != corpus.reviewCount())
        throw Error({options.selectionPath, 0, "rows"},
                    "the selection was made on " + std::to_string(selection.rows) + " rows but the seed corpus has "
                        + std::to_string(corpus.reviewCount()) + " reviews: re-embed and select again");

    SynthPlanOptions planOptions;
    planOptions.seed = options.seed;
    planOptions.baseline = options.baseline;
    planOptions.limit = options.limit;
    std::vector<SynthPick> plan;
    try {
        plan = planSynthesis(corpus, selection.result.picks, templates, planOptions);
    } catch (const Error &e) {
        throw Error({options.selectionPath, 0, e.where().field}, e.reason());
    }
    summary.picks = plan.size();
    summary.synthesizer = options.backend ? options.backend->describe() : SynthRecord::kOfflineSynthesizer;
    const std::filesystem::path parent = std::filesystem::path(options.outputPath).parent_path();
    if (!parent.empty())
        makeDirectories(parent.string());
    summary.outputPath = std::filesystem::absolute(options.outputPath).lexically_normal().string();

    SynthRun run(corpus, options, selection, templates, summary.synthesizer, summary);
    Progress work = progress.subRange(0.1, 1.0);
    if (options.backend)
        runTeacher(plan, options, templates, run, summary, work);
    else
        runOffline(corpus, plan, options, templates, run, work);
    run.finish();
    progress.reportNow(1.0, "wrote " + std::to_string(summary.recordsWritten) + " records to " + summary.outputPath);
    return summary;
}

} // namespace crsw
