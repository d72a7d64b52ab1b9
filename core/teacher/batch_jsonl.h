#pragma once
// OpenAI Batch API files: the input JSONL a batch is created from, and the
// import of its output (and error) JSONL into the response cache.

#include "teacher/chat_backend.h"
#include "teacher/price_table.h"

#include <string>
#include <vector>

namespace crsw {

class ResponseCache;

/// Writes the Batch input JSONL, one line per request (atomically):
/// {"custom_id": <id>, "method": "POST", "url": "/v1/chat/completions", "body": {...}}.
/// Throws crsw::Error on duplicate or empty ids (the Batch API rejects them).
void writeBatchInput(const std::vector<ChatRequest> &requests, const std::string &path);

/// How the import of a Batch results file went.
struct BatchImportReport {
    std::size_t lines = 0;      ///< non-empty lines read
    std::size_t answered = 0;   ///< ok answers stored and passed to the sink
    std::size_t failed = 0;     ///< failures passed to the sink
    std::size_t otherIds = 0;   ///< lines for requests not in this call (with ignoreOtherIds)
    std::vector<std::string> errors; ///< "file:line: field: reason" for malformed lines
};

/// Options of importBatchResults().
struct BatchImportOptions {
    bool acceptTruncated = false;   ///< as OpenAiChatConfig::acceptTruncated
    double priceFactor = 0.5;       ///< the Batch API bills half the list price
    /// Lines whose custom_id is not among `requests` are counted in otherIds
    /// instead of reported as malformed (one results file serving several
    /// calls, e.g. both phases of a synthesis run).
    bool ignoreOtherIds = false;
};

/// Reads a Batch output (or error) JSONL: per line custom_id,
/// response.status_code, response.body (a chat completion) and error. Each
/// line whose custom_id names one of `requests` ends that request: an ok
/// answer is committed to `cache` (when given) and then passed to the sink,
/// anything else is passed as a failure (not cached). Malformed lines
/// (bad JSON, missing/unknown/repeated custom_id, wrong types) are listed in
/// the report with file:line and the field, and skipped. Requests without a
/// line get no result. Throws crsw::Error only when the file cannot be read.
BatchImportReport importBatchResults(const std::string &path, const std::vector<ChatRequest> &requests,
                                     ResponseCache *cache, const PriceTable &prices, const ChatResultSink &sink,
                                     const BatchImportOptions &options = {});

} // namespace crsw
