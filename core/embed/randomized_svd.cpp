#include "embed/randomized_svd.h"

#include "common/error.h"
#include "common/parallel.h"
#include "embed/seeded_random.h"
#include "embed/tall_qr.h"

#include <Eigen/SVD>
#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace crsw {

RandomizedSvd::Result RandomizedSvd::compute(const CsrMatrix &a, const Options &options, Progress &progress)
{
    if (a.rows == 0 || a.cols == 0)
        throw Error({{}, 0, "matrix"}, "cannot take the SVD of an empty matrix (" + std::to_string(a.rows) + " x "
                                           + std::to_string(a.cols) + ")");
    if (options.rank == 0)
        throw Error({{}, 0, "rank"}, "the rank must be at least 1");
    for (float v : a.values)
        if (!std::isfinite(v))
            throw Error({{}, 0, "matrix"}, "the matrix has a non-finite value");
    const int threads = options.threads > 0 ? options.threads : defaultThreadCount();
    const std::size_t smaller = std::min(a.rows, a.cols);
    const std::size_t k = std::min(options.rank, smaller);
    const std::size_t l = std::min(k + options.oversampling, smaller);
    const std::size_t steps = 2 * options.powerIterations + 3;
    std::size_t step = 0;
    const auto advance = [&](const char *what) {
        progress.throwIfCancelled();
        progress.report(double(++step) / double(steps), what);
    };

    const CsrMatrix at = a.transposed();
    // The Gaussian test matrix Ω (cols x l): row r from its own stream, so the
    // numbers do not depend on how rows are split over threads.
    std::vector<float> z(a.cols * l), y(a.rows * l);
    parallelFor(a.cols, threads, 1024, [&](std::size_t begin, std::size_t end, int) {
        for (std::size_t r = begin; r < end; ++r) {
            SeededRandom random = SeededRandom::stream(options.seed, r);
            for (std::size_t j = 0; j < l; ++j)
                z[r * l + j] = static_cast<float>(random.gaussian());
        }
    });
    advance("range finder");

    // Y = A Ω, then q rounds of Z = orth(Aᵀ Q), Q = orth(A Z) (Halko et al. Algorithm 4.4).
    // Inside the iterations only the span matters: one CholeskyQR pass; the
    // last Q must be orthonormal (B = Qᵀ A below): two.
    a.multiply(z.data(), l, y.data(), threads);
    TallQr::orthonormalize(y.data(), a.rows, l, options.powerIterations == 0, nullptr);
    advance("range finder");
    for (std::size_t it = 0; it < options.powerIterations; ++it) {
        at.multiply(y.data(), l, z.data(), threads);
        TallQr::orthonormalize(z.data(), a.cols, l, false, nullptr);
        advance("power iterations");
        a.multiply(z.data(), l, y.data(), threads);
        TallQr::orthonormalize(y.data(), a.rows, l, it + 1 == options.powerIterations, nullptr);
        advance("power iterations");
    }

    // Bᵀ = Aᵀ Q = Qz Rz, so B = Qᵀ A = Rzᵀ Qzᵀ; the SVD Rzᵀ = U' Σ Wᵀ of the
    // small l x l factor gives A ≈ (Q U') Σ (Qz W)ᵀ: right vectors Qz W.
    at.multiply(y.data(), l, z.data(), threads);
    y = std::vector<float>();
    std::vector<double> rz;
    TallQr::orthonormalize(z.data(), a.cols, l, true, &rz);
    Eigen::MatrixXd small(static_cast<Eigen::Index>(l), static_cast<Eigen::Index>(l)); // Rzᵀ
    for (std::size_t i = 0; i < l; ++i)
        for (std::size_t j = 0; j < l; ++j)
            small(Eigen::Index(j), Eigen::Index(i)) = rz[i * l + j];
    const Eigen::BDCSVD<Eigen::MatrixXd> svd(small, Eigen::ComputeThinV);
    std::vector<float> w(l * k); // the first k columns of W, row-major l x k
    for (std::size_t i = 0; i < l; ++i)
        for (std::size_t j = 0; j < k; ++j)
            w[i * k + j] = static_cast<float>(svd.matrixV()(Eigen::Index(i), Eigen::Index(j)));

    Result result;
    result.sampledDirections = l;
    result.singularValues.resize(k);
    for (std::size_t j = 0; j < k; ++j)
        result.singularValues[j] = static_cast<float>(svd.singularValues()(Eigen::Index(j)));
    result.rightVectors = EmbeddingMatrix(a.cols, k);
    float *v = result.rightVectors.mutableData();
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, static_cast<int>(a.cols), static_cast<int>(k),
                static_cast<int>(l), 1.0f, z.data(), static_cast<int>(l), w.data(), static_cast<int>(k), 0.0f, v,
                static_cast<int>(k));

    // svd_flip (u_based_decision=False): the largest |entry| of each right vector is positive.
    for (std::size_t j = 0; j < k; ++j) {
        std::size_t best = 0;
        for (std::size_t i = 1; i < a.cols; ++i)
            if (std::fabs(v[i * k + j]) > std::fabs(v[best * k + j]))
                best = i;
        if (v[best * k + j] < 0.0f)
            for (std::size_t i = 0; i < a.cols; ++i)
                v[i * k + j] = -v[i * k + j];
    }
    advance("singular vectors");
    return result;
}

} // namespace crsw
