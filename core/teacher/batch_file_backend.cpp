#include "teacher/batch_file_backend.h"

#include "common/error.h"
#include "teacher/cache_key.h"
#include "teacher/response_cache.h"

#include <algorithm>
#include <map>
#include <set>

namespace crsw {

BatchFileBackend::BatchFileBackend(BatchFileConfig config) : m_config(std::move(config))
{
    if (m_config.cachePath.empty())
        throw Error({{}, 0, "cache"}, "the Batch API teacher needs a response cache to keep the imported answers");
    m_cache = std::make_unique<ResponseCache>(m_config.cachePath);
}

BatchFileBackend::~BatchFileBackend() = default;

std::string BatchFileBackend::describe() const
{
    return m_config.model + " via OpenAI Batch API files";
}

ChatRunTotals BatchFileBackend::run(const std::vector<ChatRequest> &requests, const ChatResultSink &sink,
                                    Progress &progress)
{
    ChatRunTotals totals;
    // Imported results: ok answers go into the cache (and are served from it
    // below, like any cached answer); failures are remembered to report.
    std::map<std::string, ChatResult> imported;
    BatchImportOptions options;
    options.acceptTruncated = m_config.acceptTruncated;
    options.ignoreOtherIds = true;
    for (const std::string &file : m_config.importFiles) {
        progress.throwIfCancelled();
        const BatchImportReport report = importBatchResults(
            file, requests, m_cache.get(), m_config.prices,
            [&](const ChatResult &result) {
                if (result.ok) {
                    totals.usage.promptTokens += result.usage.promptTokens;
                    totals.usage.completionTokens += result.usage.completionTokens;
                    totals.costUsd += result.costUsd;
                }
                imported.emplace(result.id, result);
            },
            options);
        m_report.lines = std::max(m_report.lines, report.lines);
        m_report.answered += report.answered;
        m_report.failed += report.failed;
        for (const std::string &error : report.errors)
            if (std::find(m_report.errors.begin(), m_report.errors.end(), error) == m_report.errors.end())
                m_report.errors.push_back(error);
    }

    std::set<std::string> pendingIds;
    for (const ChatRequest &request : m_pending)
        pendingIds.insert(request.id);
    std::size_t done = 0;
    for (const ChatRequest &request : requests) {
        if (progress.cancelled()) {
            totals.cancelled = true;
            break;
        }
        const std::optional<ChatResult> cached = m_cache->find(requestCacheKey(request));
        ChatResult result;
        if (cached) {
            result = *cached;
            result.id = request.id;
            const auto fresh = imported.find(request.id);
            if (fresh != imported.end() && fresh->second.ok) {
                result = fresh->second; // imported now: its tokens and cost count in this run
            } else {
                ++totals.fromCache;
            }
            ++totals.answered;
        } else {
            result.id = request.id;
            result.model = request.params.model;
            const auto failed = imported.find(request.id);
            result.error = failed != imported.end() ? failed->second.error : "no answer in the Batch results imported";
            if (!m_config.exportPath.empty()) {
                result.error += "; written to the Batch input file " + m_config.exportPath;
                if (pendingIds.insert(request.id).second)
                    m_pending.push_back(request);
            }
            ++totals.failed;
        }
        sink(result);
        ++done;
        progress.report(double(done) / double(requests.size()),
                        std::to_string(done) + "/" + std::to_string(requests.size()) + " from Batch API files");
    }
    if (!m_config.exportPath.empty() && !m_pending.empty())
        writeBatchInput(m_pending, m_config.exportPath);
    return totals;
}

} // namespace crsw
