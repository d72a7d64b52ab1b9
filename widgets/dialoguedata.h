#pragma once

#include "common/progress.h"
#include "data/amazon/seed_corpus.h"
#include "dialogueindex.h"
#include "pipeline/workspace.h"
#include "synth/synth_record.h"
#include "synth/synth_record_edits.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <vector>

namespace crsw {

/// A synthetic dataset as the dialogue browser shows it, loaded on a worker:
/// OUT.jsonl's records and their search index, its edits sidecar and
/// malformed lines, and the workspace's seed corpus for the seed reviews and
/// item metadata.
struct DialogueData {
    Q_DECLARE_TR_FUNCTIONS(crsw::DialogueData)
public:
    QString path;                                 ///< OUT.jsonl
    std::shared_ptr<const std::vector<SynthRecord>> records;
    std::shared_ptr<const DialogueIndex> index;   ///< of `records`, row for row
    SynthRecordEdits edits;
    QStringList problems;                         ///< "file:line: field: reason", at most 20
    std::size_t problemCount = 0;
    std::shared_ptr<const SeedCorpus> corpus;     ///< null when it could not be read
    QString corpusError;                          ///< why there is no corpus
    QString editsError;                           ///< a malformed sidecar (edits then start empty)

    /// Reads `path` and its sidecar and indexes the records; reuses `corpus`
    /// when given, else loads the workspace's seed corpus (as the synth stage
    /// does, so rows match). Reports each stage ("Indexing N records…") and
    /// stops with crsw::Cancelled when cancelled. Throws crsw::Error only when
    /// OUT exists and cannot be read.
    /// `stillWanted`, when given, is asked once the corpus is read: false
    /// (the load was superseded) returns the corpus alone, with no records.
    static DialogueData load(const Workspace &workspace, const QString &path,
                             std::shared_ptr<const SeedCorpus> corpus, Progress &progress,
                             const std::function<bool()> &stillWanted = {});
};

} // namespace crsw
