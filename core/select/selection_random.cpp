#include "select/selection_random.h"

namespace crsw {

namespace {

// 128-bit products for Lemire's bounded draw (a GCC/Clang extension).
__extension__ typedef unsigned __int128 Uint128;

// Mix the stream id in through a second splitmix64 pass so that nearby
// (seed, stream) pairs give unrelated states.
std::uint64_t mixSeed(std::uint64_t seed, std::uint64_t stream)
{
    std::uint64_t mixed = Xoshiro256::splitMix64(seed);
    std::uint64_t t = stream ^ 0x5851f42d4c957f2dull;
    return mixed ^ Xoshiro256::splitMix64(t);
}

} // namespace

SelectionRandom::SelectionRandom(std::uint64_t seed, std::uint64_t stream) : m_engine(mixSeed(seed, stream)) {}

std::uint64_t SelectionRandom::next()
{
    return m_engine.next();
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
