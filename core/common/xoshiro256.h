#pragma once

#include <cstdint>

namespace crsw {

/// xoshiro256** (Blackman and Vigna, 2018) with its state expanded from a
/// 64-bit seed by splitmix64, as its authors recommend (never the all-zero
/// state). The one engine behind every seeded sampler of the core (the demo
/// world, the SVD's random test matrices, selection); each keeps its own
/// samplers and stream derivation on top. Integer arithmetic only, so a seed
/// gives the same numbers on every compiler and platform.
class Xoshiro256 {
public:
    /// The state of four splitmix64 steps from `seed`.
    explicit Xoshiro256(std::uint64_t seed)
    {
        for (std::uint64_t &word : m_state)
            word = splitMix64(seed);
    }

    /// One step of splitmix64: advances `state` and returns its next output.
    static std::uint64_t splitMix64(std::uint64_t &state)
    {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }

    /// The next 64 random bits.
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

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

    std::uint64_t m_state[4];
};

} // namespace crsw
