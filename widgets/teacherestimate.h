#pragma once

#include "teachersettings.h"

#include "pipeline/synth_stage.h"

#include <QString>
#include <QStringList>

namespace crsw {

/// What a teacher run will send, cost and take, shown for the user to
/// confirm before anything is sent: from the run's preview (phase 1 exact,
/// phase 2 partly projected), the price table and the endpoint's
/// concurrency and requests/minute.
struct TeacherEstimate {
    std::size_t queryRequests = 0;      ///< phase 1
    std::size_t recommendRequests = 0;  ///< phase 2 (exact + projected)
    std::size_t projected = 0;          ///< of which projected
    CostEstimate cost;                  ///< all requests: tokens (prompt estimated, completion = max_tokens) and USD
    double secondsPerAnswer = 0;        ///< the latency the time assumes
    bool latencyMeasured = false;       ///< from Test Connection (else assumed)
    double seconds = 0;                 ///< the whole run

    /// Estimates a run of `preview` under `settings`; `measuredLatencyMs` is
    /// the last connection test's latency (< 0: none).
    static TeacherEstimate make(const SynthTeacherPreview &preview, const TeacherSettings &settings,
                                const PriceTable &prices, qint64 measuredLatencyMs);
    /// All requests.
    std::size_t requests() const { return queryRequests + recommendRequests; }
    /// A few lines for the page: requests, tokens, cost, time.
    QString text() const;
};

/// "45 s", "12 min", "3.2 h".
QString formatDuration(double seconds);

} // namespace crsw
