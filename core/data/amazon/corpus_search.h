#pragma once

#include "common/progress.h"
#include "data/amazon/seed_corpus.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace crsw {

/// Case-insensitive substring search over a SeedCorpus, for the GUI's
/// million-row tables (see CaseInsensitiveFinder for the matching rules).
/// Runs on `threads` threads (0: all cores), returns indices in ascending
/// order, checks for cancellation between blocks of rows (throws
/// crsw::Cancelled) and reports progress by rows searched.
class CorpusSearch {
public:
    /// Reviews whose title, text, asin, item parent_asin or user id contains
    /// `query`. The empty query matches every review.
    static std::vector<std::uint32_t> reviews(const SeedCorpus &corpus, std::string_view query, Progress &progress,
                                              int threads = 0);

    /// Items whose title, subtitle, parent_asin, store, author, main category
    /// or one of whose categories contains `query`.
    static std::vector<std::uint32_t> items(const SeedCorpus &corpus, std::string_view query, Progress &progress,
                                            int threads = 0);
};

} // namespace crsw
