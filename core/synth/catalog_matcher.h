#pragma once

#include "eval/title_matcher.h"
#include "synth/synth_record.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace crsw {

class SeedCorpus;

/// Matches ground-truth titles to the workspace's catalog (its items' titles)
/// with core/eval's TitleMatcher: the nearest title by case-insensitive
/// Levenshtein distance, ties to the first item in corpus order. A title
/// matches when that distance is at most kMaxDistance (He et al.'s
/// "filtered" threshold); otherwise it matches nothing and counts towards the
/// dataset's hallucination rate.
class CatalogMatcher {
public:
    static constexpr int kMaxDistance = 2;

    explicit CatalogMatcher(const SeedCorpus &corpus);

    /// The title with its match (asin set when it matched).
    SynthTitle match(const std::string &title) const;
    /// Matches a list, in order.
    std::vector<SynthTitle> matchAll(const std::vector<std::string> &titles) const;

private:
    std::vector<std::string> m_asins;           // by candidate index
    std::unique_ptr<TitleMatcher> m_matcher;    // null when no item has a title
};

} // namespace crsw
