#pragma once

#include "common/load_report.h"
#include "common/progress.h"

#include <cstdint>
#include <string>
#include <vector>

namespace crsw {

/// One recommendation turn of a He et al. 2023 test file (test.jsonl), see METHOD.md §6.
struct HeTestTurn {
    std::vector<std::string> context;       ///< the turns so far
    std::string resp;                       ///< the reference system response
    std::vector<std::int64_t> rec;          ///< ground-truth entity ids
    std::vector<std::int64_t> entity;       ///< entities mentioned in resp
    std::vector<std::int64_t> prevEntity;   ///< entities mentioned before this turn
    std::string dialogId;
    std::string turnId;                     ///< as text; see turnIdIsNumber
    bool turnIdIsNumber = false;            ///< ReDial writes turn_id as a JSON integer, INSPIRED as a string
    int isUser = 0;
    std::vector<std::string> entityName;
    std::string input;                      ///< "\nUser: ...\nSystem: ...\nSystem: "
    std::int64_t line = 0;                  ///< 1-based line in the file
};

/// Field-by-field equality of the file content (`line`, a position, is not compared).
bool operator==(const HeTestTurn &a, const HeTestTurn &b);
inline bool operator!=(const HeTestTurn &a, const HeTestTurn &b) { return !(a == b); }

/// A whole He et al. test file.
struct HeTestSet {
    std::string path;
    std::vector<HeTestTurn> turns;  ///< the well-formed lines, in file order
    LoadReport problems;            ///< every malformed line (file:line: field: reason)
};

/// Reads test.jsonl. Malformed lines (invalid JSON or UTF-8, missing or
/// mistyped fields) are reported in `problems` and left out of `turns`;
/// a missing file, a directory or unreadable data throws crsw::Error.
/// `context`, `rec`, `prev_entity` and `input` are required; the other fields
/// default to empty when absent but must have the right type when present
/// (`turn_id` a string or an integer). Unknown fields are ignored. Problems
/// read "test.jsonl:12: rec[1]: expected an integer, got a string".
HeTestSet readHeTestSet(const std::string &path, Progress &progress);

/// Writes turns as test.jsonl in the He et al. field order (atomic write),
/// byte for byte as Python's json.dumps writes them (ensure_ascii, ", " and
/// ": " separators, one record a line). Throws crsw::Error naming the turn and
/// field for text that is not UTF-8 or a numeric turn id that is not an integer.
void writeHeTestSet(const std::string &path, const std::vector<HeTestTurn> &turns);

/// One turn as its test.jsonl line (no line terminator), as writeHeTestSet writes it.
std::string heTestTurnToJson(const HeTestTurn &turn);

} // namespace crsw
