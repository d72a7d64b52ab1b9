#pragma once

#include "common/load_report.h"
#include "data/amazon/corpus_stats.h"
#include "data/amazon/seed_corpus.h"
#include "data/amazon/seed_corpus_loader.h"

#include <QString>

#include <vector>

namespace crsw {

/// A seed corpus as the Data page's load job returns it: the corpus, its
/// statistics, the malformed-line report and what each file's pass did.
/// Read-only once loaded, so it is shared with search jobs on other threads.
struct LoadedCorpus {
    QString reviewsPath;
    QString metadataPath;
    SeedCorpus corpus;
    CorpusStats stats;
    LoadReport report;
    std::vector<SeedCorpusLoader::FileResult> files;
    SeedCorpusBuilder::Counts counts;
    bool complete = true;
    QString incompleteReason;
    qint64 milliseconds = 0;
};

} // namespace crsw
