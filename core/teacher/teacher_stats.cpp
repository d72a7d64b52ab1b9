#include "teacher/teacher_stats.h"

#include <cstdio>

namespace crsw {

namespace {

std::string withThousands(std::int64_t n)
{
    std::string digits = std::to_string(n < 0 ? -n : n);
    for (int i = int(digits.size()) - 3; i > 0; i -= 3)
        digits.insert(std::size_t(i), ",");
    return (n < 0 ? "-" : "") + digits;
}

} // namespace

std::string formatTeacherStats(const TeacherStats &s)
{
    char rate[64];
    std::snprintf(rate, sizeof rate, "%.1f req/s", s.requestsPerSecond);
    char cost[64];
    std::snprintf(cost, sizeof cost, "$%.4f", s.costUsd);
    std::string text = std::to_string(s.done) + "/" + std::to_string(s.total) + " done, " + rate + ", " +
                       withThousands(s.promptTokens + s.completionTokens) + " tokens, " + cost + ", " +
                       std::to_string(s.retries) + " retries, " + std::to_string(s.failed) + " failed";
    if (s.fromCache > 0)
        text += ", " + std::to_string(s.fromCache) + " cached";
    return text;
}

} // namespace crsw
