#pragma once

#include "common/xoshiro256.h"

#include <cmath>
#include <cstdint>

namespace crsw {

/// A small seeded generator (Xoshiro256) with a
/// standard normal draw (Box-Muller in double). Ours rather than <random>'s
/// distributions, whose output differs between standard libraries: the SVD's
/// test matrix must be the same on every platform. stream(seed, id) gives
/// independent generators, so parallel workers draw the same numbers as one.
class SeededRandom {
public:
    explicit SeededRandom(std::uint64_t seed) : m_engine(seed) {}

    /// The generator of sub-stream `id` of `seed` (rows of a random matrix).
    static SeededRandom stream(std::uint64_t seed, std::uint64_t id)
    {
        std::uint64_t state = seed ^ 0x6a09e667f3bcc909ull;
        const std::uint64_t a = splitMix64(state);
        state = a ^ (id * 0x9e3779b97f4a7c15ull + 0x3c6ef372fe94f82bull);
        return SeededRandom(splitMix64(state));
    }

    std::uint64_t next() { return m_engine.next(); }

    /// Uniform in (0, 1): 53 random bits, never 0 (the logarithm below needs that).
    double uniform() { return (double(next() >> 11) + 0.5) * 0x1.0p-53; }

    /// A standard normal number.
    double gaussian()
    {
        if (m_hasSpare) {
            m_hasSpare = false;
            return m_spare;
        }
        const double radius = std::sqrt(-2.0 * std::log(uniform()));
        const double angle = 6.283185307179586 * uniform();
        m_spare = radius * std::sin(angle);
        m_hasSpare = true;
        return radius * std::cos(angle);
    }

    static std::uint64_t splitMix64(std::uint64_t &state) { return Xoshiro256::splitMix64(state); }

private:
    Xoshiro256 m_engine;
    double m_spare = 0.0;
    bool m_hasSpare = false;
};

} // namespace crsw
