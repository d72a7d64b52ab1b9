#include "synth/synth_record.h"

#include "common/error.h"

namespace crsw {

namespace {

using Json = nlohmann::json;
using OJson = nlohmann::ordered_json;

[[noreturn]] void bad(const std::string &field, const std::string &reason)
{
    throw Error({{}, 0, field}, reason);
}

const Json &member(const Json &object, const char *key, const std::string &path)
{
    const auto it = object.find(key);
    if (it == object.end())
        bad(path + key, "missing");
    return *it;
}

std::string text(const Json &object, const char *key, const std::string &path = {})
{
    const Json &v = member(object, key, path);
    if (!v.is_string())
        bad(path + key, std::string("expected a string, got ") + v.type_name());
    return v.get<std::string>();
}

std::uint64_t count(const Json &object, const char *key, const std::string &path = {})
{
    const Json &v = member(object, key, path);
    if (!v.is_number_unsigned() && !(v.is_number_integer() && v.get<std::int64_t>() >= 0))
        bad(path + key, std::string("expected a non-negative integer, got ") + v.dump());
    return v.get<std::uint64_t>();
}

const Json &array(const Json &object, const char *key, const std::string &path = {})
{
    const Json &v = member(object, key, path);
    if (!v.is_array())
        bad(path + key, std::string("expected an array, got ") + v.type_name());
    return v;
}

OJson turnJson(const SynthTurn &t)
{
    return {{"template", t.templateFile},
            {"prompt", t.prompt},
            {"response", t.response},
            {"usage", {{"prompt_tokens", t.usage.promptTokens}, {"completion_tokens", t.usage.completionTokens}}},
            {"cost_usd", t.costUsd},
            {"attempts", t.attempts},
            {"from_cache", t.fromCache},
            {"model", t.model},
            {"finish_reason", t.finishReason},
            {"started_at", t.startedAt},
            {"finished_at", t.finishedAt}};
}

SynthTurn turnFrom(const Json &object, const std::string &path)
{
    if (!object.is_object())
        bad(path, "expected an object");
    const std::string p = path + ".";
    SynthTurn t;
    t.templateFile = text(object, "template", p);
    t.prompt = text(object, "prompt", p);
    t.response = text(object, "response", p);
    const Json &usage = member(object, "usage", p);
    if (!usage.is_object())
        bad(p + "usage", "expected an object");
    t.usage.promptTokens = std::int64_t(count(usage, "prompt_tokens", p + "usage."));
    t.usage.completionTokens = std::int64_t(count(usage, "completion_tokens", p + "usage."));
    t.costUsd = object.value("cost_usd", 0.0);
    t.attempts = object.value("attempts", 0);
    t.fromCache = object.value("from_cache", false);
    t.model = object.value("model", std::string());
    t.finishReason = object.value("finish_reason", std::string());
    t.startedAt = object.value("started_at", std::string());
    t.finishedAt = object.value("finished_at", std::string());
    return t;
}

OJson optionalText(const std::string &s)
{
    return s.empty() ? OJson() : OJson(s);
}

} // namespace

std::size_t SynthRecord::unmatchedTitles() const
{
    std::size_t n = 0;
    for (const SynthTitle &t : groundTruth)
        n += t.asin ? 0 : 1;
    return n;
}

OJson SynthRecord::toJson() const
{
    OJson reviews = OJson::array();
    for (const SynthSeedReview &r : seedReviews)
        reviews.push_back({{"row", r.row}, {"id", r.id}, {"reviews_file", r.file}, {"reviews_line", r.line}});
    OJson truth = OJson::array();
    for (const SynthTitle &t : groundTruth)
        truth.push_back({{"title", t.title}, {"asin", t.asin ? OJson(*t.asin) : OJson()}, {"distance", t.distance}});
    OJson item;
    if (!itemAsin.empty())
        item = {{"parent_asin", itemAsin}, {"title", itemTitle}};
    return {{"format", kFormat},
            {"version", kVersion},
            {"key", key},
            {"query", query},
            {"ground_truth", truth},
            {"query_index", queryIndex},
            {"mode", baseline ? "baseline" : "seeded"},
            {"synthesizer", synthesizer},
            {"model", optionalText(model)},
            {"temperature", temperature ? OJson(*temperature) : OJson()},
            {"seed", seed},
            {"selection", {{"file", selection}, {"strategy", strategy}, {"step", step}, {"row", row}}},
            {"item", item},
            {"seed_reviews", reviews},
            {"templates", {{"indices", templateIndices}, {"texts", templates}}},
            {"queries", turnJson(queries)},
            {"recommend", turnJson(recommend)},
            {"created", created}};
}

SynthRecord SynthRecord::fromJson(const Json &json)
{
    if (!json.is_object())
        bad({}, std::string("expected a JSON object, got ") + json.type_name());
    if (json.value("format", std::string()) != kFormat)
        bad("format", std::string("not a \"") + kFormat + "\" record");
    SynthRecord r;
    r.key = text(json, "key");
    r.query = text(json, "query");
    const Json &truth = array(json, "ground_truth");
    for (std::size_t i = 0; i < truth.size(); ++i) {
        const std::string p = "ground_truth[" + std::to_string(i) + "].";
        if (!truth[i].is_object())
            bad(p.substr(0, p.size() - 1), "expected an object");
        SynthTitle t;
        t.title = text(truth[i], "title", p);
        const Json &asin = member(truth[i], "asin", p);
        if (asin.is_string())
            t.asin = asin.get<std::string>();
        else if (!asin.is_null())
            bad(p + "asin", "expected a string or null");
        t.distance = truth[i].value("distance", -1);
        r.groundTruth.push_back(std::move(t));
    }
    r.queryIndex = count(json, "query_index");
    const std::string mode = text(json, "mode");
    if (mode != "seeded" && mode != "baseline")
        bad("mode", "expected \"seeded\" or \"baseline\", got \"" + mode + "\"");
    r.baseline = mode == "baseline";
    r.synthesizer = text(json, "synthesizer");
    if (json.contains("model") && json["model"].is_string())
        r.model = json["model"].get<std::string>();
    if (json.contains("temperature") && json["temperature"].is_number())
        r.temperature = json["temperature"].get<double>();
    r.seed = count(json, "seed");
    const Json &selection = member(json, "selection", {});
    if (!selection.is_object())
        bad("selection", "expected an object");
    r.selection = selection.value("file", std::string());
    r.strategy = selection.value("strategy", std::string());
    r.step = count(selection, "step", "selection.");
    r.row = std::uint32_t(count(selection, "row", "selection."));
    const Json &item = member(json, "item", {});
    if (item.is_object()) {
        r.itemAsin = text(item, "parent_asin", "item.");
        r.itemTitle = text(item, "title", "item.");
    } else if (!item.is_null()) {
        bad("item", "expected an object or null");
    }
    const Json &reviews = array(json, "seed_reviews");
    for (std::size_t i = 0; i < reviews.size(); ++i) {
        const std::string p = "seed_reviews[" + std::to_string(i) + "].";
        r.seedReviews.push_back({std::uint32_t(count(reviews[i], "row", p)), text(reviews[i], "id", p),
                                 std::uint32_t(reviews[i].value("reviews_file", 0u)),
                                 std::uint32_t(reviews[i].value("reviews_line", 0u))});
    }
    const Json &templates = member(json, "templates", {});
    if (!templates.is_object())
        bad("templates", "expected an object");
    for (const Json &index : array(templates, "indices", "templates."))
        r.templateIndices.push_back(index.get<std::size_t>());
    for (const Json &t : array(templates, "texts", "templates."))
        r.templates.push_back(t.get<std::string>());
    r.queries = turnFrom(member(json, "queries", {}), "queries");
    r.recommend = turnFrom(member(json, "recommend", {}), "recommend");
    r.created = json.value("created", std::string());
    return r;
}

} // namespace crsw
