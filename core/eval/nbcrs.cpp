#include "eval/nbcrs.h"

#include "common/parallel.h"

#include <string_view>

namespace crsw {

Nbcrs::Nbcrs(const NbcrsTrainingSet &training, EmbeddingMatrix embeddings)
    : m_source(training.source()), m_itemNames(training.itemNames()), m_embeddings(std::move(embeddings))
{
    training.validate();
    if (m_embeddings.rows() != training.size())
        throw Error(SourceLocation{m_source, 0, {}},
                    "the training embeddings have " + std::to_string(m_embeddings.rows()) + " rows but the training set has "
                        + std::to_string(training.size()) + " conversations: they must be embedded one row each, in order");
    if (m_embeddings.cols() == 0)
        throw Error(SourceLocation{m_source, 0, {}}, "the training embeddings have no dimensions");
    m_examples.reserve(training.size());
    for (const NbcrsExample &example : training.examples())
        m_examples.push_back(NbcrsExample{{}, example.items, example.where});
}

Nbcrs Nbcrs::fit(const NbcrsTrainingSet &training, Embedder &embedder, Progress &progress)
{
    training.validate(); // before the (possibly long) fit
    std::vector<std::string_view> texts;
    texts.reserve(training.size());
    for (const NbcrsExample &example : training.examples())
        texts.emplace_back(example.context);
    progress.reportNow(0, "fitting the " + embedder.name() + " embedder on the training contexts");
    embedder.fit(texts, progress);
    EmbeddingMatrix embeddings(texts.size(), embedder.dimension());
    progress.reportNow(0, "embedding the training contexts");
    embedder.embed(texts, embeddings.mutableData(), progress);
    return Nbcrs(training, std::move(embeddings));
}

NeighbourLists Nbcrs::neighbours(const EmbeddingMatrix &queries, std::size_t n, int threads, Progress &progress) const
{
    if (queries.rows() > 0 && queries.cols() != m_embeddings.cols())
        throw Error("NBCRS: the query embeddings have dimension " + std::to_string(queries.cols())
                    + " but the training embeddings of " + m_source + " have " + std::to_string(m_embeddings.cols())
                    + ": embed both with the same embedder");
    return nearestByInnerProduct(m_embeddings.data(), m_embeddings.rows(), queries.data(), queries.rows(),
                                 m_embeddings.cols(), n, threads, progress);
}

std::vector<RankedItem> Nbcrs::rank(const Neighbour *neighbours, std::size_t n, std::size_t top,
                                    std::vector<std::uint32_t> *scratch) const
{
    return rankNeighbourItems(neighbours, n, m_examples, top, scratch);
}

std::vector<std::vector<RankedItem>> Nbcrs::recommend(const EmbeddingMatrix &queries, const Options &options,
                                                      Progress &progress) const
{
    if (options.neighbours == 0)
        throw Error("NBCRS: the number of neighbours must be at least 1");
    const NeighbourLists lists = neighbours(queries, options.neighbours, options.threads, progress);
    std::vector<std::vector<RankedItem>> rankings(queries.rows());
    parallelFor(queries.rows(), options.threads > 0 ? options.threads : defaultThreadCount(), 256,
                [&](std::size_t q0, std::size_t q1, int) {
                    std::vector<std::uint32_t> scratch(m_itemNames.size(), kNoSlot);
                    for (std::size_t q = q0; q < q1; ++q)
                        rankings[q] = rank(lists.of(q), lists.k, options.top, &scratch);
                });
    return rankings;
}

std::vector<std::vector<RankedItem>> Nbcrs::recommend(const std::vector<std::string> &contexts, const Embedder &embedder,
                                                      const Options &options, Progress &progress) const
{
    return recommend(embedTexts(embedder, contexts, progress), options, progress);
}

std::string Nbcrs::answerText(const std::vector<RankedItem> &ranking) const
{
    std::string text;
    for (std::size_t i = 0; i < ranking.size(); ++i)
        text += (i ? "\n" : "") + std::to_string(i + 1) + ". " + m_itemNames[ranking[i].item];
    return text;
}

EmbeddingMatrix embedTexts(const Embedder &embedder, const std::vector<std::string> &texts, Progress &progress)
{
    std::vector<std::string_view> views(texts.begin(), texts.end());
    EmbeddingMatrix out(texts.size(), embedder.dimension());
    if (!texts.empty())
        embedder.embed(views, out.mutableData(), progress);
    return out;
}

} // namespace crsw
