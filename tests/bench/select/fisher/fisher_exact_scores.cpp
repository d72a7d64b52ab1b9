#include "fisher_exact_scores.h"

#include <cmath>

namespace crsw::bench {

namespace {

std::vector<long double> rowOf(const FeatureView &view, std::uint32_t i)
{
    std::vector<float> row(view.dimension());
    view.copyRows(i, i + 1, row.data());
    return std::vector<long double>(row.begin(), row.end());
}

} // namespace

std::vector<long double> exactFisherScores(const FeatureView &view, const std::vector<std::uint32_t> &prefix,
                                           const std::vector<std::uint32_t> &rows, double lambda)
{
    const std::size_t d = view.dimension();
    // A = λI + Σ x xᵀ, lower triangle, then A = L Lᵀ in place.
    std::vector<long double> a(d * d, 0.0L);
    for (std::size_t j = 0; j < d; ++j)
        a[j * d + j] = lambda;
    for (const std::uint32_t p : prefix) {
        const std::vector<long double> x = rowOf(view, p);
        for (std::size_t j = 0; j < d; ++j)
            for (std::size_t l = 0; l <= j; ++l)
                a[j * d + l] += x[j] * x[l];
    }
    for (std::size_t j = 0; j < d; ++j) {
        long double diagonal = a[j * d + j];
        for (std::size_t l = 0; l < j; ++l)
            diagonal -= a[j * d + l] * a[j * d + l];
        const long double pivot = std::sqrt(diagonal);
        a[j * d + j] = pivot;
        for (std::size_t r = j + 1; r < d; ++r) {
            long double v = a[r * d + j];
            for (std::size_t l = 0; l < j; ++l)
                v -= a[r * d + l] * a[j * d + l];
            a[r * d + j] = v / pivot;
        }
    }
    // xᵀA⁻¹x = ||L⁻¹x||²: one forward substitution per row.
    std::vector<long double> scores;
    for (const std::uint32_t i : rows) {
        std::vector<long double> y = rowOf(view, i);
        long double score = 0.0L;
        for (std::size_t j = 0; j < d; ++j) {
            for (std::size_t l = 0; l < j; ++l)
                y[j] -= a[j * d + l] * y[l];
            y[j] /= a[j * d + j];
            score += y[j] * y[j];
        }
        scores.push_back(score);
    }
    return scores;
}

} // namespace crsw::bench
