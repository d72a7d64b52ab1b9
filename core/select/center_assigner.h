#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace crsw {

/// Nearest-centre assignment of row blocks: squared distances
/// ||x||^2 - 2 x.c + ||c||^2 through one OpenBLAS sgemm per chunk of rows
/// (the caller runs BlasThreads and its own parallel loop). A row's result
/// depends only on the row and the chunk boundaries, never on which thread
/// computed it. Ties go to the lowest centre index.
class CenterAssigner {
public:
    /// Keeps a copy of `centers` (clusters x dimension, row-major).
    CenterAssigner(const std::vector<float> &centers, std::size_t clusters, std::size_t dimension);

    std::size_t clusters() const { return m_clusters; }
    std::size_t dimension() const { return m_dimension; }

    /// Floats of scratch assign() needs for `rows` rows.
    std::size_t scratchSize(std::size_t rows) const { return rows * m_clusters; }

    /// For `rows` contiguous rows (row-major, dimension() wide) with their
    /// squared norms: the nearest centre of each and its squared distance
    /// (>= 0; float, as computed through the dot products). `scratch` holds
    /// scratchSize(rows) floats.
    void assign(const float *x, std::size_t rows, const float *norms, std::uint32_t *labels, float *distances2,
                float *scratch) const;

    /// Squared distances of `rows` rows (with their squared norms) to every
    /// centre (rows x clusters) in `out`.
    void distances(const float *x, std::size_t rows, const float *norms, float *out) const;

    /// Squared norms of `rows` rows of width `dim` (double sums, stored as
    /// float): computed once per run, not per pass.
    static void squaredNorms(const float *x, std::size_t rows, std::size_t dim, float *out);

private:
    std::vector<float> m_centers;
    std::vector<float> m_norms;  // ||c_k||^2
    std::size_t m_clusters;
    std::size_t m_dimension;
};

} // namespace crsw
