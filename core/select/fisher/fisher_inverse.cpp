#include "select/fisher/fisher_inverse.h"

#include <cmath>

namespace crsw {

namespace {
// Rank-1 terms held apart before they are folded into the matrix: apply()
// pays 2 * kPending * D for them, a fold one pass over D x D.
constexpr std::size_t kPending = 32;
} // namespace

FisherInverse::FisherInverse(std::size_t dimension, double lambda, const FisherKernels &kernels)
    : m_dimension(dimension), m_kernels(kernels), m_matrix(dimension * (dimension + 1) / 2, 0.0),
      m_pending(kPending * dimension, 0.0), m_scratch(dimension), m_scratch2(kPending)
{
    for (std::size_t j = 0; j < dimension; ++j)
        m_matrix[j * (j + 1) / 2 + j] = 1.0 / lambda;
}

void FisherInverse::apply(const double *x, double *y) const
{
    const std::size_t d = m_dimension;
    m_kernels.symmetricApply(m_matrix.data(), d, x, y);
    if (m_pendingCount == 0)
        return;
    double *z = m_scratch2.data();
    m_kernels.gemv(m_pending.data(), d, m_pendingCount, x, d, z);
    for (std::size_t k = 0; k < m_pendingCount; ++k)
        m_kernels.axpy(-z[k], m_pending.data() + k * d, d, y);
}

double FisherInverse::score(const double *x) const
{
    // apply() uses m_scratch2 only, so y may live in m_scratch.
    double *y = m_scratch.data();
    apply(x, y);
    return score(x, y);
}

double FisherInverse::score(const double *x, const double *y) const
{
    double s = 0.0;
    m_kernels.gemv(x, 0, 1, y, m_dimension, &s);
    return s;
}

const double *FisherInverse::update(const double *u, double c)
{
    const std::size_t d = m_dimension;
    if (m_pendingCount == kPending)
        fold();
    double *w = m_pending.data() + m_pendingCount * d;
    const double scale = 1.0 / std::sqrt(c);
    for (std::size_t j = 0; j < d; ++j)
        w[j] = u[j] * scale;
    ++m_pendingCount;
    ++m_updates;
    return w;
}

void FisherInverse::fold()
{
    m_kernels.symmetricSubtract(m_matrix.data(), m_dimension, m_pending.data(), m_dimension, m_pendingCount);
    m_pendingCount = 0;
}

} // namespace crsw
