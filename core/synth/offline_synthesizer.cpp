#include "synth/offline_synthesizer.h"

#include "data/amazon/seed_corpus.h"
#include "embed/corpus_texts.h"
#include "embed/tfidf_svd_embedder.h"
#include "synth/synth_random.h"

#include <algorithm>
#include <map>

namespace crsw {

namespace {

// What a request says when it has no seed to draw on (the baseline's aspects).
const std::vector<std::string> &genericAspects()
{
    static const std::vector<std::string> words{
        "a great story", "strong characters", "a good twist", "beautiful visuals", "a memorable soundtrack",
        "real emotion", "sharp dialogue", "a satisfying ending", "great acting", "a lot of heart"};
    return words;
}

// Salt of each pick stream (SynthRandom::forPick): separate from the plan's draws.
constexpr std::uint64_t kAspectSalt = 10;
constexpr std::uint64_t kBaselineSalt = 11;

} // namespace

OfflineSynthesizer::OfflineSynthesizer(const SeedCorpus &corpus, const QueryTemplateLibrary &library, Options options,
                                       Progress &progress)
    : m_corpus(corpus), m_library(library), m_options(options), m_aspects(corpus)
{
    TfidfSvdEmbedder::Options embed;
    embed.dimension = options.itemDimension;
    embed.seed = options.seed;
    TfidfSvdEmbedder embedder(embed);
    const CorpusTexts texts = CorpusTexts::ofItems(corpus);
    m_itemVectors = embedder.fitEmbed(texts.views(), progress);
    m_similarity = std::make_unique<ItemSimilarity>(corpus, m_itemVectors, options.weights);
    for (std::uint32_t i = 0; i < corpus.itemCount(); ++i)
        if (!corpus.item(i).title.empty())
            m_byPopularity.push_back(i);
    std::stable_sort(m_byPopularity.begin(), m_byPopularity.end(), [&](std::uint32_t a, std::uint32_t b) {
        return corpus.reviewsOfItem(a).size() > corpus.reviewsOfItem(b).size();
    });
}

OfflineSynthesizer::~OfflineSynthesizer() = default;

std::vector<OfflineSynthesizer::Query> OfflineSynthesizer::synthesize(const SynthPick &pick, bool baselineMode) const
{
    return baselineMode ? baseline(pick) : seeded(pick);
}

std::vector<OfflineSynthesizer::Query> OfflineSynthesizer::seeded(const SynthPick &pick) const
{
    const std::vector<std::string> fromReviews = m_aspects.reviewAspects(pick.reviewRows, pick.item, 8);
    const std::vector<std::string> fromMetadata = m_aspects.metadataAspects(pick.item);
    std::vector<std::string> aspects;
    for (std::size_t i = 0; i < std::max(fromReviews.size(), fromMetadata.size()); ++i) {
        if (i < fromReviews.size())
            aspects.push_back(fromReviews[i]);
        if (i < fromMetadata.size())
            aspects.push_back(fromMetadata[i]);
    }
    const std::string genre = m_aspects.genre(pick.item);
    if (aspects.empty())
        aspects.push_back(genre);
    const std::size_t queries = pick.templates.size();
    // Enough neighbours for the ground truth plus one {like} item per query.
    const std::vector<std::uint32_t> similar =
        m_similarity->mostSimilar(pick.item, m_options.groundTruth + queries);
    SynthRandom random = SynthRandom::forPick(m_options.seed, pick.step, kAspectSalt);
    const std::size_t offset = random.below(aspects.size());

    std::vector<Query> out;
    for (std::size_t k = 0; k < queries; ++k) {
        const std::size_t index = pick.templates[k];
        const std::uint32_t like = similar.empty() ? pick.item : similar[k % std::min<std::size_t>(3, similar.size())];
        const bool usesLike = m_library.entry(index).text.uses(QueryTemplateLibrary::kLike) && like != pick.item;
        Query query;
        query.text = m_library.fill(
            index, {{QueryTemplateLibrary::kGenre, genre},
                    {QueryTemplateLibrary::kAspect, aspects[(offset + 2 * k) % aspects.size()]},
                    {QueryTemplateLibrary::kAspect2, aspects[(offset + 2 * k + 1) % aspects.size()]},
                    {QueryTemplateLibrary::kLike, std::string(m_corpus.item(like).title)}});
        query.items.push_back(pick.item);
        for (const std::uint32_t item : similar) {
            if (query.items.size() >= m_options.groundTruth)
                break;
            if (!(usesLike && item == like))
                query.items.push_back(item);
        }
        out.push_back(std::move(query));
    }
    return out;
}

std::vector<std::uint32_t> OfflineSynthesizer::popularIn(const std::string &genre, std::size_t count) const
{
    std::vector<std::uint32_t> items;
    for (const std::uint32_t item : m_byPopularity)
        if (items.size() < count && m_aspects.genre(item) == genre)
            items.push_back(item);
    for (const std::uint32_t item : m_byPopularity)
        if (items.size() < count && std::find(items.begin(), items.end(), item) == items.end())
            items.push_back(item);
    return items;
}

std::vector<OfflineSynthesizer::Query> OfflineSynthesizer::baseline(const SynthPick &pick) const
{
    std::vector<Query> out;
    if (m_byPopularity.empty())
        return out;
    SynthRandom random = SynthRandom::forPick(m_options.seed, pick.step, kBaselineSalt);
    const std::uint32_t anchor = m_byPopularity[random.below(m_byPopularity.size())];
    const std::string genre = m_aspects.genre(anchor);
    const std::vector<std::uint32_t> popular = popularIn(genre, m_options.groundTruth + 1);
    const std::vector<std::string> &aspects = genericAspects();
    const std::size_t offset = random.below(aspects.size());
    for (std::size_t k = 0; k < pick.templates.size(); ++k) {
        const std::size_t index = pick.templates[k];
        const bool usesLike = m_library.entry(index).text.uses(QueryTemplateLibrary::kLike);
        Query query;
        query.text = m_library.fill(index, {{QueryTemplateLibrary::kGenre, genre},
                                            {QueryTemplateLibrary::kAspect, aspects[(offset + 2 * k) % aspects.size()]},
                                            {QueryTemplateLibrary::kAspect2,
                                             aspects[(offset + 2 * k + 1) % aspects.size()]},
                                            {QueryTemplateLibrary::kLike, std::string(m_corpus.item(popular[0]).title)}});
        // A query that names the most popular item through {like} does not get it back.
        for (std::size_t i = usesLike ? 1 : 0; i < popular.size() && query.items.size() < m_options.groundTruth; ++i)
            query.items.push_back(popular[i]);
        out.push_back(std::move(query));
    }
    return out;
}

} // namespace crsw
