#pragma once

#include "common/progress.h"
#include "pipeline/workspace.h"
#include "synth/offline_synthesizer.h"
#include "teacher/chat_backend.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace crsw {

/// How to reach an HTTP teacher (the CLI's --endpoint, --model, ... options).
struct TeacherEndpointOptions {
    std::string endpoint;        ///< base URL of an OpenAI-compatible API
    std::string model;
    int concurrency = 4;         ///< requests in flight
    double requestsPerMinute = 0;///< 0 = no limit
    double timeoutSeconds = 120;
    std::string pricesPath;      ///< the price table (JSON); empty = the user's table if there is one, else list prices
    /// Batch mode (either set): no HTTP; answers come from OpenAI Batch API
    /// results files and what is still unanswered goes to a Batch input file.
    std::vector<std::string> batchImports;
    std::string batchExport;
    bool batchMode() const { return !batchImports.empty() || !batchExport.empty(); }
};

/// Makes the HTTP teacher. The core cannot (core/teacher needs Qt Network):
/// an application that links crsw_teacher registers one with
/// setChatBackendFactory() at start-up.
using ChatBackendFactory = std::unique_ptr<ChatBackend> (*)(const TeacherEndpointOptions &, const Workspace &);

/// Registers (or, with nullptr, removes) the HTTP teacher's factory.
void setChatBackendFactory(ChatBackendFactory factory);
/// The registered factory, or nullptr.
ChatBackendFactory chatBackendFactory();
/// The backend for `options` from the registered factory. Throws crsw::Error
/// ("built without the HTTP teacher ...") when none is registered.
std::unique_ptr<ChatBackend> makeChatBackend(const TeacherEndpointOptions &options, const Workspace &workspace);

/// The teacher requests of a run, handed over before any is sent: what the
/// cost and time estimate is made from.
struct SynthTeacherPreview {
    std::vector<ChatRequest> queryRequests;     ///< phase 1 (prompt 1 per pick), exactly as they will be sent
    /// Phase 2 (prompt 2 per query): exact for picks whose prompt-1 answer is
    /// already in OUT; for the others projected, one per sampled query
    /// template with the template's text standing in for the query.
    std::vector<ChatRequest> recommendRequests;
    std::size_t projectedRecommendRequests = 0; ///< how many of recommendRequests are projections
};

/// Called with the preview before the teacher is asked anything; returning
/// false ends the run there (nothing sent, no record written).
using SynthBeforeSending = std::function<bool(const SynthTeacherPreview &)>;

/// What `crsw synth` runs (METHOD.md §4, Algorithm 2).
struct SynthStageOptions {
    std::string selectionPath;   ///< SEL.json: the picks are review rows of the workspace's corpus
    std::string outputPath;      ///< OUT.jsonl, appended to (and resumed from)
    std::uint64_t seed = 0;
    bool baseline = false;       ///< "GPT-generated": no seed reviews or metadata
    std::size_t limit = 0;       ///< only the first `limit` picks (0 = all)
    /// The teacher; nullptr = the offline synthesizer ("template-based, no LLM").
    ChatBackend *backend = nullptr;
    ChatParams chat;             ///< model, temperature, max tokens of the teacher's requests
    OfflineSynthesizer::Options offline; ///< its seed is set from `seed`
    SynthBeforeSending beforeSending;    ///< optional; teacher runs only
};

/// What synthesizeWorkspace() did.
struct SynthStageSummary {
    std::string outputPath;           ///< absolute
    std::string templatesDir;         ///< where the templates were read (and defaults written)
    std::string synthesizer;          ///< the backend's description or "template-based, no LLM"
    bool stoppedBeforeSending = false;///< beforeSending returned false
    std::size_t picks = 0;            ///< picks planned
    std::size_t recordsWritten = 0;   ///< appended by this run
    std::size_t recordsKept = 0;      ///< already in OUT (skipped, not repeated)
    std::size_t requestsSent = 0;     ///< requests given to the backend
    std::size_t requestsFailed = 0;   ///< of which failed for good (the next run retries them)
    std::size_t retries = 0;          ///< HTTP attempts beyond the first
    std::size_t answersWithoutQueries = 0; ///< prompt-1 answers in which no query was found
    ChatUsage usage;                  ///< tokens of this run's fresh answers
    double costUsd = 0;
    std::size_t titles = 0;           ///< ground-truth titles in OUT after the run
    std::size_t unmatchedTitles = 0;  ///< of which matched no catalog item
    double hallucinationRate = 0;     ///< unmatchedTitles / titles (0 when no titles)
    std::vector<std::string> problems;///< OUT's malformed lines and failed requests, "where: why" (at most 20)
    std::size_t problemCount = 0;     ///< all of them
};

/// The workspace folder of the synthesis templates: W/templates.
std::string synthTemplatesDir(const Workspace &workspace);

/// Runs Algorithm 2 on a selection: loads the seed corpus and SEL.json,
/// loads W/templates (writing the defaults first where missing), plans, and
/// then either asks the teacher (phase 1: prompt 1 for every pick; phase 2:
/// prompt 2 for every parsed query) or runs the offline synthesizer, and
/// appends one record per query to OUT.jsonl as soon as it is complete.
/// Resumes: records already in OUT (by key) are skipped and a pick's stored
/// prompt-1 answer is reused, so nothing is duplicated or lost; OUT must come
/// from the same seed, mode and kind of synthesizer (crsw::Error otherwise).
/// Failed requests are counted, not fatal. Throws crsw::Cancelled when
/// cancelled (the records written stay), crsw::Error for bad input.
SynthStageSummary synthesizeWorkspace(const Workspace &workspace, const SynthStageOptions &options,
                                      Progress &progress);

} // namespace crsw
