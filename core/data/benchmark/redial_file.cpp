#include "data/benchmark/redial_file.h"

#include "common/line_reader.h"
#include "data/benchmark/json_fields.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace crsw {

namespace {

using jsonfields::FieldProblem;
using jsonfields::Json;

int answer(const Json &object, const char *key, const std::string &field, int maxValue)
{
    const std::string path = field + "." + key;
    const std::int64_t value = jsonfields::toInt(*jsonfields::member(object, key, path, true), path);
    if (value < 0 || value > maxValue)
        throw FieldProblem{path, "expected 0.." + std::to_string(maxValue) + ", got " + std::to_string(value)};
    return static_cast<int>(value);
}

std::map<std::string, RedialMovieAnswers> parseQuestions(const Json &record, const char *key)
{
    std::map<std::string, RedialMovieAnswers> questions;
    const Json *value = jsonfields::member(record, key, key, false);
    if (!value)
        return questions;
    jsonfields::requireObject(*value, key, true);
    if (!value->is_object())
        return questions; // the [] spelling of an empty dict
    for (const auto &[movieId, answers] : value->items()) {
        const std::string field = std::string(key) + "." + movieId;
        jsonfields::requireObject(answers, field);
        questions[movieId] = {answer(answers, "suggested", field, 1), answer(answers, "seen", field, 2),
                              answer(answers, "liked", field, 2)};
    }
    return questions;
}

RedialConversation parseConversation(std::string_view text)
{
    using namespace jsonfields;
    const Json record = parseObjectLine(text);
    RedialConversation c;
    c.conversationId = toString(*member(record, "conversationId", "conversationId", true), "conversationId");

    const Json &mentions = *member(record, "movieMentions", "movieMentions", true);
    requireObject(mentions, "movieMentions", true);
    if (mentions.is_object())
        for (const auto &[id, title] : mentions.items())
            c.movieMentions.push_back({id, toString(title, "movieMentions." + id)});

    const Json &messages = *member(record, "messages", "messages", true);
    if (!messages.is_array())
        throw FieldProblem{"messages", "expected an array, got " + typeName(messages)};
    c.messages.reserve(messages.size());
    for (std::size_t i = 0; i < messages.size(); ++i) {
        const std::string field = "messages[" + std::to_string(i) + "]";
        const Json &m = messages[i];
        requireObject(m, field);
        RedialMessage message;
        message.timeOffset = toInt(*member(m, "timeOffset", field + ".timeOffset", true), field + ".timeOffset");
        message.text = toString(*member(m, "text", field + ".text", true), field + ".text");
        message.senderWorkerId = toInt(*member(m, "senderWorkerId", field + ".senderWorkerId", true), field + ".senderWorkerId");
        message.messageId = toInt(*member(m, "messageId", field + ".messageId", true), field + ".messageId");
        c.messages.push_back(std::move(message));
    }

    c.initiatorWorkerId = toInt(*member(record, "initiatorWorkerId", "initiatorWorkerId", true), "initiatorWorkerId");
    c.respondentWorkerId = toInt(*member(record, "respondentWorkerId", "respondentWorkerId", true), "respondentWorkerId");
    c.respondentQuestions = parseQuestions(record, "respondentQuestions");
    c.initiatorQuestions = parseQuestions(record, "initiatorQuestions");
    return c;
}

} // namespace

RedialFile readRedialFile(const std::string &path, Progress &progress)
{
    RedialFile file;
    file.path = path;
    LineReader reader(path);
    const std::string reading = "reading " + path; // built once, not per line
    LineReader::Line line;
    while (reader.next(line)) {
        progress.throwIfCancelled();
        progress.report(reader.fraction(), reading);
        if (line.tooLong) {
            file.problems.add({path, line.number, {}, "line too long: skipped"});
            continue;
        }
        if (line.text.find_first_not_of(" \t\r") == std::string_view::npos) {
            file.problems.add({path, line.number, {}, "empty line"});
            continue;
        }
        try {
            RedialConversation conversation = parseConversation(line.text);
            conversation.line = line.number;
            file.conversations.push_back(std::move(conversation));
        } catch (const FieldProblem &p) {
            file.problems.add({path, line.number, p.field, p.reason});
        }
    }
    progress.reportNow(1.0, "read " + std::to_string(file.conversations.size()) + " conversations from " + path);
    return file;
}

std::vector<MovieMentionCount> countRedialMentions(const std::vector<RedialConversation> &conversations)
{
    std::vector<MovieMentionCount> counts;
    std::unordered_map<std::string, std::size_t> index;
    for (const RedialConversation &c : conversations) {
        std::unordered_set<std::string> inThisConversation;
        for (const RedialMessage &message : c.messages) {
            const RedialRole role = c.roleOf(message);
            for (const std::string &id : RedialConversation::mentionedMovieIds(message.text)) {
                auto [it, isNew] = index.emplace(id, counts.size());
                if (isNew)
                    counts.push_back({id, c.title(id)});
                MovieMentionCount &count = counts[it->second];
                // A movie first met through a mention its conversation does not title gets the next title seen.
                if (count.title.empty())
                    count.title = c.title(id);
                ++count.mentions;
                count.bySeeker += role == RedialRole::Seeker;
                count.byRecommender += role == RedialRole::Recommender;
                if (inThisConversation.insert(id).second)
                    ++count.dialogues;
            }
        }
    }
    sortByMentions(counts);
    return counts;
}

} // namespace crsw
