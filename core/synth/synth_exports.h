#pragma once

#include "synth/prompt_template.h"
#include "synth/synth_record.h"

#include <string>
#include <vector>

namespace crsw {

/// Exports of a synthetic dataset for training and inspection. Each file is
/// written atomically.
namespace synthexports {

/// The records of OUT.jsonl that an export writes: every good record (file
/// order) less those deleted in OUT's edits sidecar (SynthRecordEdits).
/// Throws crsw::Error when OUT or the sidecar cannot be read.
std::vector<SynthRecord> exportedRecords(const std::string &outPath);

/// The numbered list a model is trained to answer: "1. Title\n2. Title\n...".
std::string numberedTitles(const SynthRecord &record);

/// Chat JSONL for SFT (METHOD.md §5), one line per record:
/// {"messages": [{"role": "user", "content": x}, {"role": "assistant", "content": y}]}
/// with x = prompt 2 as sent (or, for offline records, `recommend` rendered
/// with the query's conversation) and y = numberedTitles(). TRL,
/// LLaMA-Factory and axolotl read it as is.
void writeChatJsonl(const std::vector<SynthRecord> &records, const PromptTemplate &recommend,
                    const std::string &path);

/// He et al.'s test.jsonl shape (core/data/benchmark/he_test_set.h), one turn
/// per record: context [query], input "\nUser: <query>\nSystem: ", rec and
/// entity = the ground truth's entity ids, entity_name their titles,
/// dialog_id = the record key. The entity ids are numbered by first
/// appearance and written to `entity2idPath` with URIs whose last path
/// segment is the title with spaces as '_' (so He et al.'s name rule gives
/// the title back, less any "(...)"). Titles are the teacher's.
void writeHeJsonl(const std::vector<SynthRecord> &records, const std::string &testPath,
                  const std::string &entity2idPath);

/// CSV, one row per record: key, step, row, item_asin, item_title, query,
/// ground_truth (titles joined by " | "), matched (titles with a catalog
/// match), synthesizer.
void writeCsv(const std::vector<SynthRecord> &records, const std::string &path);

} // namespace synthexports

} // namespace crsw
