#pragma once

#include <cstdint>

namespace crsw {

/// The small seeded generator of the synthesis plan (SplitMix64). Ours rather
/// than <random>'s distributions, whose output differs between standard
/// libraries: a plan must be the same for a seed everywhere. Each pick gets
/// its own stream (forPick), so --limit or a resumed run never changes the
/// draws of another pick.
class SynthRandom {
public:
    explicit SynthRandom(std::uint64_t state) : m_state(state) {}

    /// The stream of one pick (`step` in the selection) of a run seeded `seed`.
    static SynthRandom forPick(std::uint64_t seed, std::uint64_t step, std::uint64_t salt = 0)
    {
        SynthRandom mix(seed ^ 0x243f6a8885a308d3ull);
        const std::uint64_t a = mix.next();
        return SynthRandom(a ^ (step * 0x9e3779b97f4a7c15ull) ^ (salt * 0xbf58476d1ce4e5b9ull));
    }

    std::uint64_t next()
    {
        std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }

    /// Uniform in [0, n) (n > 0), without modulo bias.
    std::uint64_t below(std::uint64_t n)
    {
        const std::uint64_t limit = ~std::uint64_t(0) - (~std::uint64_t(0) % n);
        std::uint64_t x;
        do
            x = next();
        while (x >= limit);
        return x % n;
    }

private:
    std::uint64_t m_state;
};

} // namespace crsw
