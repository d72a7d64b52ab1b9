#include "eval/answers_file.h"

#include "common/atomic_file.h"
#include "common/line_reader.h"
#include "common/python_text.h"

#include <nlohmann/json.hpp>

namespace crsw {

namespace {

using nlohmann::json;

// A problem with one field of a line; caught per line and reported.
struct FieldProblem {
    std::string field;
    std::string reason;
};

std::string typeName(const json &value)
{
    return value.is_null() ? "null" : value.type_name();
}

std::string answerText(const json &resp)
{
    if (resp.is_string())
        return resp.get<std::string>();
    if (!resp.is_object())
        throw FieldProblem{"resp", "expected a chat completion object or a string, got " + typeName(resp)};
    const auto choices = resp.find("choices");
    if (choices == resp.end())
        throw FieldProblem{"resp.choices", "missing"};
    if (!choices->is_array())
        throw FieldProblem{"resp.choices", "expected an array, got " + typeName(*choices)};
    if (choices->empty())
        throw FieldProblem{"resp.choices", "empty: the model returned no answer"};
    const json &first = (*choices)[0];
    if (!first.is_object())
        throw FieldProblem{"resp.choices[0]", "expected an object, got " + typeName(first)};
    if (const auto message = first.find("message"); message != first.end()) {
        if (!message->is_object())
            throw FieldProblem{"resp.choices[0].message", "expected an object, got " + typeName(*message)};
        const auto content = message->find("content");
        if (content == message->end())
            throw FieldProblem{"resp.choices[0].message.content", "missing"};
        if (content->is_null())
            return {}; // a refusal or a tool call: an empty answer, scored as such
        if (!content->is_string())
            throw FieldProblem{"resp.choices[0].message.content", "expected a string, got " + typeName(*content)};
        return content->get<std::string>();
    }
    if (const auto text = first.find("text"); text != first.end()) {
        if (!text->is_string())
            throw FieldProblem{"resp.choices[0].text", "expected a string, got " + typeName(*text)};
        return text->get<std::string>();
    }
    throw FieldProblem{"resp.choices[0]", "has neither message.content nor text"};
}

std::vector<MatchedTitle> recordedMatches(const json &list)
{
    if (!list.is_array())
        throw FieldProblem{"rec_list", "expected an array, got " + typeName(list)};
    std::vector<MatchedTitle> out;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const json &entry = list[i];
        const std::string where = "rec_list[" + std::to_string(i) + "]";
        if (!entry.is_object())
            throw FieldProblem{where, "expected an object, got " + typeName(entry)};
        MatchedTitle match;
        const auto name = entry.find("movie_name");
        const auto distance = entry.find("min_edit_distance");
        const auto nearest = entry.find("nearest_movie");
        if (name == entry.end() || !name->is_string())
            throw FieldProblem{where + ".movie_name", name == entry.end() ? "missing" : "expected a string"};
        if (distance == entry.end() || !distance->is_number_integer())
            throw FieldProblem{where + ".min_edit_distance", distance == entry.end() ? "missing" : "expected an integer"};
        if (nearest == entry.end() || !nearest->is_string())
            throw FieldProblem{where + ".nearest_movie", nearest == entry.end() ? "missing" : "expected a string"};
        match.movieName = name->get<std::string>();
        match.minEditDistance = distance->get<int>();
        match.nearestMovie = nearest->get<std::string>();
        out.push_back(std::move(match));
    }
    return out;
}

Answer parseAnswerLine(std::string_view text, std::int64_t lineNumber)
{
    if (!pytext::isValidUtf8(text))
        throw FieldProblem{{}, "invalid UTF-8"};
    json value;
    try {
        value = json::parse(text.begin(), text.end());
    } catch (const json::parse_error &e) {
        throw FieldProblem{{}, std::string("invalid JSON: ") + e.what()};
    }
    if (!value.is_object())
        throw FieldProblem{{}, "expected a JSON object, got " + typeName(value)};
    Answer answer;
    answer.line = lineNumber;
    if (const auto index = value.find("index"); index != value.end()) {
        if (!index->is_number_integer() || index->get<std::int64_t>() < 0)
            throw FieldProblem{"index", "expected a non-negative integer"};
        answer.index = index->get<std::int64_t>();
    }
    if (const auto resp = value.find("resp"); resp != value.end()) {
        answer.text = answerText(*resp);
        answer.hasText = true;
    } else if (const auto plain = value.find("text"); plain != value.end()) {
        if (!plain->is_string())
            throw FieldProblem{"text", "expected a string, got " + typeName(*plain)};
        answer.text = plain->get<std::string>();
        answer.hasText = true;
    }
    if (const auto list = value.find("rec_list"); list != value.end()) {
        answer.recorded = recordedMatches(*list);
        answer.hasRecordedMatches = true;
    }
    if (!answer.hasText && !answer.hasRecordedMatches)
        throw FieldProblem{{}, "no answer: expected \"resp\" (a chat completion), \"text\" or \"rec_list\""};
    return answer;
}

} // namespace

AnswersFile readAnswersFile(const std::string &path, Progress &progress)
{
    AnswersFile file;
    file.path = path;
    LineReader reader(path);
    LineReader::Line line;
    while (reader.next(line)) {
        progress.throwIfCancelled();
        if (line.tooLong) {
            file.problems.add({path, line.number, {}, "line too long"});
            continue;
        }
        try {
            file.answers.push_back(parseAnswerLine(line.text, line.number));
        } catch (const FieldProblem &problem) {
            file.problems.add({path, line.number, problem.field, problem.reason});
        }
        progress.report(reader.fraction(), "reading answers");
    }
    return file;
}

void writeTextAnswers(const std::string &path, const std::vector<std::string> &texts)
{
    std::string out;
    for (std::size_t i = 0; i < texts.size(); ++i)
        out += json{{"index", i}, {"text", texts[i]}}.dump() + "\n";
    writeFileAtomically(path, out);
}

} // namespace crsw
