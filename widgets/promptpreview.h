#pragma once

#include "synth/synth_plan.h"
#include "synth/synth_templates.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace crsw {

class SeedCorpus;

/// Both prompts of one pick of a selection, as `crsw synth` renders them.
struct PromptPreview {
    SynthPick pick;              ///< the planned step: its review, item, seed reviews and templates
    std::string queriesPrompt;   ///< prompt 1 (the baseline's when planned as baseline)
    std::string recommendPrompt; ///< prompt 2 for the sample query

    /// Plans the selection's picks up to `step` (0-based) with planSynthesis()
    /// as `crsw synth --seed seed [--baseline]` does (a pick's draws depend
    /// only on the seed, its step and its row), takes that step's prompt 1,
    /// and renders prompt 2 for `sampleQuery` in He et al.'s conversation
    /// form. Throws crsw::Error (a step outside the picks, a pick outside the
    /// corpus, a template that renders to nothing).
    static PromptPreview render(const SeedCorpus &corpus, const std::vector<std::uint32_t> &picks,
                                const SynthTemplates &templates, std::size_t step, std::uint64_t seed, bool baseline,
                                const std::string &sampleQuery);
};

} // namespace crsw
