#include "synth/catalog_matcher.h"

#include "data/amazon/seed_corpus.h"

namespace crsw {

CatalogMatcher::CatalogMatcher(const SeedCorpus &corpus)
{
    std::vector<std::string> titles;
    for (std::size_t i = 0; i < corpus.itemCount(); ++i) {
        const CorpusItem &item = corpus.item(i);
        if (item.title.empty())
            continue;
        titles.emplace_back(item.title);
        m_asins.emplace_back(corpus.itemAsin(i));
    }
    if (!titles.empty())
        m_matcher = std::make_unique<TitleMatcher>(std::move(titles));
}

SynthTitle CatalogMatcher::match(const std::string &title) const
{
    SynthTitle out{title, std::nullopt, -1};
    if (!m_matcher)
        return out;
    const TitleMatch m = m_matcher->match(title);
    out.distance = m.distance;
    if (m.distance <= kMaxDistance)
        out.asin = m_asins[m.candidate];
    return out;
}

std::vector<SynthTitle> CatalogMatcher::matchAll(const std::vector<std::string> &titles) const
{
    std::vector<SynthTitle> out;
    out.reserve(titles.size());
    for (const std::string &title : titles)
        out.push_back(match(title));
    return out;
}

} // namespace crsw
