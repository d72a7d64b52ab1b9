#pragma once

#include "common/progress.h"
#include "synth/synth_record.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <cstddef>
#include <memory>
#include <vector>

namespace crsw {

/// What the dialogue browser searches, filters and sums over a synthetic
/// dataset, built once on the loading worker: with 100,000 records, folding
/// every query and title for the search is seconds of work, and the GUI
/// thread must only swap the finished index in.
struct DialogueIndex {
    Q_DECLARE_TR_FUNCTIONS(crsw::DialogueIndex)
public:
    std::vector<QString> searchText; ///< per record: query, item title and ground-truth titles, case-folded
    std::vector<int> unmatched;      ///< per record: ground-truth titles that match no catalog item
    QStringList strategies;          ///< the records' selection strategies, distinct and sorted
    std::size_t titles = 0;          ///< ground-truth titles of all records
    std::size_t unmatchedTitles = 0; ///< of which match no catalog item

    /// Indexes `records` (in their order), reporting "Indexing N records…"
    /// and checking for cancellation every few hundred records.
    static DialogueIndex build(const std::vector<SynthRecord> &records, Progress &progress);
    /// The share of titles that match nothing, in percent (0 without titles).
    double hallucinationPercent() const;
    /// Drops these references on a worker thread: when they are the last,
    /// freeing 100,000 records and their index would hold the GUI thread for
    /// about a third of a second.
    static void releaseOnWorker(std::shared_ptr<const std::vector<SynthRecord>> records,
                                std::shared_ptr<const DialogueIndex> index);
};

} // namespace crsw
