#pragma once

#include "data/amazon/amazon_item.h"
#include "data/amazon/amazon_review.h"
#include "data/amazon/seed_corpus.h"
#include "data/amazon/string_interner.h"

#include <cstdint>
#include <string>
#include <vector>

namespace crsw {

/// Builds a SeedCorpus from parsed records: all item metadata first, then the
/// reviews, which are joined to their item on parent_asin and filtered.
///
/// A review is tested in this order and counted under the first test it fails:
///  1. join: its parent_asin has metadata (else it is dropped, or kept with a
///     bare item when keepReviewsWithoutMetadata is set and no category filter
///     is active, since an item without metadata has no categories to match);
///  2. its item passed the category filter;
///  3. rating >= minRating;
///  4. text length in characters (code points) >= minTextChars;
///  5. its item has fewer than maxReviewsPerItem kept reviews: the first N
///     reviews of an item that pass 1-4, in file order, are kept.
/// Items: the first metadata line of a parent_asin wins (later ones are
/// counted as duplicates); with `categories` set, an item is kept when its
/// main_category or one of its categories equals one of them, ignoring case
/// (Python's str.lower; surrounding whitespace ignored).
/// Filtered records are counted here; malformed lines never reach the builder
/// (the reader reports them in its LoadReport).
class SeedCorpusBuilder {
public:
    struct Options {
        float minRating = 0.0f;                 ///< 0: no rating filter
        std::size_t minTextChars = 0;           ///< 0: no length filter
        std::vector<std::string> categories;    ///< empty: every item
        std::size_t maxReviewsPerItem = 0;      ///< 0: no limit
        bool keepReviewsWithoutMetadata = false;
    };

    /// What the filters did; malformed lines are not counted here.
    struct Counts {
        std::int64_t itemsRead = 0;               ///< valid metadata records seen
        std::int64_t itemsKept = 0;               ///< with metadata (bare items not included)
        std::int64_t itemsDuplicate = 0;          ///< parent_asin seen before; the first one is kept
        std::int64_t itemsOutsideCategories = 0;  ///< failed the category filter
        std::int64_t itemsWithoutMetadata = 0;    ///< bare items made for kept reviews
        std::int64_t reviewsRead = 0;             ///< valid review records seen
        std::int64_t reviewsKept = 0;
        std::int64_t reviewsWithoutMetadata = 0;  ///< parent_asin without metadata, kept or not
        std::int64_t reviewsDroppedNoMetadata = 0;///< ... of which dropped at the join
        std::int64_t reviewsOfExcludedItems = 0;  ///< their item failed the category filter
        std::int64_t reviewsBelowMinRating = 0;
        std::int64_t reviewsTextTooShort = 0;
        std::int64_t reviewsOverItemLimit = 0;

        /// reviewsRead == reviewsKept + reviewsDropped().
        std::int64_t reviewsDropped() const
        {
            return reviewsDroppedNoMetadata + reviewsOfExcludedItems + reviewsBelowMinRating
                   + reviewsTextTooShort + reviewsOverItemLimit;
        }
    };

    SeedCorpusBuilder();
    explicit SeedCorpusBuilder(Options options);

    /// Adds one item's metadata. Throws crsw::Error once reviews have been added.
    void addItem(const AmazonItem &item);
    /// Adds one review; sourceFile/sourceLine are kept for provenance.
    void addReview(const AmazonReview &review, std::uint16_t sourceFile = 0, std::int64_t sourceLine = 0);

    const Options &options() const { return m_options; }
    const Counts &counts() const { return m_counts; }

    /// Finishes the corpus (builds the per-item review index) and hands it
    /// over; the builder starts again empty, with the same options and zero
    /// counts (read counts() first).
    SeedCorpus finish();

private:
    bool categoryMatches(std::string_view category);
    bool itemMatchesCategories(const AmazonItem &item);
    std::uint32_t internAsin(std::string_view asin);
    std::uint32_t addBareItem(std::uint32_t asin);

    Options m_options;
    std::vector<std::string> m_wantedCategories;  // lower-cased, trimmed
    StringInterner m_categoryChecked;              // category names already tested
    std::vector<char> m_categoryMatch;             // by m_categoryChecked index
    SeedCorpus m_corpus;
    std::vector<std::uint32_t> m_keptPerItem;
    Counts m_counts;
    bool m_reviewsStarted = false;
};

} // namespace crsw
