#include "select/fisher/fisher_features.h"

#include "common/error.h"
#include "common/parallel.h"

#include <algorithm>
#include <atomic>
#include <cmath>

namespace crsw {

namespace {

double squaredNormOf(const float *x, std::size_t d, float weight = 1.0f)
{
    // The block part of x_i is float(weight * t_j), as FeatureView::copyRows() writes it.
    double sum = 0.0;
    for (std::size_t j = 0; j < d; ++j) {
        const double v = double(weight * x[j]);
        sum += v * v;
    }
    return sum;
}

bool usable(double squaredNorm)
{
    return std::isfinite(squaredNorm) && squaredNorm > 0.0;
}

} // namespace

FisherFeatures::FisherFeatures(const FeatureView &view, const FisherKernels &kernels, int threads)
    : m_view(view), m_kernels(kernels), m_squaredNorms(view.rows(), 0.0)
{
    const EmbeddingMatrix &primary = view.primary();
    const std::size_t d0 = primary.cols();
    std::atomic<bool> bad{false};
    parallelFor(rows(), threads, 4096, [&](std::size_t begin, std::size_t end, int) {
        for (std::size_t i = begin; i < end; ++i) {
            m_squaredNorms[i] = squaredNormOf(primary.row(i), d0);
            if (!usable(m_squaredNorms[i]))
                bad = true;
        }
    });
    for (const FeatureView::Block &block : view.blocks()) {
        const EmbeddingMatrix &table = *block.table;
        std::vector<double> tableNorms(table.rows(), -1.0);
        for (std::size_t i = 0; i < rows(); ++i) {
            double &norm = tableNorms[block.keys[i]];
            if (norm < 0.0) {
                norm = squaredNormOf(table.row(block.keys[i]), table.cols(), block.weight);
                // A zero weight switches a block off; only a broken vector is an error.
                const double unweighted = squaredNormOf(table.row(block.keys[i]), table.cols());
                if (!usable(unweighted) || !std::isfinite(norm))
                    bad = true;
            }
            m_squaredNorms[i] += norm;
        }
    }
    if (bad) {
        view.validate("embeddings", threads); // throws, naming the matrix and row
        throw Error({{}, 0, "features"}, "a feature vector is not finite or is zero (block weight "
                                             "overflow?)");
    }

    // Rigorous error of one float32 dot product (part): gamma(m) times
    // sum |x_j w_j| <= ||x_part|| ||w_part||; in the blocked pass a block part
    // is computed on the unweighted table row and scaled in double, which
    // adds one float rounding of weight * t_j. Cauchy-Schwarz over the parts
    // gives ||x|| ||w|| overall; the last factor covers the double
    // arithmetic. rowDots() runs one kernel over all dimension() terms, the
    // blocked pass one per part: roundings(dimension()) covers both.
    const double u = std::ldexp(1.0, -24);
    const double m = double(kernels.roundings(dimension()));
    const double gamma = m * u / (1.0 - m * u);
    m_errorFactor = (gamma + u) * (1.0 + 4.0 * u) + 1e-12;
}

void FisherFeatures::rowAsDouble(std::size_t i, double *out) const
{
    std::vector<float> row(dimension());
    m_view.copyRows(i, i + 1, row.data());
    for (std::size_t j = 0; j < row.size(); ++j)
        out[j] = row[j];
}

FisherFeatures::Prepared FisherFeatures::prepare(const float *w, std::size_t count, int threads) const
{
    Prepared prepared;
    prepared.count = count;
    const std::size_t d0 = m_view.primary().cols();
    prepared.packed.resize(fisherPackedSize(count, d0));
    fisherPack(w, dimension(), count, d0, prepared.packed.data());
    std::size_t offset = d0;
    std::vector<float> packed;
    for (const FeatureView::Block &block : m_view.blocks()) {
        const EmbeddingMatrix &table = *block.table;
        std::vector<float> dots(table.rows() * count);
        packed.resize(fisherPackedSize(count, table.cols()));
        fisherPack(w + offset, dimension(), count, table.cols(), packed.data());
        parallelFor(table.rows(), threads, 256, [&](std::size_t begin, std::size_t end, int) {
            std::vector<const float *> pointers(end - begin);
            for (std::size_t i = begin; i < end; ++i)
                pointers[i - begin] = table.row(i);
            m_kernels.dotPacked(pointers.data(), end - begin, packed.data(), count, table.cols(),
                                dots.data() + begin * count, count);
        });
        prepared.tableDots.push_back(std::move(dots));
        offset += table.cols();
    }
    return prepared;
}

void FisherFeatures::dots(const std::uint32_t *rows, std::size_t rowCount, const Prepared &prepared, double *out,
                          std::vector<const float *> &pointers, std::vector<float> &scratch) const
{
    const std::size_t count = prepared.count;
    const EmbeddingMatrix &primary = m_view.primary();
    pointers.resize(rowCount);
    for (std::size_t r = 0; r < rowCount; ++r)
        pointers[r] = primary.row(rows[r]);
    scratch.resize(rowCount * count);
    m_kernels.dotPacked(pointers.data(), rowCount, prepared.packed.data(), count, primary.cols(), scratch.data(),
                        count);
    for (std::size_t q = 0; q < rowCount * count; ++q)
        out[q] = scratch[q];
    for (std::size_t b = 0; b < m_view.blocks().size(); ++b) {
        const FeatureView::Block &block = m_view.blocks()[b];
        const double weight = block.weight;
        for (std::size_t r = 0; r < rowCount; ++r) {
            const float *part = prepared.tableDots[b].data() + std::size_t(block.keys[rows[r]]) * count;
            double *o = out + r * count;
            for (std::size_t k = 0; k < count; ++k)
                o[k] += weight * double(part[k]);
        }
    }
}

void FisherFeatures::rowDots(const std::uint32_t *rows, std::size_t rowCount, const float *packed, std::size_t count,
                             double *out, RowScratch &scratch) const
{
    // The whole x_i (blocks included, as copyRows writes it: a copy is made
    // only when the view has blocks) against the whole w, one kernel call.
    const std::size_t d = dimension();
    scratch.pointers.resize(rowCount);
    if (m_view.isPlain()) {
        for (std::size_t r = 0; r < rowCount; ++r)
            scratch.pointers[r] = m_view.primary().row(rows[r]);
    } else {
        scratch.rows.resize(rowCount * d);
        for (std::size_t r = 0; r < rowCount; ++r) {
            m_view.copyRows(rows[r], rows[r] + 1, scratch.rows.data() + r * d);
            scratch.pointers[r] = scratch.rows.data() + r * d;
        }
    }
    scratch.out.resize(rowCount * count);
    m_kernels.dotPacked(scratch.pointers.data(), rowCount, packed, count, d, scratch.out.data(), count);
    for (std::size_t q = 0; q < rowCount * count; ++q)
        out[q] = scratch.out[q];
}

} // namespace crsw
