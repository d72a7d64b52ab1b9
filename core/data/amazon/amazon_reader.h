#pragma once

#include "common/load_report.h"
#include "common/progress.h"
#include "data/amazon/amazon_item.h"
#include "data/amazon/amazon_review.h"

#include <cstdint>
#include <functional>
#include <string>

namespace crsw {

/// Streaming readers for Amazon Reviews'23 review and item metadata files
/// (`.jsonl`, or gzip-compressed, detected by content), in constant memory.
///
/// Every line is parsed in place (AmazonLineParser) and each valid record is
/// handed to the callback in file order; the record object is reused, so copy
/// what you keep. Every malformed line (invalid JSON or UTF-8, not an object,
/// a missing or mistyped field, an empty or over-long line) becomes one
/// InputProblem (file, 1-based line, field, reason) in the LoadReport and the
/// load goes on. A read error or a truncated/damaged gzip stream ends the load:
/// the records delivered so far stay delivered, the error is added to the
/// report (field empty) and the result says the load is incomplete and why.
/// A file that cannot be opened at all (missing, a directory) throws
/// crsw::Error before anything is read. Cancelling through Progress throws
/// crsw::Cancelled. Progress is reported as the fraction of the file's bytes read.
class AmazonReader {
public:
    struct Options {
        std::size_t maxLineBytes = std::size_t(64) << 20; ///< longer lines are reported, not parsed
        std::size_t chunkBytes = std::size_t(4) << 20;    ///< read granularity (LineReader)
        /// 1: read, inflate and parse on the calling thread; 2: read and inflate
        /// on a second thread while the calling thread parses (records still
        /// arrive in file order, on the calling thread); 0: 2 when the machine
        /// has two cores or more.
        int threads = 0;
    };

    /// What one pass over a file did.
    struct Result {
        std::int64_t lines = 0;      ///< lines seen, malformed ones included
        std::int64_t records = 0;    ///< valid records handed to the callback
        std::int64_t malformed = 0;  ///< lines added to the LoadReport
        std::uint64_t bytes = 0;     ///< bytes of the file read (compressed bytes for gzip)
        bool complete = true;        ///< false: a read error ended the pass early
        std::string stopReason;      ///< the error that ended it ("file:line: reason")
    };

    using ReviewCallback = std::function<void(const AmazonReview &review, std::int64_t line)>;
    using ItemCallback = std::function<void(const AmazonItem &item, std::int64_t line)>;

    /// Streams the reviews of `path` to `onReview`.
    static Result readReviews(const std::string &path, const ReviewCallback &onReview, LoadReport &report,
                              Progress &progress, const Options &options);
    static Result readReviews(const std::string &path, const ReviewCallback &onReview, LoadReport &report,
                              Progress &progress);

    /// Streams the item metadata of `path` to `onItem`.
    static Result readItems(const std::string &path, const ItemCallback &onItem, LoadReport &report,
                            Progress &progress, const Options &options);
    static Result readItems(const std::string &path, const ItemCallback &onItem, LoadReport &report,
                            Progress &progress);
};

} // namespace crsw
