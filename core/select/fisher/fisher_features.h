#pragma once

#include "select/feature_view.h"
#include "select/fisher/fisher_kernels.h"

#include <cstddef>
#include <vector>

namespace crsw {

/// The rows x_i of a FeatureView as the FISHER greedies see them: squared
/// norms, exact copies in double, and float32 dot products with batches of
/// vectors together with a rigorous bound on their error. A block's part of a
/// dot product is computed once per table row (prepare()) and looked up per
/// sample. Keeps a reference to the view.
class FisherFeatures {
public:
    /// Per-batch dots of every block table row with the batch's vectors.
    struct Prepared {
        std::size_t count = 0;
        std::vector<float> packed;                 ///< the primary part of w, fisherPack()ed
        std::vector<std::vector<float>> tableDots; ///< per block: table rows x count
    };

    /// Computes the squared norms; throws crsw::Error naming the row (through
    /// FeatureView::validate's message) if a vector holds NaN/Inf or is all zero.
    FisherFeatures(const FeatureView &view, const FisherKernels &kernels, int threads);

    std::size_t rows() const { return m_view.rows(); }
    std::size_t dimension() const { return m_view.dimension(); }
    const FeatureView &view() const { return m_view; }
    const FisherKernels &kernels() const { return m_kernels; }
    /// ||x_i||² in double from the float32 values (relative error < 1e-13).
    double squaredNorm(std::size_t i) const { return m_squaredNorms[i]; }

    /// x_i exactly as FeatureView::copyRows() writes it, widened to double.
    void rowAsDouble(std::size_t i, double *out) const;

    /// Batch preparation for dots(): the block parts of `count` vectors w
    /// (count x dimension(), row-major float32).
    Prepared prepare(const float *w, std::size_t count, int threads) const;
    /// out[r * prepared.count + k] ~ x_iᵀ w_k for the rows i = rows[r], r <
    /// rowCount, and the vectors `prepared` was made from (the blocked pass
    /// over many rows: packed kernel, block parts looked up per table row).
    /// `pointers` and `scratch` are the caller's per-thread buffers.
    void dots(const std::uint32_t *rows, std::size_t rowCount, const Prepared &prepared, double *out,
              std::vector<const float *> &pointers, std::vector<float> &scratch) const;
    /// Buffers for rowDots(), one per thread.
    struct RowScratch {
        std::vector<const float *> pointers;
        std::vector<float> rows;   ///< copied rows (views with blocks)
        std::vector<float> out;
    };
    /// x_iᵀ w_k for scattered rows: i = rows[r], r < rowCount, and the first
    /// `count` vectors of a packed array (fisherPack(), dimension()) -> out
    /// (rowCount x count).
    void rowDots(const std::uint32_t *rows, std::size_t rowCount, const float *packed, std::size_t count,
                 double *out, RowScratch &scratch) const;
    /// The error bound of dots() and rowDots(): |out - x_iᵀ w_k| <= ||x_i|| *
    /// errorFactor() * ||w_k|| (for the float32 w_k given; the caller adds
    /// ||x_i|| ||w_k - w̄_k|| for the double vector w̄_k it rounded).
    double errorFactor() const { return m_errorFactor; }

private:
    const FeatureView &m_view;
    const FisherKernels &m_kernels;
    std::vector<double> m_squaredNorms;
    double m_errorFactor = 0.0;
};

} // namespace crsw
