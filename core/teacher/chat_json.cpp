#include "teacher/chat_json.h"

#include <nlohmann/json.hpp>

namespace crsw {

using nlohmann::json;

namespace {

std::string typeName(const json &j)
{
    return j.type_name(); // "null", "number", "object", ...
}

ParsedChatResponse fail(std::string error)
{
    ParsedChatResponse r;
    r.error = std::move(error);
    return r;
}

std::int64_t tokenCount(const json &usage, const char *name)
{
    const auto it = usage.find(name);
    if (it == usage.end() || !it->is_number())
        return 0;
    return it->is_number_integer() ? it->get<std::int64_t>() : static_cast<std::int64_t>(it->get<double>());
}

std::string shortened(std::string_view text, std::size_t limit = 200)
{
    std::string s(text.substr(0, limit));
    if (text.size() > limit)
        s += "...";
    return s;
}

} // namespace

json chatRequestJson(const ChatRequest &request)
{
    json messages = json::array();
    for (const ChatMessage &m : request.messages)
        messages.push_back({{"role", m.role}, {"content", m.content}});
    json body = {{"model", request.params.model},
                 {"messages", std::move(messages)},
                 {"temperature", request.params.temperature},
                 {"max_tokens", request.params.maxTokens}};
    if (request.params.seed)
        body["seed"] = *request.params.seed;
    return body;
}

std::string chatRequestBody(const ChatRequest &request)
{
    return chatRequestJson(request).dump(-1, ' ', false, json::error_handler_t::replace);
}

ParsedChatResponse parseChatResponse(std::string_view body)
{
    json j;
    try {
        j = json::parse(body.begin(), body.end());
    } catch (const json::parse_error &e) {
        // A body cut short by the connection reads as "unexpected end of input".
        return fail("response body is not valid JSON (" + std::to_string(body.size()) + " bytes): " + e.what());
    }
    return parseChatResponseJson(j);
}

ParsedChatResponse parseChatResponseJson(const json &j)
{
    if (!j.is_object())
        return fail("response body: expected a JSON object, got " + typeName(j));
    if (const auto err = j.find("error"); err != j.end() && !err->is_null())
        return fail("error: " + errorMessageFromBody(j.dump()));
    const auto choices = j.find("choices");
    if (choices == j.end())
        return fail("choices: missing");
    if (!choices->is_array())
        return fail("choices: expected an array, got " + typeName(*choices));
    if (choices->empty())
        return fail("choices: empty (the endpoint returned no answer)");
    const json &choice = (*choices)[0];
    if (!choice.is_object())
        return fail("choices[0]: expected an object, got " + typeName(choice));
    const auto message = choice.find("message");
    if (message == choice.end())
        return fail("choices[0].message: missing");
    if (!message->is_object())
        return fail("choices[0].message: expected an object, got " + typeName(*message));

    ParsedChatResponse r;
    if (const auto fr = choice.find("finish_reason"); fr != choice.end() && fr->is_string())
        r.finishReason = fr->get<std::string>();

    const auto content = message->find("content");
    if (content == message->end())
        return fail("choices[0].message.content: missing");
    if (content->is_string()) {
        r.content = content->get<std::string>();
    } else if (content->is_array()) {
        // Some servers send [{"type":"text","text":"..."}, ...].
        for (std::size_t i = 0; i < content->size(); ++i) {
            const json &part = (*content)[i];
            const auto text = part.is_object() ? part.find("text") : part.end();
            if (!part.is_object() || text == part.end() || !text->is_string())
                return fail("choices[0].message.content[" + std::to_string(i) + "].text: expected a string");
            r.content += text->get<std::string>();
        }
    } else {
        return fail("choices[0].message.content: expected a string, got " + typeName(*content) +
                    (r.finishReason.empty() ? std::string() : " (finish_reason \"" + r.finishReason + "\")"));
    }

    if (const auto model = j.find("model"); model != j.end() && model->is_string())
        r.model = model->get<std::string>();
    if (const auto usage = j.find("usage"); usage != j.end() && usage->is_object()) {
        r.hasUsage = true;
        r.usage.promptTokens = tokenCount(*usage, "prompt_tokens");
        r.usage.completionTokens = tokenCount(*usage, "completion_tokens");
    }
    r.ok = true;
    return r;
}

std::string errorMessageFromBody(std::string_view body)
{
    const json j = json::parse(body.begin(), body.end(), nullptr, false);
    if (j.is_object()) {
        for (const char *name : {"error", "detail", "message"}) {
            const auto it = j.find(name);
            if (it == j.end())
                continue;
            if (it->is_string())
                return it->get<std::string>();
            if (it->is_object()) {
                const auto msg = it->find("message");
                if (msg != it->end() && msg->is_string())
                    return msg->get<std::string>();
            }
            return shortened(it->dump());
        }
    }
    return shortened(body);
}

} // namespace crsw
