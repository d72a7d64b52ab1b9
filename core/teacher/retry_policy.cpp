#include "teacher/retry_policy.h"

#include <QDateTime>
#include <QLocale>
#include <QTimeZone>
#include <QString>

#include <algorithm>
#include <cmath>

namespace crsw {

std::int64_t backoffDelayMs(const RetryPolicy &policy, int failedAttempts, std::mt19937_64 &rng)
{
    // Full jitter spreads the retries of many requests that failed together
    // (a 503 burst) instead of sending them back in one wave.
    const int exponent = std::clamp(failedAttempts - 1, 0, 30);
    const double cap = std::min<double>(policy.maxDelayMs, std::ldexp(double(policy.baseDelayMs), exponent));
    std::uniform_real_distribution<double> uniform(0.0, std::max(0.0, cap));
    return static_cast<std::int64_t>(uniform(rng));
}

std::optional<std::int64_t> parseRetryAfterMs(const std::string &value, std::int64_t nowUtcMs)
{
    const QString text = QString::fromStdString(value).trimmed();
    if (text.isEmpty())
        return std::nullopt;
    bool isNumber = false;
    const double seconds = text.toDouble(&isNumber);
    if (isNumber)
        return seconds > 0 && std::isfinite(seconds) ? static_cast<std::int64_t>(std::ceil(seconds * 1000.0)) : 0;
    // HTTP dates (RFC 9110 IMF-fixdate); the C locale reads English day and month names.
    QDateTime when = QLocale::c().toDateTime(text, QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    if (!when.isValid())
        when = QDateTime::fromString(text, Qt::RFC2822Date);
    if (!when.isValid())
        return std::nullopt;
    when.setTimeZone(QTimeZone::utc());
    return std::max<std::int64_t>(0, when.toMSecsSinceEpoch() - nowUtcMs);
}

bool isRetryableStatus(int status)
{
    return status == 408 || status == 409 || status == 429 || (status >= 500 && status <= 599);
}

bool isAuthStatus(int status)
{
    return status == 401 || status == 403;
}

} // namespace crsw
