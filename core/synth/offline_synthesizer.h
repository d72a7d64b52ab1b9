#pragma once

#include "common/progress.h"
#include "embed/embedding_matrix.h"
#include "synth/aspect_extractor.h"
#include "synth/item_similarity.h"
#include "synth/query_template_library.h"
#include "synth/synth_plan.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace crsw {

class SeedCorpus;

/// The synthesizer used when no teacher endpoint is configured (labelled
/// SynthRecord::kOfflineSynthesizer, "template-based, no LLM"), so the demo
/// runs end to end offline (METHOD.md §9). Deterministic for a seed.
///
/// Queries: each of the pick's sampled query templates is filled with the
/// aspects of the seed: salient phrases of the seed reviews and the values of
/// the item's metadata features, interleaved, from a seeded starting point
/// ({aspect}, {aspect2}); the item's genre ({genre}); and for {like} a
/// similar item's title. Never the item's own title.
///
/// Ground truth: the item v itself first (a query written from v's reviews
/// is best answered by v, and the title of v never appears in the query, so
/// this is what a perfect teacher would return), then the most similar items
/// by ItemSimilarity, leaving out the item a query names through {like}.
///
/// Baseline ("GPT-generated"): no seed reviews or metadata. The genre comes
/// from a seeded random catalog item, the aspects are generic request words,
/// {like} and the ground truth are the most-reviewed items of that genre
/// (then of the whole catalog): the generic, popularity-biased data an LLM
/// writes without seed material.
class OfflineSynthesizer {
public:
    struct Options {
        std::uint64_t seed = 0;
        std::size_t groundTruth = 20;        ///< titles per query
        std::size_t itemDimension = 64;      ///< metadata embedding (TF-IDF + SVD) width
        ItemSimilarity::Weights weights;
    };

    /// One synthesized query and its ground-truth items (corpus indices, ranked).
    struct Query {
        std::string text;
        std::vector<std::uint32_t> items;
    };

    /// Embeds the item metadata (TF-IDF + SVD, seeded) and indexes the
    /// corpus. `corpus` and `library` must outlive it. Throws crsw::Cancelled.
    OfflineSynthesizer(const SeedCorpus &corpus, const QueryTemplateLibrary &library, Options options,
                       Progress &progress);
    ~OfflineSynthesizer();

    /// The queries of one planned pick, one per sampled template.
    std::vector<Query> synthesize(const SynthPick &pick, bool baseline) const;

private:
    std::vector<Query> seeded(const SynthPick &pick) const;
    std::vector<Query> baseline(const SynthPick &pick) const;
    std::vector<std::uint32_t> popularIn(const std::string &genre, std::size_t count) const;

    const SeedCorpus &m_corpus;
    const QueryTemplateLibrary &m_library;
    Options m_options;
    EmbeddingMatrix m_itemVectors;
    std::unique_ptr<ItemSimilarity> m_similarity;
    AspectExtractor m_aspects;
    std::vector<std::uint32_t> m_byPopularity; // titled items, most reviewed first
};

} // namespace crsw
