#include "data/amazon/seed_corpus.h"

namespace crsw {

SeedCorpus::SeedCorpus() = default;
SeedCorpus::SeedCorpus(SeedCorpus &&) noexcept = default;
SeedCorpus &SeedCorpus::operator=(SeedCorpus &&) noexcept = default;
SeedCorpus::~SeedCorpus() = default;

ArrayView<std::uint32_t> SeedCorpus::itemCategories(std::size_t item) const
{
    const CorpusItem &it = m_items[item];
    return {m_categoryLists.data() + it.categoriesBegin, it.categoriesCount};
}

ArrayView<std::string_view> SeedCorpus::itemFeatures(std::size_t item) const
{
    const CorpusItem &it = m_items[item];
    return {m_textLists.data() + it.featuresBegin, it.featuresCount};
}

ArrayView<std::string_view> SeedCorpus::itemDescription(std::size_t item) const
{
    const CorpusItem &it = m_items[item];
    return {m_textLists.data() + it.descriptionBegin, it.descriptionCount};
}

ArrayView<std::uint32_t> SeedCorpus::reviewsOfItem(std::size_t item) const
{
    if (item + 1 >= m_itemReviewBegin.size())
        return {};
    const std::uint32_t begin = m_itemReviewBegin[item];
    return {m_itemReviews.data() + begin, m_itemReviewBegin[item + 1] - begin};
}

std::uint32_t SeedCorpus::findItem(std::string_view parentAsin) const
{
    const std::uint32_t asin = m_asins.find(parentAsin);
    if (asin == kNone || asin >= m_itemOfAsin.size())
        return kNone;
    const std::uint32_t item = m_itemOfAsin[asin];
    return item < m_items.size() ? item : kNone;
}

std::size_t SeedCorpus::memoryBytes() const
{
    return m_text.bytesAllocated() + m_asins.memoryBytes() + m_users.memoryBytes() + m_categories.memoryBytes()
           + m_items.capacity() * sizeof(CorpusItem) + m_reviews.capacity() * sizeof(CorpusReview)
           + (m_itemOfAsin.capacity() + m_categoryLists.capacity() + m_itemReviewBegin.capacity()
              + m_itemReviews.capacity()) * sizeof(std::uint32_t)
           + m_textLists.capacity() * sizeof(std::string_view);
}

} // namespace crsw
