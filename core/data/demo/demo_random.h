#pragma once

#include "common/xoshiro256.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace crsw {

/// The demo world's random source: Xoshiro256 with its own samplers.
///
/// Why not <random>: the engines are portable but the distributions
/// (uniform_int_distribution, normal_distribution, shuffle, ...) are
/// implementation-defined, so the same seed would give different worlds with
/// libstdc++, libc++ and MSVC. Every sampler here uses integer arithmetic or
/// the exactly rounded IEEE operations (+ - * / sqrt) only, never libm's
/// transcendental functions, so its results are the same on every platform.
class DemoRandom {
public:
    /// A generator whose state is expanded from `seed` with splitmix64.
    explicit DemoRandom(std::uint64_t seed);
    /// An independent stream for one stage of the generation, so that changing
    /// what one stage draws does not shift the draws of the others.
    static DemoRandom stream(std::uint64_t seed, std::uint64_t streamId);

    /// One step of splitmix64 (advances `state`); exposed for seeding and tests.
    static std::uint64_t splitMix64(std::uint64_t &state);

    /// The next 64 raw bits (xoshiro256**).
    std::uint64_t next();
    /// Uniform in [0, 1) with 53 random bits.
    double uniform();
    /// Uniform in [lo, hi).
    double uniform(double lo, double hi);
    /// Uniform integer in [0, n), unbiased (rejection); n > 0.
    std::uint64_t below(std::uint64_t n);
    /// Uniform integer in [lo, hi], both inclusive.
    int between(int lo, int hi);
    /// True with probability p.
    bool chance(double p);
    /// Roughly standard normal: the centred sum of four uniforms scaled to unit
    /// variance (Irwin-Hall), bounded to about +-3.5.
    double bellNoise();
    /// An index drawn with probability proportional to weights[i] (>= 0);
    /// throws crsw::Error when no weight is positive.
    std::size_t weighted(const std::vector<double> &weights);
    /// `count` distinct indices drawn one after another with probability
    /// proportional to the weights of those not yet drawn (fewer if fewer
    /// weights are positive).
    std::vector<std::size_t> weightedDistinct(std::vector<double> weights, std::size_t count);

    /// Fisher-Yates shuffle.
    template <typename T>
    void shuffle(std::vector<T> &values)
    {
        for (std::size_t i = values.size(); i > 1; --i) {
            const std::size_t j = static_cast<std::size_t>(below(i));
            std::swap(values[i - 1], values[j]);
        }
    }

    /// A uniformly chosen element of a non-empty vector.
    template <typename T>
    const T &pick(const std::vector<T> &values)
    {
        return values[static_cast<std::size_t>(below(values.size()))];
    }

private:
    Xoshiro256 m_engine;
};

} // namespace crsw
