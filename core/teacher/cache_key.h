#pragma once

#include "teacher/chat_types.h"

#include <string>

namespace crsw {

/// The canonical JSON of what determines an answer: model, messages and
/// sampling parameters (not the request id), with sorted keys and no spaces:
/// {"max_tokens":..,"messages":[{"content":..,"role":..}],"model":..,"seed":..,"temperature":..}
/// ("seed" only where set). Invalid UTF-8 is replaced by U+FFFD.
std::string canonicalRequestJson(const ChatRequest &request);

/// The response-cache key: SHA-256 (hex) of canonicalRequestJson(). Two
/// requests asking the same thing share an answer; to draw several samples of
/// one prompt, give them different seeds.
std::string requestCacheKey(const ChatRequest &request);

} // namespace crsw
