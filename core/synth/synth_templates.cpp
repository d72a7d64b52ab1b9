#include "synth/synth_templates.h"

#include "common/atomic_file.h"
#include "synth/default_templates.h"

#include <filesystem>

namespace crsw {

PromptTemplate::Rules SynthTemplates::queriesRules()
{
    return {{kReviews, kMetadata, kExamples, kCount}, {kReviews, kMetadata, kExamples}};
}

PromptTemplate::Rules SynthTemplates::baselineQueriesRules()
{
    // The baseline has no seed reviews or metadata (METHOD.md §4): {reviews}
    // and {metadata} are unknown here, so an edited baseline cannot leak them.
    return {{kExamples, kCount}, {kExamples}};
}

PromptTemplate::Rules SynthTemplates::recommendRules()
{
    return {{kConversation}, {kConversation}};
}

SynthTemplates SynthTemplates::defaults()
{
    using namespace defaulttemplates;
    SynthTemplates t;
    t.queries = PromptTemplate(queriesPrompt(), queriesRules(), std::string("<default>/") + kQueriesFile);
    t.baselineQueries =
        PromptTemplate(baselineQueriesPrompt(), baselineQueriesRules(), std::string("<default>/") + kBaselineQueriesFile);
    t.recommend = PromptTemplate(recommendPrompt(), recommendRules(), std::string("<default>/") + kRecommendFile);
    t.library = QueryTemplateLibrary::parse(queryTemplates(), std::string("<default>/") + kQueryTemplatesFile);
    return t;
}

SynthTemplates SynthTemplates::loadOrCreate(const std::string &dir)
{
    using namespace defaulttemplates;
    makeDirectories(dir);
    const auto text = [&](const char *name, const std::string &fallback) {
        const std::string path = dir + "/" + name;
        if (!std::filesystem::exists(path))
            writeFileAtomically(path, fallback);
        return std::make_pair(path, readWholeFile(path));
    };
    SynthTemplates t;
    const auto [queriesPath, queriesText] = text(kQueriesFile, queriesPrompt());
    t.queries = PromptTemplate(queriesText, queriesRules(), queriesPath);
    const auto [baselinePath, baselineText] = text(kBaselineQueriesFile, baselineQueriesPrompt());
    t.baselineQueries = PromptTemplate(baselineText, baselineQueriesRules(), baselinePath);
    const auto [recommendPath, recommendText] = text(kRecommendFile, recommendPrompt());
    t.recommend = PromptTemplate(recommendText, recommendRules(), recommendPath);
    const auto [libraryPath, libraryText] = text(kQueryTemplatesFile, queryTemplates());
    t.library = QueryTemplateLibrary::parse(libraryText, libraryPath);
    return t;
}

} // namespace crsw
