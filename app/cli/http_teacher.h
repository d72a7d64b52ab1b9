#pragma once

#include "pipeline/synth_stage.h"

#include <string>

namespace crsw::cli {

/// Registers the OpenAI-compatible HTTP teacher (core/teacher) as the factory
/// that `crsw synth --endpoint URL --model NAME` uses. Does nothing in a build
/// without Qt Network (the command then says so).
void registerHttpTeacher();

/// Where the endpoint's API key comes from, masked: "sk-…abcd (CRSW_API_KEY)",
/// or "none (local servers need none)". The key itself is never printed.
std::string describeApiKey(const std::string &endpoint);

/// What checkTeacherConnection() found.
struct ConnectionCheck {
    bool ok = false;
    double milliseconds = 0;       ///< from sending to the answer or the failure
    std::string model;             ///< the model the endpoint says answered
    std::string answer;            ///< its content
    std::string finishReason;
    long long promptTokens = 0, completionTokens = 0;
    std::string error;             ///< why it failed
};

/// One short request to the endpoint, without retries or cache.
ConnectionCheck checkTeacherConnection(const std::string &endpoint, const std::string &model,
                                       const std::string &prompt, double timeoutSeconds);

/// After a Batch-mode run: what was imported and what was written for the
/// Batch API, with the next step; "" for other backends.
std::string batchSummary(const ChatBackend &backend);

/// The estimate of a teacher run, from its preview and the price table.
struct TeacherEstimate {
    std::size_t requests = 0;
    std::size_t projected = 0;        ///< of which projected (phase 2 of unanswered picks)
    long long promptTokens = 0;       ///< estimated (characters / 4)
    long long completionTokens = 0;   ///< at most max_tokens each
    double usd = 0;                   ///< upper bound (cached answers cost nothing)
    std::string unpriced;             ///< models the price table does not know, comma-separated
};

/// Estimates the tokens and cost of a teacher run (prices from
/// options.pricesPath, the user's table or the list prices).
TeacherEstimate estimateTeacherRun(const SynthTeacherPreview &preview, const TeacherEndpointOptions &options);

} // namespace crsw::cli
