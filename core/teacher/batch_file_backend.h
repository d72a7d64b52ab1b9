#pragma once
// A teacher that answers through the OpenAI Batch API's files instead of HTTP:
// for jobs too large or too costly to run interactively (the Batch API bills
// half the list price and answers within 24 hours).

#include "teacher/batch_jsonl.h"
#include "teacher/chat_backend.h"
#include "teacher/price_table.h"

#include <memory>
#include <string>
#include <vector>

namespace crsw {

class ResponseCache;

/// Where a BatchFileBackend reads answers and writes what is still to ask.
struct BatchFileConfig {
    std::string cachePath;                ///< the response cache (required): imported answers land here
    std::vector<std::string> importFiles; ///< Batch output/error JSONL files, imported before answering
    std::string exportPath;               ///< Batch input JSONL written with every unanswered request ("" = none)
    std::string model;                    ///< for describe()
    PriceTable prices = PriceTable::defaults();
    bool acceptTruncated = false;         ///< as OpenAiChatConfig::acceptTruncated
};

/// A ChatBackend over Batch API files. run() first imports the results files
/// into the response cache (answers for other calls' requests are left for
/// them), then ends every request: answered from the cache where it can,
/// otherwise reported failed ("waiting for the Batch API") and added to the
/// Batch input file, which holds every such request of the backend's life
/// (so one file serves both phases of a synthesis run). Re-running after
/// importing the file's results completes the run from the cache.
class BatchFileBackend : public ChatBackend {
public:
    /// Opens the cache; throws crsw::Error when it cannot.
    explicit BatchFileBackend(BatchFileConfig config);
    ~BatchFileBackend() override;

    /// "<model> via OpenAI Batch API files".
    std::string describe() const override;
    ChatRunTotals run(const std::vector<ChatRequest> &requests, const ChatResultSink &sink,
                      Progress &progress) override;

    /// Requests written to the Batch input file so far.
    std::size_t exported() const { return m_pending.size(); }
    /// What the imports found over all run() calls (answered/failed summed;
    /// errors of malformed lines, each once).
    const BatchImportReport &importReport() const { return m_report; }
    const BatchFileConfig &config() const { return m_config; }

private:
    BatchFileConfig m_config;
    std::unique_ptr<ResponseCache> m_cache;
    std::vector<ChatRequest> m_pending; ///< every request written to exportPath
    BatchImportReport m_report;
};

} // namespace crsw
