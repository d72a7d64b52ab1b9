#include "select/center_assigner.h"

#include <cblas.h>

#include <algorithm>

namespace crsw {

namespace {

float squaredNorm(const float *v, std::size_t d)
{
    // Double accumulation: the norm enters every distance of the row.
    double sum = 0.0;
    for (std::size_t k = 0; k < d; ++k)
        sum += double(v[k]) * double(v[k]);
    return float(sum);
}

} // namespace

CenterAssigner::CenterAssigner(const std::vector<float> &centers, std::size_t clusters, std::size_t dimension)
    : m_centers(centers), m_norms(clusters), m_clusters(clusters), m_dimension(dimension)
{
    for (std::size_t k = 0; k < clusters; ++k)
        m_norms[k] = squaredNorm(m_centers.data() + k * dimension, dimension);
}

void CenterAssigner::squaredNorms(const float *x, std::size_t rows, std::size_t dim, float *out)
{
    for (std::size_t r = 0; r < rows; ++r)
        out[r] = squaredNorm(x + r * dim, dim);
}

void CenterAssigner::distances(const float *x, std::size_t rows, const float *norms, float *out) const
{
    if (rows == 0)
        return;
    const int m = int(rows), n = int(m_clusters), d = int(m_dimension);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, n, d, -2.0f, x, d, m_centers.data(), d, 0.0f, out, n);
    for (std::size_t r = 0; r < rows; ++r) {
        const float xNorm = norms[r];
        float *row = out + r * m_clusters;
        for (std::size_t k = 0; k < m_clusters; ++k)
            row[k] = std::max(0.0f, row[k] + xNorm + m_norms[k]); // rounding can go below 0
    }
}

void CenterAssigner::assign(const float *x, std::size_t rows, const float *norms, std::uint32_t *labels,
                            float *distances2, float *scratch) const
{
    distances(x, rows, norms, scratch);
    for (std::size_t r = 0; r < rows; ++r) {
        const float *row = scratch + r * m_clusters;
        std::size_t best = 0;
        for (std::size_t k = 1; k < m_clusters; ++k)
            if (row[k] < row[best])
                best = k;
        labels[r] = std::uint32_t(best);
        distances2[r] = row[best];
    }
}

} // namespace crsw
