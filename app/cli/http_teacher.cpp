#include "http_teacher.h"

#ifdef CRSW_HAVE_TEACHER

#include "common/atomic_file.h"
#include "pipeline/synth_stage.h"
#include "pipeline/workspace.h"
#include "teacher/api_key.h"
#include "teacher/batch_file_backend.h"
#include "teacher/openai_chat_backend.h"
#include "teacher/price_table.h"

#include <QCoreApplication>
#include <QUrl>

#include <chrono>
#include <clocale>
#include <filesystem>
#include <memory>

namespace crsw::cli {

namespace {

// Qt's network stack needs a QCoreApplication. Made only when a command
// really talks to an endpoint, on the main thread that asks for it.
void ensureCoreApplication()
{
    if (QCoreApplication::instance())
        return;
    static int argc = 1;
    static char name[] = "crsw";
    static char *argv[] = {name, nullptr};
    static QCoreApplication application(argc, argv);
    // QCoreApplication adopts the user's locale (setlocale(LC_ALL, "")); the
    // CSV and JSON writers format numbers with printf and need the C locale.
    std::setlocale(LC_NUMERIC, "C");
}

// The price table a run is costed with: --prices, else the user's table,
// else the built-in list prices.
PriceTable priceTableFor(const TeacherEndpointOptions &options)
{
    if (!options.pricesPath.empty())
        return PriceTable::load(options.pricesPath);
    const std::string user = PriceTable::defaultPath();
    if (!user.empty() && std::filesystem::is_regular_file(user))
        return PriceTable::load(user);
    return PriceTable::defaults();
}

std::unique_ptr<ChatBackend> makeHttpTeacher(const TeacherEndpointOptions &options, const Workspace &workspace)
{
    // The response cache and journal: a re-run or a resumed run costs nothing
    // for the answers it already has (Batch imports land there too).
    makeDirectories(workspace.cacheDir());
    const std::string cachePath = workspace.cacheDir() + "/teacher.sqlite";
    if (options.batchMode()) {
        BatchFileConfig batch;
        batch.cachePath = cachePath;
        batch.importFiles = options.batchImports;
        batch.exportPath = options.batchExport;
        batch.model = options.model;
        batch.prices = priceTableFor(options);
        return std::make_unique<BatchFileBackend>(std::move(batch));
    }
    ensureCoreApplication();
    OpenAiChatConfig config;
    config.baseUrl = options.endpoint;
    config.concurrency = options.concurrency;
    config.requestsPerMinute = options.requestsPerMinute;
    config.timeoutMs = static_cast<int>(options.timeoutSeconds * 1000.0);
    config.cachePath = cachePath;
    config.prices = priceTableFor(options);
    return std::make_unique<OpenAiChatBackend>(std::move(config));
}

} // namespace

void registerHttpTeacher()
{
    setChatBackendFactory(&makeHttpTeacher);
}

std::string describeApiKey(const std::string &endpoint)
{
    const ApiKey key = lookupApiKey(QUrl(QString::fromStdString(endpoint)).host().toStdString());
    if (key.key.empty())
        return "none (local servers need none; set CRSW_API_KEY or OPENAI_API_KEY)";
    return maskedKey(key.key) + " (" + key.source + ")";
}

ConnectionCheck checkTeacherConnection(const std::string &endpoint, const std::string &model,
                                       const std::string &prompt, double timeoutSeconds)
{
    ensureCoreApplication();
    OpenAiChatConfig config;
    config.baseUrl = endpoint;
    config.concurrency = 1;
    config.timeoutMs = static_cast<int>(timeoutSeconds * 1000.0);
    config.retry.maxAttempts = 1;
    config.authErrorStop = 1;
    config.acceptTruncated = true; // a short max_tokens may cut the answer: still a working endpoint
    OpenAiChatBackend backend(std::move(config));
    ChatRequest request;
    request.id = "connection-test";
    request.messages = {{"user", prompt}};
    request.params.model = model;
    request.params.temperature = 0;
    request.params.maxTokens = 16;
    ConnectionCheck check;
    Progress progress;
    const auto started = std::chrono::steady_clock::now();
    backend.run({request},
                [&](const ChatResult &result) {
                    check.ok = result.ok;
                    check.model = result.model;
                    check.answer = result.content;
                    check.finishReason = result.finishReason;
                    check.promptTokens = result.usage.promptTokens;
                    check.completionTokens = result.usage.completionTokens;
                    check.error = result.error;
                },
                progress);
    check.milliseconds =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    if (!check.ok && check.error.empty())
        check.error = "no answer";
    return check;
}

std::string batchSummary(const ChatBackend &backend)
{
    const auto *batch = dynamic_cast<const BatchFileBackend *>(&backend);
    if (!batch)
        return {};
    const BatchImportReport &report = batch->importReport();
    std::string text;
    if (!batch->config().importFiles.empty()) {
        text += "Batch results imported: " + std::to_string(report.answered) + " answers, "
                + std::to_string(report.failed) + " failures";
        if (!report.errors.empty())
            text += ", " + std::to_string(report.errors.size()) + " malformed lines:";
        text += "\n";
        for (std::size_t i = 0; i < report.errors.size() && i < 20; ++i)
            text += "    " + report.errors[i] + "\n";
    }
    if (!batch->config().exportPath.empty()) {
        if (batch->exported() == 0)
            text += "Nothing left for the Batch API: " + batch->config().exportPath + " not written.\n";
        else
            text += std::to_string(batch->exported()) + " requests written to " + batch->config().exportPath
                    + ": upload it (purpose \"batch\"), create a batch on /v1/chat/completions, and when it is\n"
                      "done run this command again with --batch-import <its output file> (and --batch-export for "
                      "the next phase).\n";
    }
    return text;
}

TeacherEstimate estimateTeacherRun(const SynthTeacherPreview &preview, const TeacherEndpointOptions &options)
{
    std::vector<ChatRequest> all = preview.queryRequests;
    all.insert(all.end(), preview.recommendRequests.begin(), preview.recommendRequests.end());
    const CostEstimate cost = estimateCost(all, priceTableFor(options));
    TeacherEstimate estimate;
    estimate.requests = cost.requests;
    estimate.projected = preview.projectedRecommendRequests;
    estimate.promptTokens = cost.promptTokens;
    estimate.completionTokens = cost.completionTokens;
    estimate.usd = cost.usd;
    for (const std::string &model : cost.unpricedModels)
        estimate.unpriced += (estimate.unpriced.empty() ? "" : ", ") + model;
    return estimate;
}

} // namespace crsw::cli

#else

namespace crsw::cli {

void registerHttpTeacher() {}

// Unreachable without the HTTP teacher (makeChatBackend() refuses first).
std::string describeApiKey(const std::string &)
{
    return {};
}

std::string batchSummary(const ChatBackend &)
{
    return {};
}

ConnectionCheck checkTeacherConnection(const std::string &, const std::string &, const std::string &, double)
{
    ConnectionCheck check;
    check.error = "this crsw was built without the HTTP teacher (Qt Network)";
    return check;
}

TeacherEstimate estimateTeacherRun(const SynthTeacherPreview &preview, const TeacherEndpointOptions &)
{
    TeacherEstimate estimate;
    estimate.requests = preview.queryRequests.size() + preview.recommendRequests.size();
    return estimate;
}

} // namespace crsw::cli

#endif
