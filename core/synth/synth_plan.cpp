#include "synth/synth_plan.h"

#include "common/error.h"
#include "data/amazon/seed_corpus.h"
#include "synth/seed_texts.h"
#include "synth/synth_random.h"

#include <algorithm>
#include <numeric>

namespace crsw {

namespace {

std::vector<std::uint32_t> seedReviews(const SeedCorpus &corpus, std::uint32_t row, std::uint64_t seed,
                                       std::size_t count)
{
    std::vector<std::uint32_t> rows{row};
    std::vector<std::pair<std::uint64_t, std::uint32_t>> others;
    for (const std::uint32_t other : corpus.reviewsOfItem(corpus.review(row).item))
        if (other != row)
            others.push_back({SynthRandom(seed ^ (std::uint64_t(other) * 0xd1b54a32d192ed03ull)).next(), other});
    const std::size_t take = std::min(others.size(), count > 0 ? count - 1 : 0);
    std::partial_sort(others.begin(), others.begin() + take, others.end());
    for (std::size_t i = 0; i < take; ++i)
        rows.push_back(others[i].second);
    return rows;
}

std::vector<std::size_t> sampleTemplates(std::size_t librarySize, std::size_t count, SynthRandom random)
{
    std::vector<std::size_t> order(librarySize);
    std::iota(order.begin(), order.end(), std::size_t(0));
    const std::size_t take = std::min(count, librarySize);
    for (std::size_t i = 0; i < take; ++i)
        std::swap(order[i], order[i + random.below(librarySize - i)]);
    order.resize(take);
    return order;
}

std::string examplesText(const QueryTemplateLibrary &library, const std::vector<std::size_t> &indices)
{
    std::string text;
    for (std::size_t i = 0; i < indices.size(); ++i)
        text += (i ? "\n- " : "- ") + library.example(indices[i]);
    return text;
}

} // namespace

std::vector<SynthPick> planSynthesis(const SeedCorpus &corpus, const std::vector<std::uint32_t> &picks,
                                     const SynthTemplates &templates, const SynthPlanOptions &options)
{
    const std::size_t count = options.limit ? std::min(options.limit, picks.size()) : picks.size();
    std::vector<SynthPick> plan;
    plan.reserve(count > options.first ? count - options.first : 0);
    for (std::size_t step = options.first; step < count; ++step) {
        const std::uint32_t row = picks[step];
        if (row >= corpus.reviewCount())
            throw Error({{}, 0, "picks[" + std::to_string(step) + "]"},
                        "review row " + std::to_string(row) + " is outside the seed corpus ("
                            + std::to_string(corpus.reviewCount()) + " reviews)");
        SynthPick pick;
        pick.step = step;
        pick.row = row;
        pick.item = corpus.review(row).item;
        pick.templates = sampleTemplates(templates.library.size(), options.templatesPerPick,
                                         SynthRandom::forPick(options.seed, step, 2));
        std::map<std::string, std::string> values{
            {SynthTemplates::kExamples, examplesText(templates.library, pick.templates)},
            {SynthTemplates::kCount, std::to_string(pick.templates.size())}};
        if (options.baseline) {
            pick.queriesPrompt = templates.baselineQueries.render(values);
        } else {
            pick.reviewRows = seedReviews(corpus, row, options.seed, options.reviewsPerPick);
            values[SynthTemplates::kReviews] = seedtexts::reviews(corpus, pick.reviewRows);
            values[SynthTemplates::kMetadata] = seedtexts::metadata(corpus, pick.item);
            pick.queriesPrompt = templates.queries.render(values);
        }
        plan.push_back(std::move(pick));
    }
    return plan;
}

std::string heConversation(const std::string &query)
{
    return "\nUser: " + query + "\nSystem: ";
}

std::string synthQueryKey(std::size_t step, std::uint32_t row, std::size_t k)
{
    return "s" + std::to_string(step) + "-r" + std::to_string(row) + "-q" + std::to_string(k);
}

} // namespace crsw
