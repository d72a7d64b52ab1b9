#pragma once

#include "synth/prompt_template.h"
#include "synth/query_template_library.h"

#include <string>

namespace crsw {

/// Every template a synthesis run uses, as kept in a workspace's templates/
/// folder (the user edits them there):
///   queries.txt           prompt 1 (reviews + metadata -> queries)
///   queries_baseline.txt  prompt 1 of the "GPT-generated" baseline (templates only)
///   recommend.txt         prompt 2 (He et al.'s recommender prompt)
///   query_templates.txt   the query-template library, one a line
struct SynthTemplates {
    static constexpr const char *kQueriesFile = "queries.txt";
    static constexpr const char *kBaselineQueriesFile = "queries_baseline.txt";
    static constexpr const char *kRecommendFile = "recommend.txt";
    static constexpr const char *kQueryTemplatesFile = "query_templates.txt";

    /// Placeholder names of the prompts.
    static constexpr const char *kReviews = "reviews";
    static constexpr const char *kMetadata = "metadata";
    static constexpr const char *kExamples = "examples";
    static constexpr const char *kCount = "n";
    static constexpr const char *kConversation = "conversation";

    PromptTemplate queries;
    PromptTemplate baselineQueries;
    PromptTemplate recommend;
    QueryTemplateLibrary library;

    /// The compiled-in defaults (sources named "<default>/queries.txt", ...).
    static SynthTemplates defaults();
    /// Loads the four files of `dir`, first writing the default of any that is
    /// missing (so the user finds them to edit). Throws crsw::Error naming the
    /// file, line and column of the first problem.
    static SynthTemplates loadOrCreate(const std::string &dir);

    /// The rules each prompt is checked against.
    static PromptTemplate::Rules queriesRules();
    static PromptTemplate::Rules baselineQueriesRules();
    static PromptTemplate::Rules recommendRules();
};

} // namespace crsw
