#pragma once

#include "synth/synth_templates.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace crsw {

class SeedCorpus;

/// How Algorithm 2's plan is drawn (METHOD.md §4).
struct SynthPlanOptions {
    std::uint64_t seed = 0;
    bool baseline = false;            ///< "GPT-generated": no seed reviews or metadata, templates only
    std::size_t limit = 0;            ///< plan only the first `limit` picks (0 = all)
    /// Start at this step (the steps before it are left out; a pick's draws
    /// depend only on its own step, so the plan of the others is unchanged).
    std::size_t first = 0;
    std::size_t reviewsPerPick = 3;   ///< the selected review first, then others of its item
    std::size_t templatesPerPick = 5; ///< query templates sampled from the library
};

/// One selected sample's step of Algorithm 2.
struct SynthPick {
    std::size_t step = 0;                 ///< position in the selection's picks
    std::uint32_t row = 0;                ///< the selected review (corpus row)
    std::uint32_t item = 0;               ///< its item v (corpus item index)
    std::vector<std::uint32_t> reviewRows;///< seed reviews: row first, then others of v (empty for the baseline)
    std::vector<std::size_t> templates;   ///< library indices of the sampled query templates
    std::string queriesPrompt;            ///< prompt 1, rendered
};

/// Draws the plan: per pick, up to reviewsPerPick reviews of its item (the
/// selected one first, then the others of v with the smallest seeded hash of
/// their row: a rule that depends only on the seed and the row), and
/// templatesPerPick distinct templates (a seeded partial shuffle of the pick's
/// own stream), and renders prompt 1. Deterministic for a seed; a pick's
/// draws do not depend on the other picks. Throws crsw::Error for a pick
/// outside the corpus.
std::vector<SynthPick> planSynthesis(const SeedCorpus &corpus, const std::vector<std::uint32_t> &picks,
                                     const SynthTemplates &templates, const SynthPlanOptions &options);

/// The conversation of a synthetic query in He et al.'s `input` form:
/// "\nUser: <query>\nSystem: " (what prompt 2's {conversation} receives).
std::string heConversation(const std::string &query);

/// The stable key of query k of a pick: "s<step>-r<row>-q<k>". A resumed run
/// skips the queries whose key is already in the output.
std::string synthQueryKey(std::size_t step, std::uint32_t row, std::size_t k);

} // namespace crsw
