#pragma once

#include <cstddef>
#include <vector>

namespace crsw {

/// The packed layout of float32 vectors that dotPacked() reads: blocks of
/// kFisherPackWidth vectors, block q holding vectors 16q..16q+15 as d rows of
/// 16 floats (element j of vector 16q + c at q * 16 * d + j * 16 + c), missing
/// vectors zero. A run of whole blocks is itself a packed array, so the
/// vectors [16q, count) of a packed array start at packed + q * 16 * d.
inline constexpr std::size_t kFisherPackWidth = 16;

/// Floats that `count` packed vectors of dimension d occupy (whole blocks).
inline std::size_t fisherPackedSize(std::size_t count, std::size_t d)
{
    return (count + kFisherPackWidth - 1) / kFisherPackWidth * kFisherPackWidth * d;
}

/// Writes vector k (d floats) into its place in a packed array.
void fisherPackVector(const float *w, std::size_t d, std::size_t k, float *packed);

/// Packs `count` vectors w (row-major, leading dimension ldw), zero-padding
/// the last block.
void fisherPack(const float *w, std::size_t ldw, std::size_t count, std::size_t d, float *packed);

/// The inner loops of the FISHER selection, chosen once at run time for the
/// CPU (AVX-512, AVX2 + FMA, or portable C++). Only these files are built with
/// per-ISA flags; the library itself stays baseline x86-64.
struct FisherKernels {
    /// out[r * ldo + k] = sum_j x[r][j] * w_k[j] over j < d, in float32, for
    /// the rows x[r], r < rows, and the first `count` vectors w_k of a packed
    /// array (a register-blocked GEMM micro-kernel). Accumulation order is
    /// fixed (see roundings), so the rigorous bound |out - exact| <=
    /// gamma(roundings(d)) * sum_j |x_j w_j| holds (gamma(m) = m u / (1 - m u),
    /// u = 2^-24). Rows are passed by pointer so scattered rows need no copy.
    void (*dotPacked)(const float *const *x, std::size_t rows, const float *packed, std::size_t count,
                      std::size_t d, float *out, std::size_t ldo);
    /// The most roundings any product undergoes in dotPacked over d terms.
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
    /// Every kernel set this CPU runs, the portable one included (for tests).
    static std::vector<const FisherKernels *> available();
};

} // namespace crsw
