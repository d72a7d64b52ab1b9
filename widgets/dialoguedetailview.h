#pragma once

#include "synth/synth_record.h"
#include "synth/synth_record_edits.h"

#include <QTextBrowser>

namespace crsw {

class SeedCorpus;

/// One synthetic dialogue in full: the query and its ground-truth titles
/// with each title's catalog match (✓ matched, ✗ hallucinated), beside what
/// it came from: the seed reviews (text, rating, user), the item's metadata,
/// the query templates and the raw teacher exchanges (prompts, answers,
/// tokens, cost) with the record's provenance.
class DialogueDetailView : public QTextBrowser {
    Q_OBJECT
public:
    /// An empty view.
    explicit DialogueDetailView(QWidget *parent = nullptr);

    /// Shows `record`; `corpus` (may be null) gives the reviews and metadata.
    void showRecord(const SynthRecord &record, const SynthRecordEdits &edits, const SeedCorpus *corpus);
    /// Shows a hint instead of a record.
    void clearRecord(const QString &hint);
    /// The key of the record shown ("" when none).
    const QString &shownKey() const { return m_key; }

private:
    QString m_key;
};

} // namespace crsw
