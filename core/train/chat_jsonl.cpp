#include "train/chat_jsonl.h"

#include "common/error.h"
#include "common/line_reader.h"

#include <nlohmann/json.hpp>

namespace crsw {

std::vector<std::vector<ChatMessage>> readChatJsonl(const std::string &path)
{
    std::vector<std::vector<ChatMessage>> conversations;
    LineReader reader(path);
    LineReader::Line line;
    while (reader.next(line)) {
        if (line.tooLong)
            throw Error({path, line.number, {}}, "line too long");
        if (line.text.find_first_not_of(" \t\r") == std::string_view::npos)
            continue;
        nlohmann::json j;
        try {
            j = nlohmann::json::parse(line.text);
        } catch (const nlohmann::json::exception &e) {
            throw Error({path, line.number, {}}, std::string("not valid JSON: ") + e.what());
        }
        const auto messages = j.is_object() ? j.find("messages") : j.end();
        if (!j.is_object() || messages == j.end() || !messages->is_array() || messages->empty())
            throw Error({path, line.number, "messages"}, "expected a non-empty list of messages");
        std::vector<ChatMessage> conversation;
        for (std::size_t i = 0; i < messages->size(); ++i) {
            const nlohmann::json &m = (*messages)[i];
            const std::string field = "messages[" + std::to_string(i) + "]";
            if (!m.is_object() || !m.contains("role") || !m["role"].is_string() || !m.contains("content")
                || !m["content"].is_string())
                throw Error({path, line.number, field}, "expected {\"role\": string, \"content\": string}");
            ChatMessage message{m["role"].get<std::string>(), m["content"].get<std::string>()};
            if (message.role != "system" && message.role != "user" && message.role != "assistant")
                throw Error({path, line.number, field + ".role"}, "expected system, user or assistant, got '"
                                                                      + message.role + "'");
            conversation.push_back(std::move(message));
        }
        conversations.push_back(std::move(conversation));
    }
    return conversations;
}

} // namespace crsw
