#pragma once

#include <cstddef>
#include <vector>

namespace crsw {

/// QR factorisation of tall float32 blocks X (m x l row-major, m >= l), the
/// re-orthonormalisation step of RandomizedSvd.
///
/// CholeskyQR (G = XᵀX by OpenBLAS ssyrk, G = RᵀR in double, X ← X R⁻¹ by
/// strsm, in place) is several times faster than Householder QR on tall blocks and
/// exact while X is well conditioned; a second pass (CholeskyQR2, Yamamoto
/// et al. 2015) makes the columns orthonormal to float precision. When
/// cond(X) is above about 10³ (G not safely positive definite, e.g. a
/// rank-deficient block) LAPACK's Householder QR (sgeqrf + sorgqr) is used.
class TallQr {
public:
    /// Replaces X by Q with X = Q R. `twice` false: one CholeskyQR pass when
    /// it is safe, so the columns span the same space and are orthonormal to
    /// about 1e-7 cond(X)² (enough between power iterations); true: Q is
    /// orthonormal to float precision. R (l x l row-major, upper) goes into
    /// `r` when given. Returns true when the Householder fallback was used
    /// (it needs a second m x l buffer; the Cholesky path works in place).
    static bool orthonormalize(float *x, std::size_t m, std::size_t l, bool twice, std::vector<double> *r);
};

} // namespace crsw
