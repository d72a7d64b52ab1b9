#include "eval/he_protocol.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace crsw {

std::vector<std::string> metricNames(const std::vector<int> &ks)
{
    std::vector<std::string> names;
    for (int k : ks)
        for (const char *metric : {"recall", "ndcg", "mrr"})
            names.push_back(std::string(metric) + "@" + std::to_string(k));
    return names;
}

namespace {

// NumPy's pairwise summation (what pandas' mean() adds with): blocks of 8
// partial sums up to 128 values, halving above. Using the same order makes our
// means equal to the published ones to the last bit, not just to 1e-15.
double pairwiseSum(const double *a, std::size_t n)
{
    if (n < 8) {
        double sum = 0.0;
        for (std::size_t i = 0; i < n; ++i)
            sum += a[i];
        return sum;
    }
    if (n <= 128) {
        double r[8];
        for (int j = 0; j < 8; ++j)
            r[j] = a[j];
        std::size_t i = 8;
        for (; i < n - (n % 8); i += 8)
            for (int j = 0; j < 8; ++j)
                r[j] += a[i + static_cast<std::size_t>(j)];
        double sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; ++i)
            sum += a[i];
        return sum;
    }
    std::size_t half = n / 2;
    half -= half % 8;
    return pairwiseSum(a, half) + pairwiseSum(a + half, n - half);
}

} // namespace

MetricStat summarize(const std::vector<double> &values)
{
    const double nan = std::numeric_limits<double>::quiet_NaN();
    MetricStat stat{nan, nan, nan};
    const std::size_t n = values.size();
    if (n == 0)
        return stat;
    stat.mean = pairwiseSum(values.data(), n) / double(n);
    if (n < 2)
        return stat;
    // The squared deviations are added in order, as the pandas of He et al.'s
    // files did (their standard errors match this to the last bit in 34 of 36 cells).
    double squares = 0;
    for (double v : values)
        squares += (stat.mean - v) * (stat.mean - v);
    stat.se = std::sqrt(squares / double(n - 1)) / std::sqrt(double(n));
    stat.ci = 1.96 * stat.se;
    return stat;
}

SettingScores scoreSetting(const std::vector<TurnPredictions> &turns, bool filtered, bool excludeSeen,
                           const ProtocolOptions &options)
{
    SettingScores scores;
    scores.filtered = filtered;
    scores.excludeSeen = excludeSeen;
    const std::size_t columns = options.ks.size() * 3;

    for (std::size_t t = 0; t < turns.size(); ++t) {
        const TurnPredictions &turn = turns[t];
        const auto seen = [&](const std::string &name) {
            return std::find(turn.prevList.begin(), turn.prevList.end(), name) != turn.prevList.end();
        };
        std::vector<const std::string *> predictions;
        predictions.reserve(turn.recList.size());
        for (const MatchedTitle &match : turn.recList) {
            if (filtered && match.minEditDistance > options.threshold)
                continue;
            if (excludeSeen && seen(match.nearestMovie))
                continue;
            predictions.push_back(&match.nearestMovie);
        }
        for (const std::string &gt : turn.gtList) {
            SampleScore sample;
            sample.turn = t;
            sample.groundTruth = gt;
            sample.discussion = seen(gt);
            sample.values.reserve(columns);
            // The first position of the ground truth decides every metric.
            std::size_t rank = predictions.size();
            for (std::size_t r = 0; r < predictions.size(); ++r) {
                if (*predictions[r] == gt) {
                    rank = r;
                    break;
                }
            }
            for (int k : options.ks) {
                const bool hit = rank < std::min<std::size_t>(static_cast<std::size_t>(k), predictions.size());
                sample.values.push_back(hit ? 1.0 : 0.0);
                sample.values.push_back(hit ? 1.0 / std::log2(double(rank) + 2.0) : 0.0);
                sample.values.push_back(hit ? 1.0 / (double(rank) + 1.0) : 0.0);
            }
            scores.samples.push_back(std::move(sample));
        }
    }

    for (const char *condition : {"recommendation", "discussion", "all"}) {
        ConditionSummary row;
        row.condition = condition;
        const std::string which = condition;
        std::vector<std::vector<double>> columnValues(columns);
        for (const SampleScore &sample : scores.samples) {
            if ((which == "recommendation" && sample.discussion) || (which == "discussion" && !sample.discussion))
                continue;
            ++row.samples;
            for (std::size_t c = 0; c < columns; ++c)
                columnValues[c].push_back(sample.values[c]);
        }
        for (const auto &values : columnValues)
            row.stats.push_back(summarize(values));
        scores.summary.push_back(std::move(row));
    }
    return scores;
}

std::vector<SettingScores> scoreAllSettings(const std::vector<TurnPredictions> &turns, const ProtocolOptions &options)
{
    std::vector<SettingScores> all;
    for (bool filtered : {false, true})
        for (bool excludeSeen : {false, true})
            all.push_back(scoreSetting(turns, filtered, excludeSeen, options));
    return all;
}

} // namespace crsw
