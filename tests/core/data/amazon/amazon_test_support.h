#pragma once
// Helpers shared by the Amazon seed corpus tests: review lines and
// collecting a reader's output (gzip and file helpers: test_files.h).

#include "data/amazon/amazon_reader.h"
#include "test_files.h"

#include <QString>

#include <string>
#include <vector>

namespace crsw::test {

/// A valid review line in the METHOD.md §1 format.
inline std::string reviewLine(int i, const std::string &text = "")
{
    return "{\"rating\": " + std::to_string(1 + i % 5) + ".0, \"title\": \"Title " + std::to_string(i)
           + "\", \"text\": \"" + (text.empty() ? "Review number " + std::to_string(i) : text)
           + "\", \"images\": [], \"asin\": \"B" + std::to_string(100000 + i % 97)
           + "\", \"parent_asin\": \"B" + std::to_string(100000 + i % 97) + "\", \"user_id\": \"U"
           + std::to_string(i % 1013) + "\", \"timestamp\": " + std::to_string(1500000000000LL + i)
           + ", \"helpful_vote\": " + std::to_string(i % 7) + ", \"verified_purchase\": "
           + (i % 2 ? "true" : "false") + "}";
}

/// What one reader pass produced.
struct ReviewPass {
    std::vector<AmazonReview> reviews;
    std::vector<std::int64_t> lines;
    std::vector<std::string> problems; // InputProblem::toString()
    AmazonReader::Result result;
};

inline ReviewPass readReviewFile(const QString &path, AmazonReader::Options options = {})
{
    ReviewPass pass;
    LoadReport report;
    Progress progress;
    pass.result = AmazonReader::readReviews(
        path.toStdString(),
        [&](const AmazonReview &r, std::int64_t line) {
            pass.reviews.push_back(r);
            pass.lines.push_back(line);
        },
        report, progress, options);
    for (const auto &p : report.problems())
        pass.problems.push_back(p.toString());
    return pass;
}

} // namespace crsw::test
