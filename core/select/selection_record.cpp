#include "select/selection_record.h"

#include "common/atomic_file.h"
#include "common/csv.h"
#include "common/error.h"
#include "data/amazon/seed_corpus.h"

#include <cmath>
#include <cstdio>
#include <ctime>
#include <unordered_set>

namespace crsw {

namespace {

std::string nowUtc()
{
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

// Shortest text that reads back as the same double (as Python's repr).
std::string number(double value)
{
    char text[40];
    for (int precision = 15; precision <= 17; ++precision) {
        std::snprintf(text, sizeof text, "%.*g", precision, value);
        if (std::strtod(text, nullptr) == value)
            break;
    }
    return text;
}

bool usesClusters(SelectionStrategy s)
{
    return baseAlgorithm(s) == SelectionStrategy::JS;
}

template <typename T>
T field(const nlohmann::json &object, const char *name, const std::string &source, const std::string &path)
{
    const auto it = object.find(name);
    if (it == object.end())
        throw Error({source, 0, path + name}, "missing");
    try {
        return it->get<T>();
    } catch (const nlohmann::json::exception &) {
        throw Error({source, 0, path + name}, "has the wrong type");
    }
}

} // namespace

SelectionRecord SelectionRecord::fromResult(SelectionResult result, std::size_t rows, std::size_t dimension)
{
    SelectionRecord record;
    record.rows = rows;
    record.dimension = dimension;
    if (!result.clusterOf.empty()) {
        record.clusterSizes.assign(std::size_t(result.params.clusters), 0);
        for (std::uint32_t c : result.clusterOf)
            if (c < record.clusterSizes.size())
                ++record.clusterSizes[c];
        for (std::uint32_t row : result.picks)
            record.pickClusters.push_back(row < result.clusterOf.size() ? result.clusterOf[row] : 0);
    }
    record.totalSeconds = result.clusterSeconds + result.selectSeconds;
    record.result = std::move(result);
    record.created = nowUtc();
    return record;
}

nlohmann::ordered_json SelectionRecord::toJson() const
{
    const SelectionResult &r = result;
    const SelectionStrategy base = baseAlgorithm(r.strategy);
    nlohmann::ordered_json json;
    json["format"] = kFormat;
    json["version"] = kVersion;
    json["strategy"] = strategyName(r.strategy);
    nlohmann::ordered_json params;
    params["budget"] = r.params.budget;
    params["seed"] = r.params.seed;
    if (base == SelectionStrategy::JS) {
        params["clusters"] = r.params.clusters;
        params["tau"] = r.params.tau;
    }
    if (base == SelectionStrategy::Fisher)
        params["lambda"] = r.params.lambda;
    if (r.strategy == SelectionStrategy::MetadataJS || r.strategy == SelectionStrategy::MetadataFisher)
        params["metadata_weight"] = r.params.metadataWeight;
    if (r.strategy == SelectionStrategy::UserJS || r.strategy == SelectionStrategy::UserFisher)
        params["user_weight"] = r.params.userWeight;
    json["params"] = params;
    json["picks"] = r.picks;
    json["scores"] = r.scores;
    json["rows"] = rows;
    json["dimension"] = dimension;
    nlohmann::ordered_json source;
    source["embeddings"] = embeddings;
    source["centers"] = centersFile.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(centersFile);
    source["manifest"] = manifest;
    json["source"] = source;
    if (usesClusters(r.strategy)) {
        nlohmann::ordered_json clusters;
        clusters["centers_given"] = r.centersGiven;
        clusters["sizes"] = clusterSizes;
        clusters["of_picks"] = pickClusters;
        clusters["inertia"] = r.kmeansInertia;
        clusters["kmeans_iterations"] = r.kmeansIterations;
        json["clusters"] = clusters;
    }
    json["timings"] = {{"cluster_seconds", r.clusterSeconds}, {"select_seconds", r.selectSeconds},
                       {"total_seconds", totalSeconds}};
    json["created"] = created;
    return json;
}

SelectionRecord SelectionRecord::fromJson(const nlohmann::json &json, const std::string &source)
{
    if (!json.is_object())
        throw Error({source, 0, {}}, "not a JSON object");
    const auto format = json.find("format");
    if (format != json.end() && *format != kFormat)
        throw Error({source, 0, "format"}, "not a crsw selection");
    SelectionRecord record;
    SelectionResult &r = record.result;
    try {
        r.strategy = parseStrategy(field<std::string>(json, "strategy", source, ""));
    } catch (const Error &e) {
        throw Error({source, 0, "strategy"}, e.reason());
    }
    const auto params = json.find("params");
    if (params == json.end() || !params->is_object())
        throw Error({source, 0, "params"}, "missing or not an object");
    r.params.budget = field<std::size_t>(*params, "budget", source, "params.");
    if (params->contains("seed"))
        r.params.seed = field<std::uint64_t>(*params, "seed", source, "params.");
    if (params->contains("clusters"))
        r.params.clusters = field<int>(*params, "clusters", source, "params.");
    if (params->contains("tau"))
        r.params.tau = field<double>(*params, "tau", source, "params.");
    if (params->contains("lambda"))
        r.params.lambda = field<double>(*params, "lambda", source, "params.");
    if (params->contains("metadata_weight"))
        r.params.metadataWeight = field<double>(*params, "metadata_weight", source, "params.");
    if (params->contains("user_weight"))
        r.params.userWeight = field<double>(*params, "user_weight", source, "params.");
    r.picks = field<std::vector<std::uint32_t>>(json, "picks", source, "");
    r.scores = field<std::vector<double>>(json, "scores", source, "");
    record.rows = field<std::size_t>(json, "rows", source, "");
    if (json.contains("dimension"))
        record.dimension = field<std::size_t>(json, "dimension", source, "");

    if (r.picks.size() != r.params.budget)
        throw Error({source, 0, "picks"}, std::to_string(r.picks.size()) + " picks for a budget of "
                                              + std::to_string(r.params.budget));
    if (r.scores.size() != r.picks.size())
        throw Error({source, 0, "scores"}, std::to_string(r.scores.size()) + " scores for "
                                               + std::to_string(r.picks.size()) + " picks");
    std::unordered_set<std::uint32_t> seen;
    for (std::size_t t = 0; t < r.picks.size(); ++t) {
        if (r.picks[t] >= record.rows)
            throw Error({source, 0, "picks[" + std::to_string(t) + "]"},
                        "row " + std::to_string(r.picks[t]) + " is outside the " + std::to_string(record.rows) + " rows");
        if (!seen.insert(r.picks[t]).second)
            throw Error({source, 0, "picks[" + std::to_string(t) + "]"},
                        "row " + std::to_string(r.picks[t]) + " is picked twice");
    }

    if (const auto src = json.find("source"); src != json.end() && src->is_object()) {
        if (src->contains("embeddings") && (*src)["embeddings"].is_string())
            record.embeddings = (*src)["embeddings"].get<std::string>();
        if (src->contains("centers") && (*src)["centers"].is_string())
            record.centersFile = (*src)["centers"].get<std::string>();
        if (src->contains("manifest"))
            record.manifest = (*src)["manifest"];
    }
    if (const auto clusters = json.find("clusters"); clusters != json.end() && clusters->is_object()) {
        if (clusters->contains("sizes"))
            record.clusterSizes = field<std::vector<std::size_t>>(*clusters, "sizes", source, "clusters.");
        if (clusters->contains("of_picks"))
            record.pickClusters = field<std::vector<std::uint32_t>>(*clusters, "of_picks", source, "clusters.");
        if (!record.pickClusters.empty() && record.pickClusters.size() != r.picks.size())
            throw Error({source, 0, "clusters.of_picks"}, "one cluster per pick expected");
        if (clusters->contains("centers_given"))
            r.centersGiven = field<bool>(*clusters, "centers_given", source, "clusters.");
        if (clusters->contains("inertia"))
            r.kmeansInertia = field<double>(*clusters, "inertia", source, "clusters.");
        if (clusters->contains("kmeans_iterations"))
            r.kmeansIterations = field<int>(*clusters, "kmeans_iterations", source, "clusters.");
    }
    if (const auto timings = json.find("timings"); timings != json.end() && timings->is_object()) {
        r.clusterSeconds = timings->value("cluster_seconds", 0.0);
        r.selectSeconds = timings->value("select_seconds", 0.0);
        record.totalSeconds = timings->value("total_seconds", 0.0);
    }
    if (json.contains("created") && json["created"].is_string())
        record.created = json["created"].get<std::string>();
    return record;
}

void SelectionRecord::write(const std::string &path) const
{
    for (std::size_t t = 0; t < result.scores.size(); ++t)
        if (!std::isfinite(result.scores[t]))
            throw Error({path, 0, "scores[" + std::to_string(t) + "]"}, "not a finite number");
    // One top-level key a line, each value compact: readable with B = 100,000 picks.
    const nlohmann::ordered_json json = toJson();
    std::string text = "{\n";
    bool first = true;
    for (const auto &item : json.items()) {
        text += first ? " " : ",\n ";
        text += nlohmann::json(item.key()).dump() + ": " + item.value().dump();
        first = false;
    }
    writeFileAtomically(path, text + "\n}\n");
}

SelectionRecord SelectionRecord::read(const std::string &path)
{
    const std::string text = readWholeFile(path);
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error &e) {
        throw Error({path, 0, {}}, std::string("not valid JSON: ") + e.what());
    }
    return fromJson(json, path);
}

std::string SelectionRecord::toCsv(const SeedCorpus *corpus) const
{
    if (corpus && corpus->reviewCount() != rows)
        throw Error({{}, 0, "corpus"}, "the corpus has " + std::to_string(corpus->reviewCount())
                                           + " reviews but the selection was made on " + std::to_string(rows) + " rows");
    std::vector<std::string> header = {"step", "row", "score"};
    const bool clusters = !pickClusters.empty();
    if (clusters)
        header.push_back("cluster");
    if (corpus)
        for (const char *name : {"item", "user", "reviews_file", "reviews_line", "rating"})
            header.push_back(name);
    std::string out = csvLine(header) + "\n";
    for (std::size_t t = 0; t < result.picks.size(); ++t) {
        std::vector<std::string> line = {std::to_string(t), std::to_string(result.picks[t]), number(result.scores[t])};
        if (clusters)
            line.push_back(std::to_string(pickClusters[t]));
        if (corpus) {
            const CorpusReview &review = corpus->review(result.picks[t]);
            line.emplace_back(corpus->itemAsin(review.item));
            line.emplace_back(corpus->userId(review.user));
            line.push_back(std::to_string(review.sourceFile));
            line.push_back(std::to_string(review.sourceLine));
            line.push_back(number(review.rating));
        }
        out += csvLine(line) + "\n";
    }
    return out;
}

void SelectionRecord::writeCsv(const std::string &path, const SeedCorpus *corpus) const
{
    writeFileAtomically(path, toCsv(corpus));
}

} // namespace crsw
