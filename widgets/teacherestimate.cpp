#include "teacherestimate.h"

#include <QCoreApplication>
#include <QLocale>

#include <algorithm>

namespace crsw {

namespace {

// An answer streams at roughly this many tokens per second on common
// endpoints; with the connection test's round trip it gives the latency.
constexpr double kTokensPerSecond = 60.0;
constexpr double kAssumedRoundTripSeconds = 1.0;

QString tr(const char *text)
{
    return QCoreApplication::translate("crsw::TeacherEstimate", text);
}

// One phase: the slower of what the concurrency allows and what the rate limit allows.
double phaseSeconds(std::size_t requests, double secondsPerAnswer, const TeacherSettings &settings)
{
    const double byConcurrency = double(requests) * secondsPerAnswer / double(std::max(1, settings.concurrency));
    const double byRate = settings.requestsPerMinute > 0 ? double(requests) * 60.0 / settings.requestsPerMinute : 0.0;
    return std::max(byConcurrency, byRate);
}

} // namespace

QString formatDuration(double seconds)
{
    const QLocale locale;
    if (seconds < 90)
        return tr("%1 s").arg(locale.toString(std::max(1.0, seconds), 'f', 0));
    if (seconds < 5400)
        return tr("%1 min").arg(locale.toString(seconds / 60.0, 'f', 0));
    return tr("%1 h").arg(locale.toString(seconds / 3600.0, 'f', 1));
}

TeacherEstimate TeacherEstimate::make(const SynthTeacherPreview &preview, const TeacherSettings &settings,
                                      const PriceTable &prices, qint64 measuredLatencyMs)
{
    TeacherEstimate e;
    e.queryRequests = preview.queryRequests.size();
    e.recommendRequests = preview.recommendRequests.size();
    e.projected = preview.projectedRecommendRequests;
    std::vector<ChatRequest> all = preview.queryRequests;
    all.insert(all.end(), preview.recommendRequests.begin(), preview.recommendRequests.end());
    e.cost = estimateCost(all, prices);
    e.latencyMeasured = measuredLatencyMs >= 0;
    const double roundTrip = e.latencyMeasured ? double(measuredLatencyMs) / 1000.0 : kAssumedRoundTripSeconds;
    const double completionPerAnswer = all.empty() ? 0.0 : double(e.cost.completionTokens) / double(all.size());
    e.secondsPerAnswer = roundTrip + completionPerAnswer / kTokensPerSecond;
    // The phases run one after the other: prompt 2 needs prompt 1's queries.
    e.seconds = phaseSeconds(e.queryRequests, e.secondsPerAnswer, settings)
                + phaseSeconds(e.recommendRequests, e.secondsPerAnswer, settings);
    return e;
}

QString TeacherEstimate::text() const
{
    const QLocale locale;
    QString text = tr("%1 requests: %2 for queries (prompt 1) and %3 for ground truth (prompt 2)")
                       .arg(locale.toString(qulonglong(requests())), locale.toString(qulonglong(queryRequests)),
                            locale.toString(qulonglong(recommendRequests)));
    if (projected > 0)
        text += tr(", of which %1 projected from the templates").arg(locale.toString(qulonglong(projected)));
    text += QLatin1Char('\n');
    text += tr("At most %1 prompt + %2 completion tokens; cost up to $%3")
                .arg(locale.toString(qlonglong(cost.promptTokens)), locale.toString(qlonglong(cost.completionTokens)),
                     locale.toString(cost.usd, 'f', cost.usd < 1 ? 4 : 2));
    if (!cost.unpricedModels.empty())
        text += tr(" (not in the price table, costed at $0: %1)")
                    .arg(QString::fromStdString(cost.unpricedModels.front()));
    text += QLatin1Char('\n');
    text += tr("About %1 at %2 s per answer (%3); cached answers cost nothing")
                .arg(formatDuration(seconds), locale.toString(secondsPerAnswer, 'f', 1),
                     latencyMeasured ? tr("latency from Test Connection") : tr("assumed; Test Connection measures it"));
    return text;
}

} // namespace crsw
