#include "data/amazon/seed_corpus_builder.h"

#include "common/error.h"
#include "common/python_text.h"

#include <algorithm>
#include <cmath>

namespace crsw {

namespace {

// Marks, in SeedCorpus::m_itemOfAsin, a parent_asin whose item failed the
// category filter: its reviews are then counted as filtered, not as lacking metadata.
constexpr std::uint32_t kExcluded = 0xfffffffeu;

std::string_view trimAscii(std::string_view text)
{
    const auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
    while (!text.empty() && isSpace(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && isSpace(text.back()))
        text.remove_suffix(1);
    return text;
}

std::string normalisedCategory(std::string_view category)
{
    return pytext::lower(trimAscii(category));
}

// Code points of valid UTF-8 (the reader has validated it): every byte that is
// not a continuation byte (10xxxxxx) starts one.
std::uint32_t countChars(std::string_view text)
{
    std::size_t n = 0;
    for (const char c : text)
        n += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
    return n > 0xffffffffu ? 0xffffffffu : static_cast<std::uint32_t>(n);
}

std::uint16_t saturate16(std::uint64_t n)
{
    return n > 0xffffu ? 0xffffu : static_cast<std::uint16_t>(n);
}

std::uint32_t saturate32(std::int64_t n)
{
    return n < 0 ? 0u : n > 0xffffffffLL ? 0xffffffffu : static_cast<std::uint32_t>(n);
}

} // namespace

SeedCorpusBuilder::SeedCorpusBuilder() : SeedCorpusBuilder(Options{}) {}

SeedCorpusBuilder::SeedCorpusBuilder(Options options) : m_options(std::move(options))
{
    for (const auto &category : m_options.categories) {
        std::string wanted = normalisedCategory(category);
        if (!wanted.empty())
            m_wantedCategories.push_back(std::move(wanted));
    }
}

// Each distinct category name is lower-cased and compared once, however many items carry it.
bool SeedCorpusBuilder::categoryMatches(std::string_view category)
{
    const std::uint32_t index = m_categoryChecked.intern(category);
    if (index >= m_categoryMatch.size()) {
        const std::string name = normalisedCategory(category);
        m_categoryMatch.push_back(
            std::find(m_wantedCategories.begin(), m_wantedCategories.end(), name) != m_wantedCategories.end());
    }
    return m_categoryMatch[index] != 0;
}

bool SeedCorpusBuilder::itemMatchesCategories(const AmazonItem &item)
{
    if (m_wantedCategories.empty())
        return true;
    if (!item.mainCategory.empty() && categoryMatches(item.mainCategory))
        return true;
    for (const auto &category : item.categories)
        if (categoryMatches(category))
            return true;
    return false;
}

std::uint32_t SeedCorpusBuilder::internAsin(std::string_view asin)
{
    const std::uint32_t index = m_corpus.m_asins.intern(asin);
    if (index >= m_corpus.m_itemOfAsin.size())
        m_corpus.m_itemOfAsin.resize(std::size_t(index) + 1, SeedCorpus::kNone);
    return index;
}

void SeedCorpusBuilder::addItem(const AmazonItem &source)
{
    if (m_reviewsStarted)
        throw Error("SeedCorpusBuilder: item metadata must be added before the reviews");
    ++m_counts.itemsRead;
    SeedCorpus &c = m_corpus;
    const std::uint32_t asin = internAsin(source.parentAsin);
    if (c.m_itemOfAsin[asin] != SeedCorpus::kNone) {
        ++m_counts.itemsDuplicate;
        return;
    }
    if (!itemMatchesCategories(source)) {
        c.m_itemOfAsin[asin] = kExcluded;
        ++m_counts.itemsOutsideCategories;
        return;
    }
    CorpusItem item;
    item.asin = asin;
    item.title = c.m_text.add(source.title);
    item.subtitle = c.m_text.add(source.subtitle);
    item.store = c.m_text.add(source.store);
    item.author = c.m_text.add(source.author);
    item.priceText = c.m_text.add(source.priceText);
    item.details = c.m_text.add(source.details);
    item.price = source.price;
    item.averageRating = static_cast<float>(source.averageRating);
    item.ratingNumber = saturate32(source.ratingNumber);
    item.mainCategory = source.mainCategory.empty() ? CorpusItem::kNone : c.m_categories.intern(source.mainCategory);
    item.categoriesBegin = static_cast<std::uint32_t>(c.m_categoryLists.size());
    item.categoriesCount = static_cast<std::uint32_t>(source.categories.size());
    for (const auto &category : source.categories)
        c.m_categoryLists.push_back(c.m_categories.intern(category));
    item.featuresBegin = static_cast<std::uint32_t>(c.m_textLists.size());
    item.featuresCount = static_cast<std::uint32_t>(source.features.size());
    for (const auto &feature : source.features)
        c.m_textLists.push_back(c.m_text.add(feature));
    item.descriptionBegin = static_cast<std::uint32_t>(c.m_textLists.size());
    item.descriptionCount = static_cast<std::uint32_t>(source.description.size());
    for (const auto &paragraph : source.description)
        c.m_textLists.push_back(c.m_text.add(paragraph));
    item.imageCount = saturate16(source.imageCount);
    item.videoCount = saturate16(source.videoCount);
    item.hasMetadata = true;
    c.m_itemOfAsin[asin] = static_cast<std::uint32_t>(c.m_items.size());
    c.m_items.push_back(item);
    m_keptPerItem.push_back(0);
    ++m_counts.itemsKept;
}

std::uint32_t SeedCorpusBuilder::addBareItem(std::uint32_t asin)
{
    CorpusItem item;
    item.asin = asin;
    item.price = std::nan("");
    item.averageRating = std::nanf("");
    item.mainCategory = CorpusItem::kNone;
    item.categoriesBegin = static_cast<std::uint32_t>(m_corpus.m_categoryLists.size());
    item.featuresBegin = item.descriptionBegin = static_cast<std::uint32_t>(m_corpus.m_textLists.size());
    item.hasMetadata = false;
    const auto index = static_cast<std::uint32_t>(m_corpus.m_items.size());
    m_corpus.m_itemOfAsin[asin] = index;
    m_corpus.m_items.push_back(item);
    m_keptPerItem.push_back(0);
    ++m_counts.itemsWithoutMetadata;
    return index;
}

void SeedCorpusBuilder::addReview(const AmazonReview &source, std::uint16_t sourceFile, std::int64_t sourceLine)
{
    m_reviewsStarted = true;
    ++m_counts.reviewsRead;
    SeedCorpus &c = m_corpus;
    // Look the parent up without interning it: a dropped review must not grow the corpus.
    std::uint32_t asin = c.m_asins.find(source.parentAsin);
    std::uint32_t item = asin == SeedCorpus::kNone ? SeedCorpus::kNone : c.m_itemOfAsin[asin];
    if (item == kExcluded) {
        ++m_counts.reviewsOfExcludedItems;
        return;
    }
    const bool bare = item == SeedCorpus::kNone || !c.m_items[item].hasMetadata;
    if (bare) {
        ++m_counts.reviewsWithoutMetadata;
        if (!m_options.keepReviewsWithoutMetadata || !m_wantedCategories.empty()) {
            ++m_counts.reviewsDroppedNoMetadata;
            return;
        }
    }
    if (source.rating < m_options.minRating) {
        ++m_counts.reviewsBelowMinRating;
        return;
    }
    const std::uint32_t textChars = countChars(source.text);
    if (textChars < m_options.minTextChars) {
        ++m_counts.reviewsTextTooShort;
        return;
    }
    if (item == SeedCorpus::kNone) {
        asin = internAsin(source.parentAsin);
        item = addBareItem(asin);
    }
    if (m_options.maxReviewsPerItem > 0 && m_keptPerItem[item] >= m_options.maxReviewsPerItem) {
        ++m_counts.reviewsOverItemLimit;
        return;
    }
    CorpusReview review;
    review.title = c.m_text.add(source.title);
    review.text = c.m_text.add(source.text);
    review.timestamp = source.timestamp;
    review.item = item;
    review.user = c.m_users.intern(source.userId);
    review.asin = source.asin.empty() || source.asin == source.parentAsin ? c.m_items[item].asin
                                                                          : internAsin(source.asin);
    review.helpfulVotes = saturate32(source.helpfulVotes);
    review.textChars = textChars;
    review.sourceLine = saturate32(sourceLine);
    review.rating = source.rating;
    review.sourceFile = sourceFile;
    review.imageCount = saturate16(source.imageCount);
    review.verifiedPurchase = source.verifiedPurchase;
    c.m_reviews.push_back(review);
    ++m_keptPerItem[item];
    ++m_counts.reviewsKept;
}

SeedCorpus SeedCorpusBuilder::finish()
{
    SeedCorpus &c = m_corpus;
    // Group review indices by item (a counting sort keeps file order within an item).
    const std::size_t items = c.m_items.size();
    c.m_itemReviewBegin.assign(items + 1, 0);
    for (std::size_t i = 0; i < items; ++i)
        c.m_itemReviewBegin[i + 1] = c.m_itemReviewBegin[i] + m_keptPerItem[i];
    c.m_itemReviews.resize(c.m_reviews.size());
    std::vector<std::uint32_t> cursor(c.m_itemReviewBegin.begin(), c.m_itemReviewBegin.end() - 1);
    for (std::size_t r = 0; r < c.m_reviews.size(); ++r)
        c.m_itemReviews[cursor[c.m_reviews[r].item]++] = static_cast<std::uint32_t>(r);
    // Vectors grew by doubling; give the slack back before the corpus lives on.
    c.m_reviews.shrink_to_fit();
    c.m_items.shrink_to_fit();
    c.m_categoryLists.shrink_to_fit();
    c.m_textLists.shrink_to_fit();
    SeedCorpus done = std::move(m_corpus);
    m_corpus = SeedCorpus();
    m_keptPerItem.clear();
    m_counts = Counts();
    m_reviewsStarted = false;
    return done;
}

} // namespace crsw
