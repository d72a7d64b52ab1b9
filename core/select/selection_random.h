#pragma once

#include "common/xoshiro256.h"

#include <cstdint>

namespace crsw {

/// The random source of selection (k-means++ seeding, mini-batches,
/// RANDOM_UNIFORM): Xoshiro256 with its own samplers.
///
/// Why not <random>: the engines are portable but the distributions are
/// implementation-defined, so a seed would pick different samples with
/// libstdc++, libc++ and MSVC. The samplers here use integer arithmetic and
/// exactly rounded IEEE operations only.
class SelectionRandom {
public:
    /// A generator whose state is expanded from `seed` (and an optional stream
    /// id, so k-means and RANDOM_UNIFORM with the same seed draw independently).
    explicit SelectionRandom(std::uint64_t seed, std::uint64_t stream = 0);

    /// The next 64 raw bits.
    std::uint64_t next();
    /// Uniform in [0, 1) with 53 random bits.
    double uniform();
    /// Uniform integer in [0, n), unbiased (Lemire's multiply-and-reject); n > 0.
    std::uint64_t below(std::uint64_t n);

private:
    Xoshiro256 m_engine;
};

} // namespace crsw
