#pragma once

#include "common/load_report.h"
#include "data/amazon/amazon_item.h"
#include "data/amazon/amazon_review.h"

#include <memory>
#include <string_view>

namespace crsw {

class AmazonLineKernel;

/// Parses and validates one Amazon Reviews'23 JSON line at a time with
/// simdjson On-Demand, in place, reusing its buffers between lines.
///
/// Validation: the line must be well-formed UTF-8 and one JSON object with
/// nothing after it; required fields must be present with the right type
/// (reviews: rating, text, parent_asin, user_id; items: parent_asin, title)
/// and optional fields, when present, must have the right type or be null
/// (read as absent). A rating must lie in [1, 5]; helpful_vote and
/// rating_number must not be negative. Values the record does not keep
/// (unknown fields, image and video objects, the rest of `details` and
/// `author`) are still read through, so malformed JSON anywhere in the line
/// is reported. Python's json module takes a few lines this parser refuses:
/// \u escapes of lone surrogates (no UTF-8 form), numbers beyond the range of
/// a double (Python reads inf) and values nested over 64 levels deep.
///
/// Not thread-safe: use one parser per thread. The fastest compiled variant
/// the CPU supports is chosen at construction (kernelName()).
class AmazonLineParser {
public:
    AmazonLineParser();
    ~AmazonLineParser();
    AmazonLineParser(const AmazonLineParser &) = delete;
    AmazonLineParser &operator=(const AmazonLineParser &) = delete;

    /// Parses a review line into `out`. On a malformed line returns false and
    /// sets problem.field (empty when the whole line is bad) and problem.reason;
    /// problem.file and problem.line are left for the caller. `padded` promises
    /// that LineReader::kPadding readable bytes follow `line` (as LineReader's
    /// views do); otherwise the line is first copied into a padded buffer.
    bool parseReview(std::string_view line, bool padded, AmazonReview &out, InputProblem &problem);

    /// Parses an item metadata line into `out`; as parseReview().
    bool parseItem(std::string_view line, bool padded, AmazonItem &out, InputProblem &problem);

    /// The instruction set the parser runs with ("icelake", "haswell", "fallback", ...).
    const char *kernelName() const;

private:
    std::unique_ptr<AmazonLineKernel> m_kernel;
};

} // namespace crsw
