#include "promptpreview.h"

#include "common/error.h"

namespace crsw {

PromptPreview PromptPreview::render(const SeedCorpus &corpus, const std::vector<std::uint32_t> &picks,
                                    const SynthTemplates &templates, std::size_t step, std::uint64_t seed,
                                    bool baseline, const std::string &sampleQuery)
{
    if (step >= picks.size())
        throw Error("step " + std::to_string(step + 1) + " is outside the selection's " + std::to_string(picks.size())
                    + " picks");
    SynthPlanOptions options;
    options.seed = seed;
    options.baseline = baseline;
    // A pick's draws depend only on its own step: plan just this one (the
    // preview runs on the GUI thread, and a selection may hold 100,000 picks).
    options.first = step;
    options.limit = step + 1;
    std::vector<SynthPick> plan = planSynthesis(corpus, picks, templates, options);
    PromptPreview preview;
    preview.pick = std::move(plan.back());
    preview.queriesPrompt = preview.pick.queriesPrompt;
    preview.recommendPrompt =
        templates.recommend.render({{SynthTemplates::kConversation, heConversation(sampleQuery)}});
    return preview;
}

} // namespace crsw
