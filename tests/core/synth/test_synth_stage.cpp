// core/synth + core/pipeline/synth_stage on the demo workspace: the plan
// (deterministic for a seed), the offline synthesizer end to end, the
// baseline, a fake teacher end to end (failed requests retried by the next
// run; a cancel mid-way then a resume gives the records of an uninterrupted
// run), and the refusals.
#include "common/error.h"
#include "common/load_report.h"
#include "common/progress.h"
#include "data/amazon/seed_corpus_loader.h"
#include "fake_chat_backend.h"
#include "pipeline/demo_workspace.h"
#include "pipeline/synth_stage.h"
#include "select/selection_record.h"
#include "synth/synth_plan.h"
#include "synth/synth_record_file.h"

#include <QtTest>

#include <map>

using namespace crsw;

namespace {

// What must be the same between two runs: everything but timestamps.
std::map<std::string, std::string> contentByKey(const std::string &path)
{
    std::map<std::string, std::string> out;
    for (SynthRecord record : readSynthRecords(path).records) {
        record.created.clear();
        for (SynthTurn *turn : {&record.queries, &record.recommend}) {
            turn->startedAt.clear();
            turn->finishedAt.clear();
        }
        out[record.key] = record.toJson().dump();
    }
    return out;
}

} // namespace

class TestSynthStage : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::string m_root;
    std::string m_selection;
    SeedCorpus m_corpus;
    std::vector<std::uint32_t> m_picks{0, 7, 150, 999, 2500, 4096, 8000, 12345, 15000, 19999};

    std::string out(const char *name) const { return m_dir.filePath(QLatin1String(name)).toStdString(); }

    SynthStageOptions options(const std::string &output) const
    {
        SynthStageOptions o;
        o.selectionPath = m_selection;
        o.outputPath = output;
        o.seed = 5;
        return o;
    }

    std::vector<std::string> catalog() const
    {
        std::vector<std::string> titles;
        for (const CorpusItem &item : m_corpus.items())
            titles.emplace_back(item.title);
        return titles;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_root = m_dir.filePath(QStringLiteral("ws")).toStdString();
        Progress progress;
        const Workspace workspace = createOrOpenDemoWorkspace(m_root, progress);
        SeedCorpusLoader::Sources sources;
        sources.reviewFiles.push_back(workspace.resolve(workspace.seedCorpus().reviews));
        sources.metadataFiles.push_back(workspace.resolve(workspace.seedCorpus().metadata));
        LoadReport report;
        m_corpus = std::move(SeedCorpusLoader::load(sources, {}, report, progress).corpus);
        SelectionResult result;
        result.strategy = SelectionStrategy::RandomUniform;
        result.params.budget = m_picks.size();
        result.picks = m_picks;
        result.scores.assign(m_picks.size(), 1.0);
        m_selection = workspace.selectionsDir() + "/sel.json";
        SelectionRecord::fromResult(result, m_corpus.reviewCount(), 8).write(m_selection);
    }

    void planIsDeterministic()
    {
        const SynthTemplates templates = SynthTemplates::defaults();
        SynthPlanOptions o;
        o.seed = 5;
        const std::vector<SynthPick> a = planSynthesis(m_corpus, m_picks, templates, o);
        const std::vector<SynthPick> b = planSynthesis(m_corpus, m_picks, templates, o);
        QCOMPARE(a.size(), m_picks.size());
        bool differs = false;
        o.seed = 6;
        const std::vector<SynthPick> c = planSynthesis(m_corpus, m_picks, templates, o);
        for (std::size_t i = 0; i < a.size(); ++i) {
            QCOMPARE(a[i].queriesPrompt, b[i].queriesPrompt);
            QCOMPARE(a[i].templates, b[i].templates);
            QCOMPARE(a[i].reviewRows, b[i].reviewRows);
            QCOMPARE(a[i].row, m_picks[i]);
            QCOMPARE(a[i].reviewRows.front(), m_picks[i]); // the selected review first
            const std::size_t ofItem = m_corpus.reviewsOfItem(a[i].item).size();
            QCOMPARE(a[i].reviewRows.size(), std::min<std::size_t>(3, ofItem));
            for (const std::uint32_t row : a[i].reviewRows)
                QCOMPARE(m_corpus.review(row).item, a[i].item);
            QCOMPARE(std::set<std::size_t>(a[i].templates.begin(), a[i].templates.end()).size(), std::size_t(5));
            QVERIFY(a[i].queriesPrompt.find(std::string(m_corpus.item(a[i].item).title)) != std::string::npos);
            QVERIFY(a[i].queriesPrompt.find("Review 1 (") != std::string::npos);
            differs = differs || c[i].templates != a[i].templates;
        }
        QVERIFY(differs);
        // A pick's plan does not depend on the others (--limit, resumes).
        o.seed = 5;
        o.limit = 3;
        const std::vector<SynthPick> limited = planSynthesis(m_corpus, m_picks, templates, o);
        QCOMPARE(limited.size(), std::size_t(3));
        QCOMPARE(limited[2].queriesPrompt, a[2].queriesPrompt);
        // Nor on the steps before it (the Templates page plans one step).
        o.first = 2;
        const std::vector<SynthPick> one = planSynthesis(m_corpus, m_picks, templates, o);
        QCOMPARE(one.size(), std::size_t(1));
        QCOMPARE(one[0].step, std::size_t(2));
        QCOMPARE(one[0].queriesPrompt, a[2].queriesPrompt);
        QCOMPARE(one[0].templates, a[2].templates);
        o.first = 0;
        // The baseline has no seed reviews or metadata.
        o.baseline = true;
        for (const SynthPick &pick : planSynthesis(m_corpus, m_picks, templates, o)) {
            QVERIFY(pick.reviewRows.empty());
            QVERIFY(pick.queriesPrompt.find("Review 1") == std::string::npos);
            QVERIFY(pick.queriesPrompt.find(std::string(m_corpus.item(pick.item).title)) == std::string::npos);
        }
        QVERIFY_THROWS_EXCEPTION(Error, planSynthesis(m_corpus, {20000}, templates, {}));
    }

    void offlineOnTheDemo()
    {
        const Workspace workspace = Workspace::open(m_root);
        Progress progress;
        const SynthStageSummary summary = synthesizeWorkspace(workspace, options(out("offline.jsonl")), progress);
        QCOMPARE(summary.recordsWritten, 5 * m_picks.size());
        QCOMPARE(summary.synthesizer, std::string(SynthRecord::kOfflineSynthesizer));
        QCOMPARE(summary.hallucinationRate, 0.0);
        QVERIFY(QFile::exists(QString::fromStdString(m_root + "/templates/query_templates.txt")));
        const SynthRecordFile file = readSynthRecords(out("offline.jsonl"));
        QVERIFY(file.problems.empty());
        for (const SynthRecord &r : file.records) {
            QCOMPARE(r.synthesizer, std::string("template-based, no LLM"));
            QCOMPARE(r.groundTruth.size(), std::size_t(20));
            QCOMPARE(*r.groundTruth.front().asin, r.itemAsin); // v first
            QVERIFY2(r.query.find(r.itemTitle) == std::string::npos, r.query.c_str());
            QCOMPARE(r.seedReviews.front().row, r.row);
            QCOMPARE(r.templates.size(), std::size_t(5));
            std::set<std::string> distinct;
            for (const SynthTitle &t : r.groundTruth)
                distinct.insert(*t.asin);
            QCOMPARE(distinct.size(), std::size_t(20));
        }
        // Deterministic for a seed; a second run on the same OUT adds nothing.
        synthesizeWorkspace(workspace, options(out("offline2.jsonl")), progress);
        QCOMPARE(contentByKey(out("offline2.jsonl")), contentByKey(out("offline.jsonl")));
        const SynthStageSummary again = synthesizeWorkspace(workspace, options(out("offline.jsonl")), progress);
        QCOMPARE(again.recordsWritten, std::size_t(0));
        QCOMPARE(again.recordsKept, 5 * m_picks.size());
        // Another seed may not be mixed into the same file.
        SynthStageOptions other = options(out("offline.jsonl"));
        other.seed = 6;
        try {
            synthesizeWorkspace(workspace, other, progress);
            QFAIL("expected an error");
        } catch (const Error &e) {
            QVERIFY2(std::string(e.what()).find("holds records of another run") != std::string::npos, e.what());
        }
    }

    void offlineBaseline()
    {
        const Workspace workspace = Workspace::open(m_root);
        SynthStageOptions o = options(out("baseline.jsonl"));
        o.baseline = true;
        o.limit = 4;
        Progress progress;
        QCOMPARE(synthesizeWorkspace(workspace, o, progress).recordsWritten, std::size_t(20));
        for (const SynthRecord &r : readSynthRecords(o.outputPath).records) {
            QVERIFY(r.baseline && r.itemAsin.empty() && r.seedReviews.empty());
            QCOMPARE(r.groundTruth.size(), std::size_t(20));
        }
    }

    void fakeTeacherWithFailures()
    {
        const Workspace workspace = Workspace::open(m_root);
        test::FakeChatBackend backend(catalog(), {3, 0});
        SynthStageOptions o = options(out("teacher.jsonl"));
        o.backend = &backend;
        o.chat.model = "fake-model";
        Progress progress;
        const SynthStageSummary first = synthesizeWorkspace(workspace, o, progress);
        QVERIFY(first.requestsFailed > 0);
        QCOMPARE(first.retries, 2 * first.requestsFailed);
        QVERIFY(first.recordsWritten < 3 * m_picks.size());
        QCOMPARE(first.problemCount, first.requestsFailed);
        QVERIFY(first.costUsd > 0);
        // One invented title in 20: the dataset's hallucination rate.
        QCOMPARE(first.hallucinationRate, 1.0 / 20.0);

        // Each run retries what failed; a request fails only on its first
        // attempt, so the runs end with every query written exactly once.
        std::size_t written = first.recordsWritten;
        for (int runs = 1; runs < 4; ++runs) {
            const SynthStageSummary next = synthesizeWorkspace(workspace, o, progress);
            QCOMPARE(next.recordsKept, written);
            written += next.recordsWritten;
            if (next.requestsFailed == 0)
                break;
        }
        QCOMPARE(written, 3 * m_picks.size());
        const SynthRecordFile file = readSynthRecords(o.outputPath);
        QVERIFY(file.problems.empty()); // no repeated key
        QCOMPARE(file.records.size(), 3 * m_picks.size());
        for (const SynthRecord &r : file.records) {
            QCOMPARE(r.synthesizer, std::string("fake teacher (tests)"));
            QCOMPARE(r.model, std::string("fake-model"));
            QVERIFY(r.temperature && *r.temperature == 0.8);
            QVERIFY(r.queries.prompt.find("Review 1 (") != std::string::npos);
            QVERIFY(r.recommend.prompt.find("Here is the conversation: \nUser: " + r.query + "\nSystem: ") != std::string::npos);
            QCOMPARE(r.groundTruth.size(), std::size_t(20));
            QVERIFY(r.groundTruth[0].asin); // "Title (2001)" parsed as He et al. do, then matched
            QVERIFY(!r.groundTruth[19].asin);
            QCOMPARE(r.groundTruth[19].title, std::string(test::FakeChatBackend::kInvented));
            QVERIFY(r.recommend.usage.promptTokens > 0);
        }
    }

    void cancelThenResume_data()
    {
        QTest::addColumn<int>("cancelAfter");
        QTest::newRow("in phase 1") << 4;
        QTest::newRow("in phase 2") << 17;
    }

    void cancelThenResume()
    {
        QFETCH(int, cancelAfter);
        const Workspace workspace = Workspace::open(m_root);
        const auto run = [&](const std::string &path, std::size_t cancel) {
            test::FakeChatBackend backend(catalog(), {0, cancel});
            SynthStageOptions o = options(path);
            o.backend = &backend;
            Progress progress;
            return synthesizeWorkspace(workspace, o, progress);
        };
        const std::string whole = out("whole.jsonl"), resumed = out(cancelAfter < 10 ? "resumed1.jsonl" : "resumed2.jsonl");
        QFile::remove(QString::fromStdString(whole));
        run(whole, 0);
        QVERIFY_THROWS_EXCEPTION(Cancelled, run(resumed, std::size_t(cancelAfter)));
        const std::size_t kept = readSynthRecords(resumed).records.size();
        QVERIFY(kept < 3 * m_picks.size());
        const SynthStageSummary rest = run(resumed, 0);
        QCOMPARE(rest.recordsKept, kept);
        QCOMPARE(contentByKey(resumed), contentByKey(whole));
    }

    void endpointNeedsTheTeacher()
    {
        setChatBackendFactory(nullptr);
        try {
            makeChatBackend({"http://localhost:1", "m"}, Workspace::open(m_root));
            QFAIL("expected an error");
        } catch (const Error &e) {
            QVERIFY2(std::string(e.what()).find("built without the HTTP teacher") != std::string::npos, e.what());
        }
        setChatBackendFactory([](const TeacherEndpointOptions &options, const Workspace &) -> std::unique_ptr<ChatBackend> {
            return std::make_unique<test::FakeChatBackend>(std::vector<std::string>{options.model}, test::FakeChatBackend::Options{});
        });
        QCOMPARE(makeChatBackend({"http://localhost:1", "m"}, Workspace::open(m_root))->describe(),
                 std::string("fake teacher (tests)"));
        setChatBackendFactory(nullptr);
    }
};

QTEST_GUILESS_MAIN(TestSynthStage)
#include "test_synth_stage.moc"
