#pragma once

#include "common/load_report.h"
#include "common/progress.h"
#include "data/benchmark/movie_mention_count.h"
#include "data/benchmark/redial_conversation.h"

#include <string>
#include <vector>

namespace crsw {

/// A raw ReDial JSONL file ({train,valid,test}_data.jsonl, Li et al. 2018).
struct RedialFile {
    std::string path;
    std::vector<RedialConversation> conversations;  ///< the well-formed lines, in file order
    LoadReport problems;                            ///< every malformed line (file:line: field: reason)
};

/// Reads a raw ReDial file (plain or gzip). Malformed lines (invalid JSON or
/// UTF-8, missing or mistyped fields, answers out of range) are reported in
/// `problems` and left out; a missing file or a directory throws crsw::Error.
/// Required: conversationId (string), messages (array of {timeOffset, text,
/// senderWorkerId, messageId}), movieMentions ({id: title}), initiatorWorkerId,
/// respondentWorkerId. respondentQuestions / initiatorQuestions are optional.
/// An empty object may be written [] (the original files do).
RedialFile readRedialFile(const std::string &path, Progress &progress);

/// Counts "@id" mentions per movie over conversations (keyed by movie id, titled
/// from movieMentions), sorted by sortByMentions.
std::vector<MovieMentionCount> countRedialMentions(const std::vector<RedialConversation> &conversations);

} // namespace crsw
