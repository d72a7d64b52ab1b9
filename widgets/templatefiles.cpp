#include "templatefiles.h"

#include "common/error.h"
#include "synth/default_templates.h"
#include "synth/query_template_library.h"

#include <cstdlib>

namespace crsw {

namespace {

PromptTemplate prompt(TemplateFiles::Kind kind, const QString &text)
{
    return PromptTemplate(text.toStdString(), TemplateFiles::rules(kind), TemplateFiles::sourceName(kind).toStdString());
}

// The core names the column in the error's field ("column 7").
int columnOf(const std::string &field)
{
    const std::string prefix = "column ";
    return field.rfind(prefix, 0) == 0 ? std::atoi(field.c_str() + prefix.size()) : 0;
}

} // namespace

QList<TemplateFiles::Kind> TemplateFiles::all()
{
    return {Kind::Queries, Kind::BaselineQueries, Kind::Recommend, Kind::Library};
}

QString TemplateFiles::fileName(Kind kind)
{
    switch (kind) {
    case Kind::Queries:
        return QString::fromLatin1(SynthTemplates::kQueriesFile);
    case Kind::BaselineQueries:
        return QString::fromLatin1(SynthTemplates::kBaselineQueriesFile);
    case Kind::Recommend:
        return QString::fromLatin1(SynthTemplates::kRecommendFile);
    case Kind::Library:
        return QString::fromLatin1(SynthTemplates::kQueryTemplatesFile);
    }
    return {};
}

QString TemplateFiles::sourceName(Kind kind)
{
    return QStringLiteral("templates/") + fileName(kind);
}

QString TemplateFiles::title(Kind kind)
{
    switch (kind) {
    case Kind::Queries:
        return tr("Prompt 1");
    case Kind::BaselineQueries:
        return tr("Prompt 1 (baseline)");
    case Kind::Recommend:
        return tr("Prompt 2");
    case Kind::Library:
        return tr("Query templates");
    }
    return {};
}

QString TemplateFiles::description(Kind kind)
{
    switch (kind) {
    case Kind::Queries:
        return tr("queries.txt asks the teacher for user queries grounded in the selected review, two more reviews of "
                  "its item and the item's metadata. Placeholders: {reviews}, {metadata}, {examples} (required), {n}.");
    case Kind::BaselineQueries:
        return tr("queries_baseline.txt is prompt 1 of the \"GPT-generated\" baseline: no reviews or metadata, only "
                  "the query templates. Placeholders: {examples} (required), {n}.");
    case Kind::Recommend:
        return tr("recommend.txt is He et al.'s recommender prompt that turns each query into 20 ground-truth items. "
                  "Placeholder: {conversation} (required).");
    case Kind::Library:
        return tr("query_templates.txt holds the short, real-style requests whose tone and form the teacher "
                  "imitates, one a line ('#' starts a comment). Slots: {genre}, {aspect}, {aspect2}, {like}.");
    }
    return {};
}

QString TemplateFiles::defaultText(Kind kind)
{
    // The library's default is the file loadOrCreate() writes, comments included.
    switch (kind) {
    case Kind::Queries:
        return QString::fromStdString(defaulttemplates::queriesPrompt());
    case Kind::BaselineQueries:
        return QString::fromStdString(defaulttemplates::baselineQueriesPrompt());
    case Kind::Recommend:
        return QString::fromStdString(defaulttemplates::recommendPrompt());
    case Kind::Library:
        return QString::fromStdString(defaulttemplates::queryTemplates());
    }
    return {};
}

PromptTemplate::Rules TemplateFiles::rules(Kind kind)
{
    switch (kind) {
    case Kind::Queries:
        return SynthTemplates::queriesRules();
    case Kind::BaselineQueries:
        return SynthTemplates::baselineQueriesRules();
    case Kind::Recommend:
        return SynthTemplates::recommendRules();
    case Kind::Library:
        return QueryTemplateLibrary::rules();
    }
    return {};
}

TemplateFiles::Problem TemplateFiles::validate(Kind kind, const QString &text)
{
    try {
        if (kind == Kind::Library)
            QueryTemplateLibrary::parse(text.toStdString(), sourceName(kind).toStdString());
        else
            prompt(kind, text);
    } catch (const Error &e) {
        return {QString::fromStdString(e.what()), int(e.where().line), columnOf(e.where().field)};
    }
    return {};
}

SynthTemplates TemplateFiles::compile(const QMap<Kind, QString> &texts)
{
    SynthTemplates t;
    t.queries = prompt(Kind::Queries, texts.value(Kind::Queries));
    t.baselineQueries = prompt(Kind::BaselineQueries, texts.value(Kind::BaselineQueries));
    t.recommend = prompt(Kind::Recommend, texts.value(Kind::Recommend));
    t.library = QueryTemplateLibrary::parse(texts.value(Kind::Library).toStdString(),
                                            sourceName(Kind::Library).toStdString());
    return t;
}

} // namespace crsw
