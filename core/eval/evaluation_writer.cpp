#include "eval/evaluation_writer.h"

#include "common/atomic_file.h"
#include "common/csv.h"
#include "common/python_float.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace crsw {

namespace {

const char *pythonBool(bool value) { return value ? "True" : "False"; }

std::string cell(double value)
{
    // pandas writes NaN as an empty field.
    return std::isnan(value) ? std::string() : pythonFloatRepr(value);
}

std::string settingSuffix(bool filtered, bool excludeSeen)
{
    return std::string("filtered_") + pythonBool(filtered) + "_exclude_seen_" + pythonBool(excludeSeen) + ".csv";
}

} // namespace

std::string summaryFileName(bool filtered, bool excludeSeen) { return "summary_" + settingSuffix(filtered, excludeSeen); }

std::string samplesFileName(bool filtered, bool excludeSeen) { return "samples_" + settingSuffix(filtered, excludeSeen); }

std::string summaryCsv(const SettingScores &scores, const std::vector<std::string> &metricNames)
{
    std::vector<std::string> header{"condition"};
    for (const std::string &metric : metricNames)
        for (const char *part : {"_mean", "_se", "_ci"})
            header.push_back(metric + part);
    std::string out = csvLine(header) + "\n";
    for (const ConditionSummary &row : scores.summary) {
        std::vector<std::string> fields{row.condition};
        for (const MetricStat &stat : row.stats) {
            fields.push_back(cell(stat.mean));
            fields.push_back(cell(stat.se));
            fields.push_back(cell(stat.ci));
        }
        out += csvLine(fields) + "\n";
    }
    return out;
}

std::string samplesCsv(const SettingScores &scores, const EvaluationResult &result)
{
    std::vector<std::string> header{"idx", "dialog_id", "turn_id", "ground_truth", "condition"};
    header.insert(header.end(), result.metricNames.begin(), result.metricNames.end());
    std::string out = csvLine(header) + "\n";
    for (const SampleScore &sample : scores.samples) {
        std::vector<std::string> fields{std::to_string(sample.turn), result.dialogIds[sample.turn],
                                        result.turnIds[sample.turn], sample.groundTruth,
                                        sample.discussion ? "dis" : "rec"};
        for (double value : sample.values)
            fields.push_back(cell(value));
        out += csvLine(fields) + "\n";
    }
    return out;
}

std::string matchesJsonl(const EvaluationResult &result)
{
    std::string out;
    for (std::size_t t = 0; t < result.turns.size(); ++t) {
        const TurnPredictions &turn = result.turns[t];
        nlohmann::ordered_json line;
        line["index"] = t;
        line["dialog_id"] = result.dialogIds[t];
        line["turn_id"] = result.turnIds[t];
        nlohmann::ordered_json recList = nlohmann::ordered_json::array();
        for (const MatchedTitle &match : turn.recList) {
            nlohmann::ordered_json entry;
            entry["movie_name"] = match.movieName;
            entry["min_edit_distance"] = match.minEditDistance;
            entry["nearest_movie"] = match.nearestMovie;
            recList.push_back(std::move(entry));
        }
        line["rec_list"] = std::move(recList);
        line["gt_list"] = turn.gtList;
        line["prev_list"] = turn.prevList;
        out += line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    }
    return out;
}

std::vector<std::string> writeEvaluationOutputs(const std::string &dir, const EvaluationResult &result,
                                                const EvaluationOptions &options)
{
    makeDirectories(dir);
    std::vector<std::string> written;
    const auto write = [&](const std::string &name, const std::string &contents) {
        const std::string path = dir + "/" + name;
        writeFileAtomically(path, contents);
        written.push_back(path);
    };
    nlohmann::ordered_json summary;
    summary["protocol"] = "He et al. 2023 (METHOD.md section 6); ties broken by lowest entity id";
    summary["matches"] = result.usedRecordedMatches ? "recorded (rec_list)" : "parsed and matched";
    summary["threshold"] = options.protocol.threshold;
    summary["ks"] = options.protocol.ks;
    summary["turns"] = result.turns.size();
    summary["predictions"] = result.predictions;
    summary["exact_matches"] = result.exactMatches;
    summary["within_threshold"] = result.withinThreshold;
    nlohmann::ordered_json settings = nlohmann::ordered_json::array();
    for (const SettingScores &scores : result.settings) {
        write(summaryFileName(scores.filtered, scores.excludeSeen), summaryCsv(scores, result.metricNames));
        write(samplesFileName(scores.filtered, scores.excludeSeen), samplesCsv(scores, result));
        nlohmann::ordered_json setting;
        setting["filtered"] = scores.filtered;
        setting["exclude_seen"] = scores.excludeSeen;
        for (const ConditionSummary &row : scores.summary) {
            nlohmann::ordered_json means;
            means["samples"] = row.samples;
            for (std::size_t c = 0; c < row.stats.size(); ++c)
                means[result.metricNames[c]] = std::isnan(row.stats[c].mean) ? nlohmann::ordered_json() : nlohmann::ordered_json(row.stats[c].mean);
            setting[row.condition] = std::move(means);
        }
        settings.push_back(std::move(setting));
    }
    summary["settings"] = std::move(settings);
    write("matches.jsonl", matchesJsonl(result));
    write("evaluation.json", summary.dump(2) + "\n");
    return written;
}

} // namespace crsw
