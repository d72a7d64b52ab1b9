#pragma once

#include <cmath>
#include <cstdint>

namespace crsw {

/// A small seeded generator (xoshiro256**, seeded through splitmix64) with a
/// standard normal draw (Box-Muller in double). Ours rather than <random>'s
/// distributions, whose output differs between standard libraries: the SVD's
/// test matrix must be the same on every platform. stream(seed, id) gives
/// independent generators, so parallel workers draw the same numbers as one.
class SeededRandom {
public:
    explicit SeededRandom(std::uint64_t seed)
    {
        std::uint64_t state = seed;
        for (std::uint64_t &word : m_state)
            word = splitMix64(state);
    }

    /// The generator of sub-stream `id` of `seed` (rows of a random matrix).
    static SeededRandom stream(std::uint64_t seed, std::uint64_t id)
    {
        std::uint64_t state = seed ^ 0x6a09e667f3bcc909ull;
        const std::uint64_t a = splitMix64(state);
        state = a ^ (id * 0x9e3779b97f4a7c15ull + 0x3c6ef372fe94f82bull);
        return SeededRandom(splitMix64(state));
    }

    std::uint64_t next()
    {
        const std::uint64_t result = rotl(m_state[1] * 5, 7) * 9;
        const std::uint64_t t = m_state[1] << 17;
        m_state[2] ^= m_state[0];
        m_state[3] ^= m_state[1];
        m_state[1] ^= m_state[2];
        m_state[0] ^= m_state[3];
        m_state[2] ^= t;
        m_state[3] = rotl(m_state[3], 45);
        return result;
    }

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

    static std::uint64_t splitMix64(std::uint64_t &state)
    {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

    std::uint64_t m_state[4];
    double m_spare = 0.0;
    bool m_hasSpare = false;
};

} // namespace crsw
