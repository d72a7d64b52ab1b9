#include "teacher/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace crsw {

RateLimiter::RateLimiter(double requestsPerMinute, double tokensPerMinute)
{
    if (requestsPerMinute > 0) {
        m_requestRate = requestsPerMinute / 60000.0;
        m_requestCap = std::max(1.0, requestsPerMinute / 600.0);
    }
    if (tokensPerMinute > 0) {
        m_tokenRate = tokensPerMinute / 60000.0;
        m_tokenCap = std::max(1.0, tokensPerMinute / 60.0);
    }
    m_requests = m_requestCap;
    m_tokens = m_tokenCap;
}

void RateLimiter::refill(std::int64_t nowMs)
{
    if (!m_started) {
        m_started = true;
        m_lastMs = nowMs;
        return;
    }
    const double elapsed = double(std::max<std::int64_t>(0, nowMs - m_lastMs));
    m_lastMs = nowMs;
    m_requests = std::min(m_requestCap, m_requests + elapsed * m_requestRate);
    m_tokens = std::min(m_tokenCap, m_tokens + elapsed * m_tokenRate);
}

std::int64_t RateLimiter::acquire(std::int64_t tokens, std::int64_t nowMs)
{
    refill(nowMs);
    double waitMs = 0;
    // A tiny epsilon absorbs floating-point residue so an exactly due request is not delayed by 1 ms.
    constexpr double eps = 1e-9;
    if (m_requestRate > 0 && m_requests < 1.0 - eps)
        waitMs = std::max(waitMs, (1.0 - m_requests) / m_requestRate);
    const double needTokens = std::min(double(tokens), m_tokenCap);
    if (m_tokenRate > 0 && m_tokens < needTokens - eps)
        waitMs = std::max(waitMs, (needTokens - m_tokens) / m_tokenRate);
    if (waitMs > 0)
        return std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(waitMs)));
    if (m_requestRate > 0)
        m_requests -= 1.0;
    if (m_tokenRate > 0)
        m_tokens -= double(tokens);
    return 0;
}

void RateLimiter::correct(std::int64_t tokens)
{
    if (m_tokenRate > 0)
        m_tokens = std::min(m_tokenCap, m_tokens + double(tokens));
}

} // namespace crsw
