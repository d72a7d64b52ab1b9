#pragma once
// Small inputs for the FISHER tests: Gaussian unit rows, clustered rows
// (SyntheticEmbeddings), duplicated rows and basis vectors (exact ties).
#include "embed/embedding_matrix.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace crsw::test {

/// n rows of independent Gaussians, L2-normalised; seeded.
EmbeddingMatrix gaussianRows(std::size_t n, std::size_t d, std::uint64_t seed, bool normalise = true);
/// Clustered anisotropic unit rows (SyntheticEmbeddings with a few clusters).
EmbeddingMatrix clusteredRows(std::size_t n, std::size_t d, std::uint64_t seed);
/// `m` with each row listed in `copies` (row index of m) appended in order.
EmbeddingMatrix withCopies(const EmbeddingMatrix &m, const std::vector<std::size_t> &copies);
/// Keys into a table of `tableRows` rows, one per sample; seeded.
std::vector<std::uint32_t> randomKeys(std::size_t n, std::size_t tableRows, std::uint64_t seed);

} // namespace crsw::test
