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

inline float reduce8(__m256 v)
{
    const __m128 s4 = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    const __m128 s2 = _mm_add_ps(s4, _mm_movehl_ps(s4, s4));
    const __m128 s1 = _mm_add_ss(s2, _mm_shuffle_ps(s2, s2, 1));
    return _mm_cvtss_f32(s1);
}

// An R x C tile: 8 lanes per sum, one FMA per 8 terms, a 3-level tree.
template <int R, int C>
inline void tile(const float *const *x, const float *w, std::size_t ldw, std::size_t d, float *out, std::size_t ldo)
{
    __m256 acc[R][C];
    for (int r = 0; r < R; ++r)
        for (int c = 0; c < C; ++c)
            acc[r][c] = _mm256_setzero_ps();
    std::size_t j = 0;
    for (; j + 8 <= d; j += 8) {
        __m256 xv[R];
        for (int r = 0; r < R; ++r)
            xv[r] = _mm256_loadu_ps(x[r] + j);
        for (int c = 0; c < C; ++c) {
            const __m256 wv = _mm256_loadu_ps(w + c * ldw + j);
            for (int r = 0; r < R; ++r)
                acc[r][c] = _mm256_fmadd_ps(xv[r], wv, acc[r][c]);
        }
    }
    if (j < d) {
        const __m256i mask = tailMask(d - j);
        __m256 xv[R];
        for (int r = 0; r < R; ++r)
            xv[r] = _mm256_maskload_ps(x[r] + j, mask);
        for (int c = 0; c < C; ++c) {
            const __m256 wv = _mm256_maskload_ps(w + c * ldw + j, mask);
            for (int r = 0; r < R; ++r)
                acc[r][c] = _mm256_fmadd_ps(xv[r], wv, acc[r][c]);
        }
    }
    for (int r = 0; r < R; ++r)
        for (int c = 0; c < C; ++c)
            out[r * ldo + c] = reduce8(acc[r][c]);
}

template <int R>
inline void rowBlock(const float *const *x, const float *w, std::size_t ldw, std::size_t count, std::size_t d,
                     float *out, std::size_t ldo)
{
    std::size_t k = 0;
    for (; k + 4 <= count; k += 4)
        tile<R, 4>(x, w + k * ldw, ldw, d, out + k, ldo);
    switch (count - k) {
    case 3: tile<R, 3>(x, w + k * ldw, ldw, d, out + k, ldo); break;
    case 2: tile<R, 2>(x, w + k * ldw, ldw, d, out + k, ldo); break;
    case 1: tile<R, 1>(x, w + k * ldw, ldw, d, out + k, ldo); break;
    default: break;
    }
}

void dotTile(const float *const *x, std::size_t rows, const float *w, std::size_t ldw, std::size_t count,
             std::size_t d, float *out, std::size_t ldo)
{
    std::size_t r = 0;
    for (; r + 3 <= rows; r += 3)
        rowBlock<3>(x + r, w, ldw, count, d, out + r * ldo, ldo);
    switch (rows - r) {
    case 2: rowBlock<2>(x + r, w, ldw, count, d, out + r * ldo, ldo); break;
    case 1: rowBlock<1>(x + r, w, ldw, count, d, out + r * ldo, ldo); break;
    default: break;
    }
}

// Packed layout as in the AVX-512 kernels, with vectors of 8: panels of up to
// kPanel vectors (count rounded up to 8 with zero vectors), each d rows.
constexpr std::size_t kPanel = 24;
// Terms each lane sums before adding into the running total.
constexpr std::size_t kSegment = 64;

std::size_t paddedCount(std::size_t count)
{
    return (count + 7) / 8 * 8;
}

// The width of the panel starting at p0: full panels, except that a last
// 32 columns become two panels of 16 (a thin 8-wide panel
// wastes most of its broadcasts).
std::size_t panelWidth(std::size_t p0, std::size_t padded)
{
    const std::size_t left = padded - p0;
    return left == 32 ? 16 : std::min(kPanel, left);
}

std::size_t packedSize(std::size_t count, std::size_t d)
{
    return paddedCount(count) * d;
}

void pack(const float *w, std::size_t ldw, std::size_t count, std::size_t d, float *packed)
{
    const std::size_t padded = paddedCount(count);
    for (std::size_t p0 = 0, width = 0; p0 < padded; p0 += width) {
        width = panelWidth(p0, padded);
        float *panel = packed + p0 * d;
        for (std::size_t j = 0; j < d; ++j)
            for (std::size_t c = 0; c < width; ++c)
                panel[j * width + c] = p0 + c < count ? w[(p0 + c) * ldw + j] : 0.0f;
    }
}

template <int R, int V>
inline void panelTile(const float *const *x, const float *panel, std::size_t d, float *out, std::size_t ldo,
                      std::size_t valid)
{
    constexpr std::size_t width = 8 * V;
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
                wv[v] = _mm256_loadu_ps(panel + j * width + 8 * v);
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
inline void panelRows(const float *const *x, const float *packed, std::size_t count, std::size_t d, float *out,
                      std::size_t ldo)
{
    const std::size_t padded = paddedCount(count);
    for (std::size_t p0 = 0, width = 0; p0 < padded; p0 += width) {
        width = panelWidth(p0, padded);
        const float *panel = packed + p0 * d;
        const std::size_t valid = std::min(count - p0, width);
        if (width == 24)
            panelTile<R, 3>(x, panel, d, out + p0, ldo, valid);
        else if (width == 16)
            panelTile<R, 2>(x, panel, d, out + p0, ldo, valid);
        else
            panelTile<R, 1>(x, panel, d, out + p0, ldo, valid);
    }
}

void dotPacked(const float *const *x, std::size_t rows, const float *packed, std::size_t count, std::size_t d,
               float *out, std::size_t ldo)
{
    std::size_t r = 0;
    for (; r + 4 <= rows; r += 4)
        panelRows<4>(x + r, packed, count, d, out + r * ldo, ldo);
    const float *const *xr = x + r;
    float *o = out + r * ldo;
    switch (rows - r) {
    case 3: panelRows<3>(xr, packed, count, d, o, ldo); break;
    case 2: panelRows<2>(xr, packed, count, d, o, ldo); break;
    case 1: panelRows<1>(xr, packed, count, d, o, ldo); break;
    default: break;
    }
}

std::size_t roundings(std::size_t d)
{
    return std::max((d + 7) / 8 + 3, std::min(d, kSegment) + (d + kSegment - 1) / kSegment);
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
    static const FisherKernels kernels{dotTile, packedSize, pack, dotPacked, roundings, gemv, axpy, symmetricApply, symmetricSubtract, "avx2"};
    return kernels;
}

} // namespace crsw
