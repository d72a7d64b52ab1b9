#pragma once
// The Chat Completions wire format: request bodies and defensive parsing of
// answers from OpenAI, vLLM, Ollama (/v1) and llama.cpp-server.

#include "teacher/chat_types.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>

namespace crsw {

/// The POST body of /chat/completions: model, messages, temperature,
/// max_tokens and (where set) seed.
std::string chatRequestBody(const ChatRequest &request);
/// The same body as JSON (the Batch API input embeds it).
nlohmann::json chatRequestJson(const ChatRequest &request);

/// An answer as parsed from a 2xx body. ok is false with `error` naming the
/// field ("choices[0].message.content: expected a string, got number") when
/// the body is not a usable chat completion. finish_reason is reported as
/// sent; whether "length" is acceptable is the caller's policy.
struct ParsedChatResponse {
    bool ok = false;
    std::string content;
    std::string finishReason;
    std::string model;        ///< empty when the endpoint did not say
    ChatUsage usage;          ///< zero where the endpoint did not say
    bool hasUsage = false;
    std::string error;
};

/// Parses a response body. Missing usage, model or finish_reason and extra
/// fields are tolerated; content given as a list of text parts is joined.
ParsedChatResponse parseChatResponse(std::string_view body);
ParsedChatResponse parseChatResponseJson(const nlohmann::json &body);

/// The message of an error body ({"error":{"message":..}}, {"error":".."},
/// {"detail":..}, {"message":..}), else the body's start; for error texts.
std::string errorMessageFromBody(std::string_view body);

} // namespace crsw
