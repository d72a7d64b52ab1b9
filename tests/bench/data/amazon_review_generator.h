#pragma once

#include "data/amazon/amazon_item.h"
#include "data/amazon/amazon_review.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace crsw::bench {

/// Seeded generator of realistic Amazon Reviews'23 records (METHOD.md §1):
/// skewed ratings, log-normal text lengths with a long tail (median ~180
/// characters, some several thousand), 28-character user ids, 10-character
/// asins with variants, Zipf-like item popularity, occasional images, HTML
/// line breaks, quotes and non-ASCII text (raw UTF-8 in most lines, \u escapes
/// in some, as json.dumps writes them). Same seed, same records, any platform.
class AmazonReviewGenerator {
public:
    explicit AmazonReviewGenerator(std::uint64_t seed, std::size_t items = 50000, std::size_t users = 400000);

    /// The next review's fields.
    void next(AmazonReview &review);
    /// Appends `review` as one JSON line (no newline), in the field order of the real files.
    void appendJson(const AmazonReview &review, std::string &out);

    /// Metadata of item `index` (< items()), and its JSON line.
    AmazonItem item(std::size_t index);
    void appendItemJson(const AmazonItem &item, std::string &out);

    std::size_t items() const { return m_items; }
    /// parent_asin of item `index`.
    std::string itemAsin(std::size_t index) const;

private:
    std::uint64_t nextRandom();
    double uniform();
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(nextRandom() % n); }
    std::string idOf(const char *prefix, std::uint64_t value, std::size_t length) const;
    void appendSentence(std::string &text);
    void appendEscaped(std::string_view text, bool asciiOnly, std::string &out) const;

    std::uint64_t m_state;
    std::size_t m_items;
    std::size_t m_users;
    std::vector<double> m_itemCdf; // Zipf-like popularity
};

} // namespace crsw::bench
