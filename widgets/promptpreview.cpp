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
    // The plan is drawn in order, so the picks up to this one are planned; the
    // others are not needed (and their draws do not change this one's).
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
