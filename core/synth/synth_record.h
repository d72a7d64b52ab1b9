#pragma once

#include "teacher/chat_types.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace crsw {

/// One ground-truth title of a synthetic query and its catalog match.
struct SynthTitle {
    std::string title;                ///< as parsed from the teacher's answer
    std::optional<std::string> asin;  ///< the matched item's parent_asin, or none (a hallucination)
    int distance = -1;                ///< edit distance to the nearest catalog title (-1: no catalog)
};

/// A seed review, with where it came from.
struct SynthSeedReview {
    std::uint32_t row = 0;            ///< corpus row (the selection's index space)
    std::string id;                   ///< "<user_id>/<asin>/<timestamp>"
    std::uint32_t file = 0;           ///< index of the reviews file
    std::uint32_t line = 0;           ///< 1-based line in it
};

/// One teacher exchange (prompt 1 or prompt 2) as it happened.
struct SynthTurn {
    std::string templateFile;         ///< the template it was rendered from ("queries.txt")
    std::string prompt;               ///< the text sent (empty for the offline synthesizer)
    std::string response;             ///< the raw answer (offline: the text it synthesized)
    ChatUsage usage;
    double costUsd = 0;
    int attempts = 0;
    bool fromCache = false;
    std::string model;                ///< as the endpoint named it
    std::string finishReason;
    std::string startedAt, finishedAt;///< ISO 8601 UTC
};

/// One synthetic query with its 20 ground-truth titles and full provenance
/// (METHOD.md §4.4): one line of the append-only OUT.jsonl.
struct SynthRecord {
    static constexpr const char *kFormat = "crsw-synth";
    static constexpr int kVersion = 1;
    /// The synthesizer label of every offline record.
    static constexpr const char *kOfflineSynthesizer = "template-based, no LLM";

    std::string key;                  ///< stable query key (synthQueryKey)
    std::string query;
    std::size_t queryIndex = 0;       ///< k: its place in the pick's parsed queries
    bool baseline = false;            ///< "GPT-generated" mode (no seed reviews or metadata)
    std::string synthesizer;          ///< the teacher backend's description, or kOfflineSynthesizer
    std::string model;                ///< the model asked (empty offline)
    std::optional<double> temperature;///< none offline
    std::uint64_t seed = 0;
    std::string selection;            ///< SEL.json the pick came from
    std::string strategy;             ///< its strategy
    std::size_t step = 0;             ///< position of the pick in the selection
    std::uint32_t row = 0;            ///< the selected review row
    std::string itemAsin, itemTitle;  ///< the item v (empty for the baseline)
    std::vector<SynthSeedReview> seedReviews;
    std::vector<std::size_t> templateIndices; ///< query-template library indices used
    std::vector<std::string> templates;       ///< their texts
    SynthTurn queries;                ///< prompt 1 (per pick: shared by the pick's queries)
    SynthTurn recommend;              ///< prompt 2 for this query
    std::vector<SynthTitle> groundTruth; ///< in rank order
    std::string created;              ///< ISO 8601 UTC

    /// Titles that matched no catalog item.
    std::size_t unmatchedTitles() const;

    nlohmann::ordered_json toJson() const;
    /// Parses one record; throws crsw::Error whose field names the bad member
    /// ("ground_truth[3].title") and whose file and line are left empty.
    static SynthRecord fromJson(const nlohmann::json &json);
};

} // namespace crsw
