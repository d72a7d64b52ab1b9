// AVX2 + FMA kernels of the FISHER selection; this file alone is built with
// -mavx2 -mfma (CMakeLists.txt) and only called when the CPU has them.
#include "select/fisher/fisher_kernels.h"

#include <algorithm>
#include <cmath>
#include <immintrin.h>

namespace crsw {

namespace {

inline __m256i tailMask(std::size_t n)
{
    alignas(32) static const int ones[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};
    return _mm256_loadu_si256(reinterpret_cast<const __m256i *>(ones + 8 - n));
}

// Terms each lane sums before adding into the running total.
constexpr std::size_t kSegment = 64;

// R rows of x against one block of 16 packed vectors (fisher_kernels.h), as
// two halves of 8 lanes.
template <int R>
inline void blockTile(const float *const *x, const float *block, std::size_t d, float *out, std::size_t ldo,
                      std::size_t valid)
{
    constexpr int V = 2;
    __m256 total[R][V];
    for (int r = 0; r < R; ++r)
        for (int v = 0; v < V; ++v)
            total[r][v] = _mm256_setzero_ps();
    for (std::size_t j0 = 0; j0 < d; j0 += kSegment) {
        __m256 acc[R][V];
        for (int r = 0; r < R; ++r)
            for (int v = 0; v < V; ++v)
                acc[r][v] = _mm256_setzero_ps();
        const std::size_t j1 = std::min(d, j0 + kSegment);
        for (std::size_t j = j0; j < j1; ++j) {
            __m256 wv[V];
            for (int v = 0; v < V; ++v)
                wv[v] = _mm256_loadu_ps(block + j * kFisherPackWidth + 8 * std::size_t(v));
            for (int r = 0; r < R; ++r) {
                const __m256 xb = _mm256_broadcast_ss(x[r] + j);
                for (int v = 0; v < V; ++v)
                    acc[r][v] = _mm256_fmadd_ps(xb, wv[v], acc[r][v]);
            }
        }
        for (int r = 0; r < R; ++r)
            for (int v = 0; v < V; ++v)
                total[r][v] = _mm256_add_ps(total[r][v], acc[r][v]);
    }
    for (int r = 0; r < R; ++r)
        for (int v = 0; v < V; ++v) {
            const std::size_t column = 8 * std::size_t(v);
            if (column + 8 <= valid)
                _mm256_storeu_ps(out + r * ldo + column, total[r][v]);
            else if (column < valid)
                _mm256_maskstore_ps(out + r * ldo + column, tailMask(valid - column), total[r][v]);
        }
}

template <int R>
inline void blockRows(const float *const *x, const float *packed, std::size_t count, std::size_t d, float *out,
                      std::size_t ldo)
{
    for (std::size_t p0 = 0; p0 < count; p0 += kFisherPackWidth)
        blockTile<R>(x, packed + p0 * d, d, out + p0, ldo, std::min(count - p0, kFisherPackWidth));
}

void dotPacked(const float *const *x, std::size_t rows, const float *packed, std::size_t count, std::size_t d,
               float *out, std::size_t ldo)
{
    std::size_t r = 0;
    for (; r + 4 <= rows; r += 4)
        blockRows<4>(x + r, packed, count, d, out + r * ldo, ldo);
    const float *const *xr = x + r;
    float *o = out + r * ldo;
    switch (rows - r) {
    case 3: blockRows<3>(xr, packed, count, d, o, ldo); break;
    case 2: blockRows<2>(xr, packed, count, d, o, ldo); break;
    case 1: blockRows<1>(xr, packed, count, d, o, ldo); break;
    default: break;
    }
}

std::size_t roundings(std::size_t d)
{
    // One segment of fused multiply-adds plus one addition per segment.
    return std::min(d, kSegment) + (d + kSegment - 1) / kSegment;
}

// Same per-row arithmetic for every row, R rows at a time: two accumulators
// over alternate blocks of 4, added, reduced across the lanes, then a scalar tail.
template <int R>
inline void rowDots(const double *a, std::size_t lda, const double *x, std::size_t d, double *y)
{
    __m256d a0[R], a1[R];
    for (int r = 0; r < R; ++r)
        a0[r] = a1[r] = _mm256_setzero_pd();
    std::size_t j = 0;
    for (; j + 8 <= d; j += 8) {
        const __m256d x0 = _mm256_loadu_pd(x + j), x1 = _mm256_loadu_pd(x + j + 4);
        for (int r = 0; r < R; ++r) {
            a0[r] = _mm256_fmadd_pd(_mm256_loadu_pd(a + r * lda + j), x0, a0[r]);
            a1[r] = _mm256_fmadd_pd(_mm256_loadu_pd(a + r * lda + j + 4), x1, a1[r]);
        }
    }
    if (j + 4 <= d) {
        const __m256d x0 = _mm256_loadu_pd(x + j);
        for (int r = 0; r < R; ++r)
            a0[r] = _mm256_fmadd_pd(_mm256_loadu_pd(a + r * lda + j), x0, a0[r]);
        j += 4;
    }
    for (int r = 0; r < R; ++r) {
        const __m256d s = _mm256_add_pd(a0[r], a1[r]);
        const __m128d s2 = _mm_add_pd(_mm256_castpd256_pd128(s), _mm256_extractf128_pd(s, 1));
        double sum = _mm_cvtsd_f64(_mm_add_sd(s2, _mm_unpackhi_pd(s2, s2)));
        for (std::size_t t = j; t < d; ++t)
            sum = std::fma(a[r * lda + t], x[t], sum);
        y[r] = sum;
    }
}

void gemv(const double *a, std::size_t lda, std::size_t rows, const double *x, std::size_t d, double *y)
{
    std::size_t r = 0;
    for (; r + 4 <= rows; r += 4)
        rowDots<4>(a + r * lda, lda, x, d, y + r);
    for (; r < rows; ++r)
        rowDots<1>(a + r * lda, lda, x, d, y + r);
}

void axpy(double alpha, const double *x, std::size_t d, double *y)
{
    const __m256d a = _mm256_set1_pd(alpha);
    std::size_t j = 0;
    for (; j + 4 <= d; j += 4)
        _mm256_storeu_pd(y + j, _mm256_fmadd_pd(a, _mm256_loadu_pd(x + j), _mm256_loadu_pd(y + j)));
    for (; j < d; ++j)
        y[j] = std::fma(alpha, x[j], y[j]);
}

void symmetricApply(const double *lower, std::size_t d, const double *x, double *y)
{
    for (std::size_t j = 0; j < d; ++j) {
        const double *row = lower + j * (j + 1) / 2;
        const __m256d xj = _mm256_set1_pd(x[j]);
        __m256d a0 = _mm256_setzero_pd();
        std::size_t l = 0;
        for (; l + 4 <= j; l += 4) {
            const __m256d r0 = _mm256_loadu_pd(row + l);
            a0 = _mm256_fmadd_pd(r0, _mm256_loadu_pd(x + l), a0);
            _mm256_storeu_pd(y + l, _mm256_fmadd_pd(xj, r0, _mm256_loadu_pd(y + l)));
        }
        const __m128d s2 = _mm_add_pd(_mm256_castpd256_pd128(a0), _mm256_extractf128_pd(a0, 1));
        double sum = _mm_cvtsd_f64(_mm_add_sd(s2, _mm_unpackhi_pd(s2, s2)));
        for (; l < j; ++l) {
            sum = std::fma(row[l], x[l], sum);
            y[l] = std::fma(x[j], row[l], y[l]);
        }
        y[j] = std::fma(row[j], x[j], sum);
    }
}

void symmetricSubtract(double *lower, std::size_t d, const double *w, std::size_t ldw, std::size_t count)
{
    for (std::size_t j = 0; j < d; ++j) {
        double *row = lower + j * (j + 1) / 2;
        for (std::size_t k = 0; k < count; ++k)
            axpy(-w[k * ldw + j], w + k * ldw, j + 1, row);
    }
}

} // namespace

const FisherKernels &fisherKernelsAvx2()
{
    static const FisherKernels kernels{dotPacked, roundings, gemv, axpy, symmetricApply, symmetricSubtract, "avx2"};
    return kernels;
}

} // namespace crsw
