#pragma once

#include "common/load_report.h"
#include "common/progress.h"
#include "data/benchmark/inspired_dialogue.h"
#include "data/benchmark/movie_mention_count.h"

#include <string>
#include <vector>

namespace crsw {

/// A raw INSPIRED TSV file ({train,dev,test}.tsv of sweetpeach/Inspired).
struct InspiredFile {
    std::string path;
    std::vector<std::string> columns;          ///< the header row
    std::vector<InspiredDialogue> dialogues;   ///< grouped by dialog_id, in order of first appearance
    LoadReport problems;                       ///< every malformed row (file:line: column: reason)

    /// Number of utterances over all dialogues.
    std::size_t utteranceCount() const;
};

/// Reads an INSPIRED TSV (plain or gzip): a header row, then one utterance a
/// row, fields split at tabs (the files use no quoting). Columns are found by
/// header name; dialog_id, utt_id, speaker, turn_id, text and movies are
/// required and a missing one throws crsw::Error ("dev.tsv:1: movies: missing
/// required column"), as do an empty file, a missing file or a directory.
/// Absent optional columns read as empty.
///
/// A row with the wrong number of fields, invalid UTF-8, an empty dialog_id,
/// a non-integer utt_id/turn_id or a speaker other than SEEKER/RECOMMENDER is
/// reported and left out. A malformed *_dict cell is reported but its row is
/// kept with that dict empty: the dicts are per-dialogue annotations repeated
/// on every row, and dropping the rows would cut the dialogue (the real dev.tsv
/// has one such dialogue, "{'Murder Mystery (2019)': 0, 'Office Space (1999): 1}").
InspiredFile readInspiredTsv(const std::string &path, Progress &progress);

/// Counts mentions per movie title from the `movies` column (one per listing),
/// sorted by sortByMentions.
std::vector<MovieMentionCount> countInspiredMentions(const std::vector<InspiredDialogue> &dialogues);

} // namespace crsw
