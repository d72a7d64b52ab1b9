#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string>

namespace crsw {

/// When and how often a request is retried after 429, 408, 5xx, a timeout or
/// a connection error.
struct RetryPolicy {
    int maxAttempts = 6;          ///< HTTP attempts per request, the first included
    int baseDelayMs = 1000;       ///< backoff cap of the first retry, doubled each retry
    int maxDelayMs = 60000;       ///< backoff cap
    int maxRetryAfterMs = 600000; ///< a longer Retry-After is cut to this
};

/// Exponential backoff with full jitter (AWS architecture blog): a uniform
/// delay in [0, min(maxDelayMs, baseDelayMs * 2^(failedAttempts - 1))].
std::int64_t backoffDelayMs(const RetryPolicy &policy, int failedAttempts, std::mt19937_64 &rng);

/// A Retry-After header value in milliseconds from `nowUtcMs` (ms since the
/// epoch): delay-seconds ("3", "1.5") or an HTTP date
/// ("Wed, 21 Oct 2015 07:28:00 GMT"); a date in the past gives 0. nullopt
/// when the value is neither.
std::optional<std::int64_t> parseRetryAfterMs(const std::string &value, std::int64_t nowUtcMs);

/// Whether an HTTP status is worth retrying: 408, 409, 429 and 5xx.
bool isRetryableStatus(int status);
/// Whether an HTTP status is an authentication failure (401, 403).
bool isAuthStatus(int status);

} // namespace crsw
