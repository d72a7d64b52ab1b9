#pragma once
// Helpers shared by the Amazon seed corpus tests: files written at run time
// (gzip, damaged, huge) and collecting a reader's output.

#include "data/amazon/amazon_reader.h"

#include <QString>

#include <fstream>
#include <string>
#include <vector>
#include <zlib.h>

namespace crsw::test {

inline std::string gzipBytes(const std::string &plain)
{
    z_stream zs{};
    deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&zs, plain.size()) + 64, '\0');
    zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(plain.data()));
    zs.avail_in = static_cast<uInt>(plain.size());
    zs.next_out = reinterpret_cast<Bytef *>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    return out;
}

inline void writeBytes(const QString &path, const std::string &bytes)
{
    std::ofstream(path.toStdString(), std::ios::binary) << bytes;
}

inline std::string readBytes(const QString &path)
{
    std::ifstream in(path.toStdString(), std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

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
