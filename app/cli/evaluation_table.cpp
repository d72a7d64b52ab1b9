#include "evaluation_table.h"

#include <cmath>
#include <cstdio>

namespace crsw::cli {

std::string evaluationTable(const EvaluationResult &result)
{
    std::string text = "setting                            condition       n";
    std::vector<std::size_t> columns;
    for (std::size_t c = 0; c < result.metricNames.size(); ++c) {
        if (result.metricNames[c].rfind("mrr", 0) == 0)
            continue;
        columns.push_back(c);
        char head[32];
        std::snprintf(head, sizeof head, " %9s", result.metricNames[c].c_str());
        text += head;
    }
    text += "\n";
    for (const SettingScores &setting : result.settings) {
        char name[64];
        std::snprintf(name, sizeof name, "filtered=%-5s exclude_seen=%-5s", setting.filtered ? "True" : "False",
                      setting.excludeSeen ? "True" : "False");
        for (const ConditionSummary &row : setting.summary) {
            char line[96];
            std::snprintf(line, sizeof line, "%-35s%-14s%5zu", name, row.condition.c_str(), row.samples);
            text += line;
            for (std::size_t c : columns) {
                char value[32];
                const double mean = row.stats[c].mean;
                if (std::isnan(mean))
                    std::snprintf(value, sizeof value, " %9s", "-");
                else
                    std::snprintf(value, sizeof value, " %9.4f", mean);
                text += value;
            }
            text += "\n";
        }
    }
    return text;
}

} // namespace crsw::cli
