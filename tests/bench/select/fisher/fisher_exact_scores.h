#pragma once

#include "select/feature_view.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace crsw::bench {

/// Settles a near-tie between greedies: the scores x_iᵀ(λI + Σ_{p∈prefix} x_p x_pᵀ)⁻¹x_i
/// of `rows`, computed from scratch in long double (64-bit significand: a
/// Cholesky factor of A, no incremental updates), so a relative difference far
/// below float64's rounding of the incremental greedies is still resolved.
/// O(|prefix| D² + D³): seconds at D = 768, for benchmarks only.
std::vector<long double> exactFisherScores(const FeatureView &view, const std::vector<std::uint32_t> &prefix,
                                           const std::vector<std::uint32_t> &rows, double lambda);

} // namespace crsw::bench
