#pragma once

#include <cstddef>

namespace crsw {

/// The inner loops of the FISHER selection, chosen once at run time for the
/// CPU (AVX-512, AVX2 + FMA, or portable C++). Only these files are built with
/// per-ISA flags; the library itself stays baseline x86-64.
struct FisherKernels {
    /// out[r * ldo + k] = sum_j x[r][j] * w[k * ldw + j] over j < d, in
    /// float32, for the rows x[r], r < rows, and k < count. Accumulation order
    /// is fixed (see roundings), so the rigorous bound |out - exact| <=
    /// gamma(roundings(d)) * sum_j |x_j w_j| holds (gamma(m) = m u / (1 - m u),
    /// u = 2^-24). Rows are passed by pointer so scattered rows need no copy.
    void (*dotTile)(const float *const *x, std::size_t rows, const float *w, std::size_t ldw, std::size_t count,
                    std::size_t d, float *out, std::size_t ldo);
    /// Floats that pack() writes for `count` vectors of dimension d.
    std::size_t (*packedSize)(std::size_t count, std::size_t d);
    /// Lays out `count` vectors w (row-major, leading dimension ldw) for dotPacked().
    void (*pack)(const float *w, std::size_t ldw, std::size_t count, std::size_t d, float *packed);
    /// The same products as dotTile with the vectors packed: the fast path for
    /// many rows (a register-blocked GEMM micro-kernel, no horizontal sums).
    void (*dotPacked)(const float *const *x, std::size_t rows, const float *packed, std::size_t count,
                      std::size_t d, float *out, std::size_t ldo);
    /// The most roundings any product undergoes in dotTile or dotPacked over d terms.
    std::size_t (*roundings)(std::size_t d);
    /// y[r] = sum_j a[r * lda + j] * x[j] in double, for r < rows. Each row's
    /// result depends only on that row's values and x (bit-identical wherever
    /// the row sits), which keeps tie-breaking deterministic.
    void (*gemv)(const double *a, std::size_t lda, std::size_t rows, const double *x, std::size_t d, double *y);
    /// y[j] += alpha * x[j] for j < d (double; each element on its own).
    void (*axpy)(double alpha, const double *x, std::size_t d, double *y);
    /// y = S x for the symmetric d x d matrix S stored as its lower triangle,
    /// row j at j(j+1)/2 (double; one pass: row j gives y_j its dot product
    /// over l <= j and adds S_jl x_j to y_l, l < j, in order of j).
    void (*symmetricApply)(const double *lower, std::size_t d, const double *x, double *y);
    /// S -= sum_k w_k w_kᵀ on the stored lower triangle, each entry updated by
    /// one fused multiply-add per k in order (bits independent of blocking).
    void (*symmetricSubtract)(double *lower, std::size_t d, const double *w, std::size_t ldw, std::size_t count);
    const char *name;

    /// The fastest kernels this CPU runs.
    static const FisherKernels &best();
    /// The portable C++ kernels (tests compare the others with them).
    static const FisherKernels &portable();
};

} // namespace crsw
