#pragma once

#include "data/amazon/array_view.h"
#include "data/amazon/corpus_item.h"
#include "data/amazon/corpus_review.h"
#include "data/amazon/string_interner.h"
#include "data/amazon/text_arena.h"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace crsw {

/// The seed corpus in memory: items (with metadata) and the reviews joined to
/// them, in a compact layout for millions of reviews. Reviews and items are
/// fixed-size records in two vectors; all text sits in a block arena; asins,
/// user ids and category names are interned to 32-bit indices. Reviews keep
/// the order they were read in, and reviewsOfItem() lists each item's reviews
/// in that order. Built by SeedCorpusBuilder (or SeedCorpusLoader); read-only
/// afterwards, so it can be shared by reader threads. Move-only.
class SeedCorpus {
public:
    static constexpr std::uint32_t kNone = 0xffffffffu;

    SeedCorpus();
    SeedCorpus(SeedCorpus &&) noexcept;
    SeedCorpus &operator=(SeedCorpus &&) noexcept;
    ~SeedCorpus();

    std::size_t itemCount() const { return m_items.size(); }
    std::size_t reviewCount() const { return m_reviews.size(); }
    /// Distinct users with at least one kept review.
    std::size_t userCount() const { return m_users.size(); }
    std::size_t categoryCount() const { return m_categories.size(); }

    const CorpusItem &item(std::size_t index) const { return m_items[index]; }
    const CorpusReview &review(std::size_t index) const { return m_reviews[index]; }
    const std::vector<CorpusItem> &items() const { return m_items; }
    const std::vector<CorpusReview> &reviews() const { return m_reviews; }

    /// The parent_asin of an item.
    std::string_view itemAsin(std::size_t item) const { return m_asins.text(m_items[item].asin); }
    /// Category indices of an item (its `categories` array, in file order).
    ArrayView<std::uint32_t> itemCategories(std::size_t item) const;
    ArrayView<std::string_view> itemFeatures(std::size_t item) const;
    ArrayView<std::string_view> itemDescription(std::size_t item) const;
    /// Indices of an item's reviews, in file order.
    ArrayView<std::uint32_t> reviewsOfItem(std::size_t item) const;

    /// Interned strings by index.
    std::string_view asin(std::uint32_t index) const { return m_asins.text(index); }
    std::string_view userId(std::uint32_t index) const { return m_users.text(index); }
    std::string_view category(std::uint32_t index) const { return m_categories.text(index); }
    const StringInterner &asins() const { return m_asins; }
    const StringInterner &users() const { return m_users; }
    const StringInterner &categories() const { return m_categories; }

    /// The item with this parent_asin, or kNone.
    std::uint32_t findItem(std::string_view parentAsin) const;
    /// The user index of this user id, or kNone.
    std::uint32_t findUser(std::string_view userId) const { return m_users.find(userId); }

    /// Approximate heap bytes held (for the Data page and the benchmarks).
    std::size_t memoryBytes() const;

private:
    friend class SeedCorpusBuilder;

    TextArena m_text;
    StringInterner m_asins;      // parent and variant asins
    StringInterner m_users;
    StringInterner m_categories; // category names and main categories
    std::vector<CorpusItem> m_items;
    std::vector<CorpusReview> m_reviews;
    std::vector<std::uint32_t> m_itemOfAsin;      // asin index -> item index, kNone, or excluded
    std::vector<std::uint32_t> m_categoryLists;   // CorpusItem::categoriesBegin/Count ranges
    std::vector<std::string_view> m_textLists;    // features and description ranges
    std::vector<std::uint32_t> m_itemReviewBegin; // itemCount + 1 offsets into m_itemReviews
    std::vector<std::uint32_t> m_itemReviews;     // review indices grouped by item
};

} // namespace crsw
