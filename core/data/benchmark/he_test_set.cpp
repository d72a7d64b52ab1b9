#include "data/benchmark/he_test_set.h"

#include "common/atomic_file.h"
#include "common/error.h"
#include "common/line_reader.h"
#include "data/benchmark/json_fields.h"
#include "data/benchmark/python_json_writer.h"

#include <algorithm>

namespace crsw {

namespace {

using jsonfields::FieldProblem;
using jsonfields::Json;

bool isBlank(std::string_view text)
{
    // JSON's whitespace: a line of only these holds no record.
    return std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

HeTestTurn parseTurn(std::string_view text)
{
    using namespace jsonfields;
    const Json record = parseObjectLine(text);
    HeTestTurn turn;
    turn.context = toStringArray(*member(record, "context", "context", true), "context");
    if (const Json *v = member(record, "resp", "resp", false))
        turn.resp = toString(*v, "resp");
    turn.rec = toIntArray(*member(record, "rec", "rec", true), "rec");
    if (const Json *v = member(record, "entity", "entity", false))
        turn.entity = toIntArray(*v, "entity");
    turn.prevEntity = toIntArray(*member(record, "prev_entity", "prev_entity", true), "prev_entity");
    if (const Json *v = member(record, "dialog_id", "dialog_id", false))
        turn.dialogId = toString(*v, "dialog_id");
    if (const Json *v = member(record, "turn_id", "turn_id", false)) {
        // ReDial's file has integer turn ids, INSPIRED's strings; keep which, to write it back.
        if (v->is_string()) {
            turn.turnId = v->get<std::string>();
        } else if (v->is_number_integer()) {
            turn.turnId = std::to_string(toInt(*v, "turn_id"));
            turn.turnIdIsNumber = true;
        } else {
            throw FieldProblem{"turn_id", "expected a string or an integer, got " + typeName(*v)};
        }
    }
    if (const Json *v = member(record, "is_user", "is_user", false)) {
        const std::int64_t isUser = toInt(*v, "is_user");
        if (isUser != 0 && isUser != 1)
            throw FieldProblem{"is_user", "expected 0 or 1, got " + std::to_string(isUser)};
        turn.isUser = static_cast<int>(isUser);
    }
    if (const Json *v = member(record, "entity_name", "entity_name", false))
        turn.entityName = toStringArray(*v, "entity_name");
    turn.input = toString(*member(record, "input", "input", true), "input");
    return turn;
}

} // namespace

bool operator==(const HeTestTurn &a, const HeTestTurn &b)
{
    return a.context == b.context && a.resp == b.resp && a.rec == b.rec && a.entity == b.entity
        && a.prevEntity == b.prevEntity && a.dialogId == b.dialogId && a.turnId == b.turnId
        && a.turnIdIsNumber == b.turnIdIsNumber && a.isUser == b.isUser && a.entityName == b.entityName
        && a.input == b.input;
}

HeTestSet readHeTestSet(const std::string &path, Progress &progress)
{
    HeTestSet set;
    set.path = path;
    LineReader reader(path);
    const std::string reading = "reading " + path; // built once, not per line
    LineReader::Line line;
    const auto problem = [&](std::string field, std::string reason) {
        set.problems.add({path, line.number, std::move(field), std::move(reason)});
    };
    while (reader.next(line)) {
        progress.throwIfCancelled();
        progress.report(reader.fraction(), reading);
        if (line.tooLong) {
            problem({}, "line too long: skipped");
            continue;
        }
        if (isBlank(line.text)) {
            // Python's json.loads refuses a blank line too; say so rather than "unexpected end".
            problem({}, "empty line");
            continue;
        }
        try {
            HeTestTurn turn = parseTurn(line.text);
            turn.line = line.number;
            set.turns.push_back(std::move(turn));
        } catch (const FieldProblem &p) {
            problem(p.field, p.reason);
        }
    }
    progress.reportNow(1.0, "read " + std::to_string(set.turns.size()) + " turns from " + path);
    return set;
}

std::string heTestTurnToJson(const HeTestTurn &turn)
{
    std::string out;
    out.reserve(turn.input.size() * 2 + 256);
    out += "{\"context\": ";
    pyjson::appendStringArray(out, turn.context, "context");
    out += ", \"resp\": ";
    pyjson::appendString(out, turn.resp, "resp");
    out += ", \"rec\": ";
    pyjson::appendIntArray(out, turn.rec);
    out += ", \"entity\": ";
    pyjson::appendIntArray(out, turn.entity);
    out += ", \"prev_entity\": ";
    pyjson::appendIntArray(out, turn.prevEntity);
    out += ", \"dialog_id\": ";
    pyjson::appendString(out, turn.dialogId, "dialog_id");
    out += ", \"turn_id\": ";
    if (turn.turnIdIsNumber) {
        // Only a canonical integer literal round-trips through Python's int().
        bool canonical = false;
        try {
            std::size_t used = 0;
            canonical = std::to_string(std::stoll(turn.turnId, &used)) == turn.turnId && used == turn.turnId.size();
        } catch (const std::exception &) {
        }
        if (!canonical)
            throw Error({{}, 0, "turn_id"}, "numeric turn id \"" + turn.turnId + "\" is not an integer");
        out += turn.turnId;
    } else {
        pyjson::appendString(out, turn.turnId, "turn_id");
    }
    out += ", \"is_user\": " + std::to_string(turn.isUser);
    out += ", \"entity_name\": ";
    pyjson::appendStringArray(out, turn.entityName, "entity_name");
    out += ", \"input\": ";
    pyjson::appendString(out, turn.input, "input");
    out += '}';
    return out;
}

void writeHeTestSet(const std::string &path, const std::vector<HeTestTurn> &turns)
{
    std::string text;
    for (std::size_t i = 0; i < turns.size(); ++i) {
        try {
            text += heTestTurnToJson(turns[i]);
        } catch (const Error &e) {
            // Point at the line the turn would have taken.
            throw Error({path, static_cast<std::int64_t>(i) + 1, e.where().field}, e.reason());
        }
        text += '\n';
    }
    writeFileAtomically(path, text);
}

} // namespace crsw
