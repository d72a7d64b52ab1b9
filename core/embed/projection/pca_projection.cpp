#include "embed/projection/pca_projection.h"

#include "common/error.h"
#include "common/parallel.h"
#include "embed/projection/single_threaded_blas.h"

#include <Eigen/Dense>
#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>

namespace crsw {

namespace {

using MatrixXdRow = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Above this dimension a full eigendecomposition (O(d^3), ~0.3 s at d = 768
// without -march) gives way to subspace iteration for the top components.
constexpr std::size_t kFullSolverMaxDim = 1024;

// Column means in double. Each block of rows sums into its own slot and the
// slots are added in block order, so the result does not depend on threads.
std::vector<double> columnMeans(const EmbeddingMatrix &x, std::size_t blockRows, int threads, Progress &progress)
{
    const std::size_t n = x.rows(), d = x.cols();
    const std::size_t blocks = (n + blockRows - 1) / blockRows;
    std::vector<double> partial(blocks * d, 0.0);
    std::vector<std::size_t> badRow(blocks, SIZE_MAX);
    parallelFor(blocks, threads, 1, [&](std::size_t b0, std::size_t b1, int) {
        for (std::size_t b = b0; b < b1; ++b) {
            progress.throwIfCancelled();
            double *sum = &partial[b * d];
            const std::size_t end = std::min(n, (b + 1) * blockRows);
            for (std::size_t i = b * blockRows; i < end && badRow[b] == SIZE_MAX; ++i) {
                const float *row = x.row(i);
                for (std::size_t j = 0; j < d; ++j) {
                    if (!std::isfinite(row[j])) {
                        badRow[b] = i;
                        break;
                    }
                    sum[j] += row[j];
                }
            }
        }
    });
    for (std::size_t b = 0; b < blocks; ++b) {
        if (badRow[b] != SIZE_MAX)
            throw Error({std::string(), 0, "embeddings"},
                        "row " + std::to_string(badRow[b]) + " holds a NaN or infinite value");
    }
    std::vector<double> mean(d, 0.0);
    for (std::size_t b = 0; b < blocks; ++b)
        for (std::size_t j = 0; j < d; ++j)
            mean[j] += partial[b * d + j];
    for (double &m : mean)
        m /= double(n);
    return mean;
}

// Rows [begin, end) minus the mean, into `out` (float, row-major).
void centreRows(const EmbeddingMatrix &x, const std::vector<float> &mean, std::size_t begin, std::size_t end, float *out)
{
    const std::size_t d = x.cols();
    for (std::size_t i = begin; i < end; ++i) {
        const float *row = x.row(i);
        float *o = out + (i - begin) * d;
        for (std::size_t j = 0; j < d; ++j)
            o[j] = row[j] - mean[j];
    }
}

// Top-k eigenpairs of the symmetric `cov` by block subspace iteration with
// Rayleigh-Ritz, from a fixed pseudo-random start (so deterministic).
void topEigenpairsIterative(const MatrixXdRow &cov, std::size_t k, Eigen::VectorXd *values, Eigen::MatrixXd *vectors,
                            Progress &progress)
{
    const Eigen::Index d = cov.rows();
    const Eigen::Index l = std::min<Eigen::Index>(d, Eigen::Index(k) + 16); // oversampling speeds convergence
    std::mt19937_64 rng(0x9e3779b97f4a7c15ULL);
    Eigen::MatrixXd q(d, l);
    for (Eigen::Index c = 0; c < l; ++c)
        for (Eigen::Index r = 0; r < d; ++r)
            q(r, c) = double(rng() >> 11) * 0x1.0p-53 - 0.5;
    Eigen::VectorXd previous = Eigen::VectorXd::Zero(Eigen::Index(k));
    Eigen::MatrixXd z(d, l);
    for (int iteration = 0; iteration < 500; ++iteration) {
        progress.throwIfCancelled();
        q = Eigen::HouseholderQR<Eigen::MatrixXd>(q).householderQ() * Eigen::MatrixXd::Identity(d, l);
        // z = cov * q through BLAS: Eigen without -march is SSE2 only.
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, int(d), int(l), int(d), 1.0, cov.data(), int(d),
                    q.data(), int(d), 0.0, z.data(), int(d));
        const Eigen::MatrixXd t = q.transpose() * z;
        Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> ritz(t);
        const Eigen::VectorXd top = ritz.eigenvalues().tail(Eigen::Index(k)).reverse();
        const double scale = std::max(1e-300, std::abs(top(0)));
        const bool converged = iteration > 2 && (top - previous).cwiseAbs().maxCoeff() <= 1e-12 * scale;
        previous = top;
        if (converged || iteration == 499) {
            *values = top;
            *vectors = (q * ritz.eigenvectors()).rightCols(Eigen::Index(k)).rowwise().reverse();
            return;
        }
        q = z;
    }
}

} // namespace

PcaProjection::Result PcaProjection::compute(const EmbeddingMatrix &x, const Options &options, Progress &progress)
{
    const std::size_t n = x.rows(), d = x.cols(), k = options.components;
    if (n < 2)
        throw Error({std::string(), 0, "embeddings"}, "PCA needs at least 2 rows, got " + std::to_string(n));
    if (k == 0 || k > d)
        throw Error({std::string(), 0, "components"},
                    "PCA components must be between 1 and the dimension " + std::to_string(d) + ", got "
                        + std::to_string(k));
    const std::size_t blockRows = std::max<std::size_t>(1, options.blockRows);

    Result result;
    progress.reportNow(0.0, "PCA: column means");
    result.mean = columnMeans(x, blockRows, options.threads > 0 ? options.threads : defaultThreadCount(), progress);
    const std::vector<float> meanF(result.mean.begin(), result.mean.end());

    // Covariance: blocks of centred rows, X_b^T X_b in float by ssyrk (a
    // block is short, so float sums lose nothing), added up in double in
    // block order. A wave computes one block per worker, then adds them.
    const int threads = options.threads > 0 ? options.threads : defaultThreadCount();
    const SingleThreadedBlas singleThreaded;
    const std::size_t blocks = (n + blockRows - 1) / blockRows;
    std::vector<std::vector<float>> buffers(std::size_t(threads), std::vector<float>(blockRows * d));
    std::vector<std::vector<float>> grams(std::size_t(threads), std::vector<float>(d * d));
    MatrixXdRow cov = MatrixXdRow::Zero(Eigen::Index(d), Eigen::Index(d));
    for (std::size_t wave = 0; wave < blocks; wave += std::size_t(threads)) {
        progress.throwIfCancelled();
        const std::size_t count = std::min(blocks - wave, std::size_t(threads));
        parallelFor(count, threads, 1, [&](std::size_t s0, std::size_t s1, int) {
            for (std::size_t slot = s0; slot < s1; ++slot) {
                const std::size_t begin = (wave + slot) * blockRows, end = std::min(n, begin + blockRows);
                centreRows(x, meanF, begin, end, buffers[slot].data());
                cblas_ssyrk(CblasRowMajor, CblasUpper, CblasTrans, int(d), int(end - begin), 1.0f,
                            buffers[slot].data(), int(d), 0.0f, grams[slot].data(), int(d));
            }
        });
        for (std::size_t slot = 0; slot < count; ++slot) {
            const float *gram = grams[slot].data();
            for (std::size_t r = 0; r < d; ++r)
                for (std::size_t c = r; c < d; ++c)
                    cov(Eigen::Index(r), Eigen::Index(c)) += gram[r * d + c];
        }
        progress.report(0.05 + 0.75 * double(wave + count) / double(blocks), "PCA: covariance");
    }
    for (Eigen::Index r = 0; r < Eigen::Index(d); ++r)
        for (Eigen::Index c = r; c < Eigen::Index(d); ++c)
            cov(c, r) = cov(r, c) = cov(r, c) / double(n - 1);
    result.totalVariance = cov.trace();

    progress.reportNow(0.8, "PCA: eigenvectors");
    Eigen::VectorXd values;
    Eigen::MatrixXd vectors; // d x k, columns by falling eigenvalue
    if (d <= kFullSolverMaxDim) {
        Eigen::SelfAdjointEigenSolver<MatrixXdRow> solver(cov);
        if (solver.info() != Eigen::Success)
            throw Error({std::string(), 0, "embeddings"}, "PCA: the covariance eigendecomposition did not converge");
        values = solver.eigenvalues().tail(Eigen::Index(k)).reverse();
        vectors = solver.eigenvectors().rightCols(Eigen::Index(k)).rowwise().reverse();
    } else {
        topEigenpairsIterative(cov, k, &values, &vectors, progress);
    }

    result.components.resize(k * d);
    result.explainedVariance.resize(k);
    for (std::size_t c = 0; c < k; ++c) {
        // scikit-learn's sign: the largest |loading| (first on ties) is positive.
        Eigen::Index argmax = 0;
        vectors.col(Eigen::Index(c)).cwiseAbs().maxCoeff(&argmax);
        const double sign = vectors(argmax, Eigen::Index(c)) < 0.0 ? -1.0 : 1.0;
        for (std::size_t j = 0; j < d; ++j)
            result.components[c * d + j] = sign * vectors(Eigen::Index(j), Eigen::Index(c));
        result.explainedVariance[c] = std::max(0.0, values(Eigen::Index(c)));
    }

    // Projection: centred blocks times the d x k components (float is plenty for a layout).
    progress.reportNow(0.85, "PCA: projecting");
    std::vector<float> axes(d * k);
    for (std::size_t c = 0; c < k; ++c)
        for (std::size_t j = 0; j < d; ++j)
            axes[j * k + c] = float(result.components[c * d + j]);
    result.coords = EmbeddingMatrix(n, k);
    float *out = result.coords.mutableData();
    parallelFor(blocks, threads, 1, [&](std::size_t b0, std::size_t b1, int worker) {
        std::vector<float> &block = buffers[std::size_t(worker)];
        for (std::size_t b = b0; b < b1; ++b) {
            progress.throwIfCancelled();
            const std::size_t begin = b * blockRows, end = std::min(n, begin + blockRows);
            centreRows(x, meanF, begin, end, block.data());
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, int(end - begin), int(k), int(d), 1.0f,
                        block.data(), int(d), axes.data(), int(k), 0.0f, out + begin * k, int(k));
        }
    });
    progress.reportNow(1.0, "PCA done");
    return result;
}

} // namespace crsw
