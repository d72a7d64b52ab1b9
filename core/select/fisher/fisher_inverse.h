#pragma once

#include "select/fisher/fisher_kernels.h"

#include <cstddef>
#include <vector>

namespace crsw {

/// A_t⁻¹ of the Fisher greedy, kept explicitly in double: A_0⁻¹ = I/λ and,
/// per pick, the Sherman–Morrison step A⁻¹ -= w wᵀ with w = u / sqrt(c),
/// u = A⁻¹x, c = 1 + xᵀu. The matrix is symmetric, so only its lower triangle
/// is stored (half the memory traffic per product); the last few rank-1
/// terms are held apart and folded in groups (one pass over the triangle per
/// group instead of one per pick). The arithmetic is fixed, so the same picks
/// give bit-identical scores in every greedy that uses this class. Not
/// thread-safe.
class FisherInverse {
public:
    FisherInverse(std::size_t dimension, double lambda, const FisherKernels &kernels);

    std::size_t dimension() const { return m_dimension; }
    /// Picks applied so far.
    std::size_t updates() const { return m_updates; }

    /// y = A⁻¹ x (x and y of dimension() doubles, distinct).
    void apply(const double *x, double *y) const;
    /// The score xᵀA⁻¹x, the number every greedy ranks rows by.
    double score(const double *x) const;
    /// The score of x given y = apply(x): the same bits as score(x).
    double score(const double *x, const double *y) const;
    /// Adds x xᵀ to A, given u = apply(x) and c = 1 + score(x, u); returns
    /// w = u / sqrt(c) (valid until the next update).
    const double *update(const double *u, double c);

private:
    void fold();

    std::size_t m_dimension;
    const FisherKernels &m_kernels;
    std::vector<double> m_matrix;  ///< lower triangle of A⁻¹ without the pending terms, row j at j(j+1)/2
    std::vector<double> m_pending; ///< m_pendingCount x D rank-1 factors w
    std::size_t m_pendingCount = 0;
    std::size_t m_updates = 0;
    mutable std::vector<double> m_scratch;
    mutable std::vector<double> m_scratch2;
};

} // namespace crsw
