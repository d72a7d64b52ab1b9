#include "teacher/batch_jsonl.h"

#include "common/atomic_file.h"
#include "common/error.h"
#include "common/line_reader.h"
#include "teacher/cache_key.h"
#include "teacher/chat_json.h"
#include "teacher/response_cache.h"

#include <QDateTime>

#include <nlohmann/json.hpp>

#include <set>
#include <unordered_map>

namespace crsw {

using nlohmann::json;

void writeBatchInput(const std::vector<ChatRequest> &requests, const std::string &path)
{
    std::set<std::string> seen;
    std::string out;
    for (std::size_t i = 0; i < requests.size(); ++i) {
        const ChatRequest &r = requests[i];
        if (r.id.empty())
            throw Error({path, std::int64_t(i + 1), "custom_id"}, "request " + std::to_string(i) + " has no id");
        if (!seen.insert(r.id).second)
            throw Error({path, std::int64_t(i + 1), "custom_id"}, "duplicate request id \"" + r.id + "\"");
        const json line = {{"custom_id", r.id},
                           {"method", "POST"},
                           {"url", "/v1/chat/completions"},
                           {"body", chatRequestJson(r)}};
        out += line.dump(-1, ' ', false, json::error_handler_t::replace);
        out += '\n';
    }
    writeFileAtomically(path, out);
}

namespace {

std::string nowIso()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toStdString();
}

// The failure text of an "error" member: {"code":..,"message":..} or a string.
std::string errorText(const json &error)
{
    if (error.is_string())
        return error.get<std::string>();
    std::string text;
    if (error.is_object()) {
        if (const auto code = error.find("code"); code != error.end() && code->is_string())
            text = code->get<std::string>() + ": ";
        if (const auto msg = error.find("message"); msg != error.end() && msg->is_string())
            return text + msg->get<std::string>();
    }
    return text + error.dump();
}

} // namespace

BatchImportReport importBatchResults(const std::string &path, const std::vector<ChatRequest> &requests,
                                     ResponseCache *cache, const PriceTable &prices, const ChatResultSink &sink,
                                     const BatchImportOptions &options)
{
    std::unordered_map<std::string, std::size_t> byId;
    for (std::size_t i = 0; i < requests.size(); ++i)
        byId.emplace(requests[i].id, i);
    std::set<std::string> done;

    BatchImportReport report;
    LineReader reader(path);
    LineReader::Line line;
    while (reader.next(line)) {
        const auto malformed = [&](const std::string &field, const std::string &reason) {
            report.errors.push_back(SourceLocation{path, line.number, field}.toString() + ": " + reason);
        };
        if (line.tooLong) {
            malformed("", "line too long");
            continue;
        }
        if (line.text.find_first_not_of(" \t\r") == std::string_view::npos)
            continue;
        ++report.lines;
        const json j = json::parse(line.text.begin(), line.text.end(), nullptr, false);
        if (j.is_discarded() || !j.is_object()) {
            malformed("", j.is_discarded() ? "not valid JSON" : "expected a JSON object");
            continue;
        }
        const auto cid = j.find("custom_id");
        if (cid == j.end() || !cid->is_string()) {
            malformed("custom_id", cid == j.end() ? "missing" : "expected a string");
            continue;
        }
        const std::string id = cid->get<std::string>();
        const auto known = byId.find(id);
        if (known == byId.end()) {
            if (options.ignoreOtherIds) {
                ++report.otherIds;
                continue;
            }
            malformed("custom_id", "\"" + id + "\" is not one of the run's requests");
            continue;
        }
        if (!done.insert(id).second) {
            malformed("custom_id", "\"" + id + "\" appears twice; the first line counts");
            continue;
        }
        const ChatRequest &request = requests[known->second];

        ChatResult r;
        r.id = id;
        r.model = request.params.model;
        r.attempts = 1;
        r.finishedAt = nowIso();
        const auto response = j.find("response");
        const auto error = j.find("error");
        if (error != j.end() && !error->is_null()) {
            r.error = "batch error: " + errorText(*error);
        } else if (response == j.end() || !response->is_object()) {
            malformed("response", response == j.end() ? "missing (and no error)" : "expected an object");
            done.erase(id);
            continue;
        } else {
            const auto status = response->find("status_code");
            const auto body = response->find("body");
            if (status == response->end() || !status->is_number_integer()) {
                malformed("response.status_code", status == response->end() ? "missing" : "expected an integer");
                done.erase(id);
                continue;
            }
            if (body == response->end()) {
                malformed("response.body", "missing");
                done.erase(id);
                continue;
            }
            const int code = status->get<int>();
            // Some tools store the body as a JSON string rather than an object.
            const json bodyJson = body->is_string() ? json::parse(body->get<std::string>(), nullptr, false) : *body;
            if (code < 200 || code >= 300) {
                r.error = "HTTP " + std::to_string(code) + ": " + errorMessageFromBody(bodyJson.dump());
            } else {
                const ParsedChatResponse parsed = parseChatResponseJson(bodyJson);
                if (!parsed.ok) {
                    r.error = SourceLocation{path, line.number, "response.body." + parsed.error}.toString();
                } else if (parsed.finishReason == "length" && !options.acceptTruncated) {
                    r.error = "finish_reason \"length\": the answer was cut at max_tokens = " +
                              std::to_string(request.params.maxTokens);
                } else {
                    r.ok = true;
                    r.content = parsed.content;
                    r.finishReason = parsed.finishReason;
                    r.usage = parsed.usage;
                    if (!parsed.model.empty())
                        r.model = parsed.model;
                    const std::string priced = prices.find(r.model) ? r.model : request.params.model;
                    r.costUsd = prices.cost(priced, r.usage) * options.priceFactor;
                }
            }
        }
        if (r.ok) {
            if (cache)
                cache->store(requestCacheKey(request), request, r);
            ++report.answered;
        } else {
            ++report.failed;
        }
        sink(r);
    }
    return report;
}

} // namespace crsw
