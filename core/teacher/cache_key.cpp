#include "teacher/cache_key.h"

#include <QByteArray>
#include <QCryptographicHash>

#include <nlohmann/json.hpp>

namespace crsw {

std::string canonicalRequestJson(const ChatRequest &request)
{
    // nlohmann::json objects are std::maps: keys come out sorted, which makes
    // the text canonical; doubles print as the shortest round-trip form.
    nlohmann::json messages = nlohmann::json::array();
    for (const ChatMessage &m : request.messages)
        messages.push_back({{"role", m.role}, {"content", m.content}});
    nlohmann::json j = {{"model", request.params.model},
                        {"messages", std::move(messages)},
                        {"temperature", request.params.temperature},
                        {"max_tokens", request.params.maxTokens}};
    if (request.params.seed)
        j["seed"] = *request.params.seed;
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string requestCacheKey(const ChatRequest &request)
{
    const std::string canonical = canonicalRequestJson(request);
    const QByteArray digest = QCryptographicHash::hash(
        QByteArray::fromRawData(canonical.data(), static_cast<qsizetype>(canonical.size())),
        QCryptographicHash::Sha256);
    return digest.toHex().toStdString();
}

} // namespace crsw
