#pragma once

#include "model/chat_format.h"

#include <string>
#include <vector>

namespace crsw {

/// Reads chat JSONL, one conversation a line: {"messages": [{"role": ...,
/// "content": ...}, ...]} as `crsw synth --export-chat`, TRL and
/// LLaMA-Factory write it. Blank lines are skipped; other keys are ignored.
/// Throws crsw::Error naming the file, line and field ("data.jsonl:3:
/// messages[1].role: expected system, user or assistant").
std::vector<std::vector<ChatMessage>> readChatJsonl(const std::string &path);

} // namespace crsw
