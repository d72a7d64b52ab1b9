#include "embed/corpus_texts.h"

#include "data/amazon/seed_corpus.h"

namespace crsw {

CorpusTexts CorpusTexts::ofReviews(const SeedCorpus &corpus)
{
    CorpusTexts texts;
    std::size_t bytes = 0;
    for (const CorpusReview &review : corpus.reviews())
        bytes += review.title.size() + review.text.size() + 1;
    texts.m_buffer.reserve(bytes);
    texts.m_ends.reserve(corpus.reviewCount());
    for (const CorpusReview &review : corpus.reviews()) {
        texts.beginText();
        texts.appendPart(review.title);
        texts.appendPart(review.text);
        texts.endText();
    }
    return texts;
}

CorpusTexts CorpusTexts::ofItems(const SeedCorpus &corpus)
{
    CorpusTexts texts;
    texts.m_ends.reserve(corpus.itemCount());
    for (std::size_t i = 0; i < corpus.itemCount(); ++i) {
        texts.beginText();
        texts.appendPart(corpus.item(i).title);
        for (std::uint32_t category : corpus.itemCategories(i))
            texts.appendPart(corpus.category(category));
        for (std::string_view paragraph : corpus.itemDescription(i))
            texts.appendPart(paragraph);
        for (std::string_view feature : corpus.itemFeatures(i))
            texts.appendPart(feature);
        texts.endText();
    }
    return texts;
}

void CorpusTexts::appendPart(std::string_view part)
{
    if (part.empty())
        return;
    if (m_partsInText++ > 0)
        m_buffer += '\n';
    m_buffer.append(part);
}

std::string_view CorpusTexts::text(std::size_t i) const
{
    const std::size_t begin = i == 0 ? 0 : m_ends[i - 1];
    return std::string_view(m_buffer).substr(begin, m_ends[i] - begin);
}

std::vector<std::string_view> CorpusTexts::views() const
{
    std::vector<std::string_view> out;
    out.reserve(size());
    for (std::size_t i = 0; i < size(); ++i)
        out.push_back(text(i));
    return out;
}

} // namespace crsw
