#pragma once

#include <cstdint>

namespace crsw {

/// Requests-per-minute and tokens-per-minute limits as two token buckets.
///
/// The request bucket holds at most max(1, rpm / 600) requests (100 ms of
/// the rate), so requests go out evenly spaced rather than in a burst that
/// the endpoint would answer with 429s. The token bucket holds one second of
/// its rate; a request bigger than that may go when the bucket is full and
/// leaves it in debt. Not thread-safe; the caller passes a steady clock in ms.
class RateLimiter {
public:
    /// A limit <= 0 is no limit.
    RateLimiter(double requestsPerMinute, double tokensPerMinute);

    /// 0 when a request of `tokens` may go now (it is then charged), else the
    /// milliseconds to wait before asking again.
    std::int64_t acquire(std::int64_t tokens, std::int64_t nowMs);
    /// Corrects a charge once the endpoint reports usage: positive returns
    /// tokens to the bucket (the estimate was high), negative takes more.
    void correct(std::int64_t tokens);

private:
    void refill(std::int64_t nowMs);

    double m_requestRate = 0;   // per ms; 0 = unlimited
    double m_tokenRate = 0;
    double m_requestCap = 1;
    double m_tokenCap = 0;
    double m_requests = 0;      // current levels
    double m_tokens = 0;
    std::int64_t m_lastMs = 0;
    bool m_started = false;
};

} // namespace crsw
