#include "select/selection_random.h"

namespace crsw {

namespace {

std::uint64_t splitMix64(std::uint64_t &state)
{
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

// 128-bit products for Lemire's bounded draw (a GCC/Clang extension).
__extension__ typedef unsigned __int128 Uint128;

std::uint64_t rotl(std::uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

} // namespace

SelectionRandom::SelectionRandom(std::uint64_t seed, std::uint64_t stream)
{
    // Mix the stream id in through a second splitmix64 pass so that nearby
    // (seed, stream) pairs give unrelated states.
    std::uint64_t s = seed;
    std::uint64_t mixed = splitMix64(s);
    std::uint64_t t = stream ^ 0x5851f42d4c957f2dull;
    mixed ^= splitMix64(t);
    for (std::uint64_t &word : m_state)
        word = splitMix64(mixed);
}

std::uint64_t SelectionRandom::next()
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

double SelectionRandom::uniform()
{
    return static_cast<double>(next() >> 11) * 0x1.0p-53;
}

std::uint64_t SelectionRandom::below(std::uint64_t n)
{
    // Lemire (2019): the high half of a 128-bit product, rejecting the few
    // low halves that would bias small results.
    Uint128 m = static_cast<Uint128>(next()) * n;
    std::uint64_t low = static_cast<std::uint64_t>(m);
    if (low < n) {
        const std::uint64_t threshold = (0 - n) % n;
        while (low < threshold) {
            m = static_cast<Uint128>(next()) * n;
            low = static_cast<std::uint64_t>(m);
        }
    }
    return static_cast<std::uint64_t>(m >> 64);
}

} // namespace crsw
