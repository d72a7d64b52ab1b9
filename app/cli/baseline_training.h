#pragma once

#include "common/progress.h"
#include "eval/nbcrs_training_set.h"

#include <string>

namespace crsw {
class SeedCorpus;
}

namespace crsw::cli {

/// True when the first non-blank line of `path` is a `crsw synth` record
/// ({"format": "crsw-synth", ...}); false for anything else (He-format
/// conversations). Throws crsw::Error when the file cannot be opened.
bool isSynthRecordFile(const std::string &path);

/// The training set the baselines learn from a synthetic dataset (OUT.jsonl
/// of `crsw synth`, less the records deleted in its edits sidecar): one
/// conversation per record, context = the query, items = its ground-truth
/// titles in rank order. An item is its catalog parent_asin where the title
/// matched one, else its title (case and spacing folded); it is named by the
/// catalog's title when `catalog` is given and holds the asin, else by its
/// first spelling in the file. Throws crsw::Error naming the file, line and
/// field for malformed lines (a cut-short last line is only reported on
/// stderr) and for a record without ground-truth titles.
NbcrsTrainingSet readSynthTrainingSet(const std::string &path, const SeedCorpus *catalog, Progress &progress);

} // namespace crsw::cli
