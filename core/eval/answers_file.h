#pragma once

#include "common/load_report.h"
#include "common/progress.h"
#include "eval/he_protocol.h"

#include <cstdint>
#include <string>
#include <vector>

namespace crsw {

/// One line of an answers file: a recommender's answer to one test turn.
struct Answer {
    std::int64_t line = 0;              ///< 1-based line in the file
    std::int64_t index = -1;            ///< the line's "index" field, -1 when absent
    bool hasText = false;
    std::string text;                   ///< the answer text
    bool hasRecordedMatches = false;
    std::vector<MatchedTitle> recorded; ///< the line's own "rec_list", when present
};

/// A whole answers file (ANSWERS.jsonl).
struct AnswersFile {
    std::string path;
    std::vector<Answer> answers; ///< the well-formed lines, in file order
    LoadReport problems;         ///< every malformed line
};

/// Reads an answers file: one JSON object a line holding the answer as an
/// OpenAI-style chat completion under "resp" (text = choices[0].message.content,
/// or choices[0].text for a completion), a plain string under "resp" or
/// "text", and optionally He et al.'s recorded matches under "rec_list"
/// (objects with movie_name, min_edit_distance, nearest_movie) and an integer
/// "index" (the test turn it answers). Malformed lines go to `problems`.
/// Throws crsw::Error for a missing or unreadable file.
AnswersFile readAnswersFile(const std::string &path, Progress &progress);

/// Writes plain-text answers ({"index": i, "text": ...} per line), atomically.
void writeTextAnswers(const std::string &path, const std::vector<std::string> &texts);

} // namespace crsw
