#include "embed/tall_qr.h"

#include "common/error.h"

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <cblas.h>

#include <algorithm>
#include <string>

extern "C" {
// LAPACK (in OpenBLAS): Householder QR and its explicit Q.
void sgeqrf_(const int *m, const int *n, float *a, const int *lda, float *tau, float *work, const int *lwork, int *info);
void sorgqr_(const int *m, const int *n, const int *k, float *a, const int *lda, const float *tau, float *work,
             const int *lwork, int *info);
}

namespace crsw {

namespace {

using MatrixXdRow = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// One CholeskyQR pass; false (X untouched) when X is too ill-conditioned for it.
bool choleskyPass(float *x, std::size_t m, std::size_t l, MatrixXdRow &r)
{
    const int li = static_cast<int>(l), mi = static_cast<int>(m);
    std::vector<float> g(l * l, 0.0f);
    cblas_ssyrk(CblasRowMajor, CblasUpper, CblasTrans, li, mi, 1.0f, x, li, 0.0f, g.data(), li);
    const auto n = static_cast<Eigen::Index>(l);
    Eigen::MatrixXd gram(n, n);
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = i; j < n; ++j)
            gram(i, j) = gram(j, i) = g[std::size_t(i) * l + std::size_t(j)];
    const Eigen::LLT<Eigen::MatrixXd> llt(gram);
    // rcond(G) = 1 / cond(X)²; float leaves X R⁻¹ orthonormal to ~1e-7 cond(X)².
    if (llt.info() != Eigen::Success || !(llt.rcond() > 1e-6))
        return false;
    r = llt.matrixU();
    std::vector<float> rf(l * l);
    for (std::size_t i = 0; i < l * l; ++i)
        rf[i] = static_cast<float>(r.data()[i]);
    // In place: no second m x l buffer.
    cblas_strsm(CblasRowMajor, CblasRight, CblasUpper, CblasNoTrans, CblasNonUnit, mi, li, 1.0f, rf.data(), li, x, li);
    return true;
}

// Householder QR of any X, rank-deficient included.
void householder(float *x, std::size_t m, std::size_t l, MatrixXdRow &r)
{
    const int mi = static_cast<int>(m), li = static_cast<int>(l);
    std::vector<float> a(m * l); // column-major copy
    for (std::size_t i = 0; i < m; ++i)
        for (std::size_t j = 0; j < l; ++j)
            a[j * m + i] = x[i * l + j];
    std::vector<float> tau(l);
    int info = 0, query = -1;
    float size = 0.0f;
    sgeqrf_(&mi, &li, a.data(), &mi, tau.data(), &size, &query, &info);
    int lwork = std::max(1, static_cast<int>(size));
    std::vector<float> work(static_cast<std::size_t>(lwork));
    sgeqrf_(&mi, &li, a.data(), &mi, tau.data(), work.data(), &lwork, &info);
    if (info != 0)
        throw Error("LAPACK sgeqrf failed (info " + std::to_string(info) + ")");
    r = MatrixXdRow::Zero(Eigen::Index(l), Eigen::Index(l));
    for (std::size_t j = 0; j < l; ++j)
        for (std::size_t i = 0; i <= j; ++i)
            r(Eigen::Index(i), Eigen::Index(j)) = a[j * m + i];
    sorgqr_(&mi, &li, &li, a.data(), &mi, tau.data(), &size, &query, &info);
    lwork = std::max(1, static_cast<int>(size));
    work.assign(static_cast<std::size_t>(lwork), 0.0f);
    sorgqr_(&mi, &li, &li, a.data(), &mi, tau.data(), work.data(), &lwork, &info);
    if (info != 0)
        throw Error("LAPACK sorgqr failed (info " + std::to_string(info) + ")");
    for (std::size_t i = 0; i < m; ++i)
        for (std::size_t j = 0; j < l; ++j)
            x[i * l + j] = a[j * m + i];
}

} // namespace

bool TallQr::orthonormalize(float *x, std::size_t m, std::size_t l, bool twice, std::vector<double> *r)
{
    MatrixXdRow r1, r2;
    bool fellBack = false;
    if (!choleskyPass(x, m, l, r1)) {
        householder(x, m, l, r1);
        fellBack = true;
    } else if (twice) {
        // After one pass cond(X) is about 1, so the second pass cannot refuse; Householder if it does.
        if (!choleskyPass(x, m, l, r2)) {
            householder(x, m, l, r2);
            fellBack = true;
        }
        r1 = MatrixXdRow(r2 * r1);
    }
    if (r)
        r->assign(r1.data(), r1.data() + r1.size());
    return fellBack;
}

} // namespace crsw
