#pragma once

#include "common/load_report.h"
#include "common/progress.h"
#include "data/amazon/amazon_reader.h"
#include "data/amazon/seed_corpus.h"
#include "data/amazon/seed_corpus_builder.h"

#include <string>
#include <vector>

namespace crsw {

/// Loads a SeedCorpus from Amazon Reviews'23 files: every metadata file, then
/// every reviews file, streamed through AmazonReader into a SeedCorpusBuilder.
class SeedCorpusLoader {
public:
    struct Sources {
        std::vector<std::string> metadataFiles; ///< item metadata (.jsonl or .jsonl.gz)
        std::vector<std::string> reviewFiles;   ///< reviews (.jsonl or .jsonl.gz); at most 65,535
    };

    /// One file's pass.
    struct FileResult {
        std::string path;
        bool metadata = false;
        AmazonReader::Result read;
    };

    struct Result {
        SeedCorpus corpus;
        SeedCorpusBuilder::Counts counts;  ///< what the filters removed (valid records only)
        std::vector<FileResult> files;     ///< in load order
        std::int64_t malformedLines = 0;   ///< lines reported as malformed, all files
        bool complete = true;              ///< false: a read error cut at least one file short
        std::string incompleteReason;      ///< the first such error
    };

    /// Loads the corpus. Malformed lines go to `report` and never stop the
    /// load; a file cut short by a read error (truncated gzip, I/O error) is
    /// reported there too, the load goes on with the next file, and the result
    /// is marked incomplete. Every file is opened first, so a missing file or a
    /// directory throws crsw::Error before anything is read. Progress runs over
    /// all files by their size; cancelling throws crsw::Cancelled.
    static Result load(const Sources &sources, const SeedCorpusBuilder::Options &options, LoadReport &report,
                       Progress &progress, const AmazonReader::Options &readerOptions = AmazonReader::Options());
};

} // namespace crsw
