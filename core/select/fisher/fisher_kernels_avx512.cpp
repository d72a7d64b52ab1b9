// AVX-512 kernels of the FISHER selection; this file alone is built with
// -mavx512f (CMakeLists.txt) and only called when the CPU has it.
#include "select/fisher/fisher_kernels.h"

// GCC 12's _mm512_reduce_add_* extract halves with _mm256_undefined_*(),
// which its uninitialised-use analysis reports falsely.
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include <algorithm>
#include <cmath>
#include <immintrin.h>

namespace crsw {

namespace {

// Panels of up to kPanel blocks of 16 vectors (fisher_kernels.h): the
// micro-kernel loads one row of each block and broadcasts one element of x.
constexpr std::size_t kPanel = 3;
// Terms each lane sums before adding into the running total: every product
// then suffers at most kSegment + ceil(d / kSegment) roundings.
constexpr std::size_t kSegment = 64;

// The blocks of the panel starting at block b0 of `blocks`: full panels,
// except that a last 4 blocks become two panels of 2 (a thin 1-block panel
// wastes most of its broadcasts).
std::size_t panelBlocks(std::size_t b0, std::size_t blocks)
{
    const std::size_t left = blocks - b0;
    return left == 4 ? 2 : std::min(kPanel, left);
}

// R rows of x against one panel of V blocks.
template <int R, int V>
inline void panelTile(const float *const *x, const float *panel, std::size_t d, float *out, std::size_t ldo,
                      std::size_t valid)
{
    const std::size_t blockSize = kFisherPackWidth * d;
    __m512 total[R][V];
    for (int r = 0; r < R; ++r)
        for (int v = 0; v < V; ++v)
            total[r][v] = _mm512_setzero_ps();
    for (std::size_t j0 = 0; j0 < d; j0 += kSegment) {
        __m512 acc[R][V];
        for (int r = 0; r < R; ++r)
            for (int v = 0; v < V; ++v)
                acc[r][v] = _mm512_setzero_ps();
        const std::size_t j1 = std::min(d, j0 + kSegment);
        for (std::size_t j = j0; j < j1; ++j) {
            __m512 wv[V];
            for (int v = 0; v < V; ++v)
                wv[v] = _mm512_loadu_ps(panel + std::size_t(v) * blockSize + j * kFisherPackWidth);
            for (int r = 0; r < R; ++r) {
                const __m512 xb = _mm512_set1_ps(x[r][j]);
                for (int v = 0; v < V; ++v)
                    acc[r][v] = _mm512_fmadd_ps(xb, wv[v], acc[r][v]);
            }
        }
        for (int r = 0; r < R; ++r)
            for (int v = 0; v < V; ++v)
                total[r][v] = _mm512_add_ps(total[r][v], acc[r][v]);
    }
    for (int r = 0; r < R; ++r)
        for (int v = 0; v < V; ++v) {
            const std::size_t column = 16 * std::size_t(v);
            if (column + 16 <= valid)
                _mm512_storeu_ps(out + r * ldo + column, total[r][v]);
            else if (column < valid)
                _mm512_mask_storeu_ps(out + r * ldo + column, static_cast<__mmask16>((1u << (valid - column)) - 1u),
                                      total[r][v]);
        }
}

template <int R>
inline void panelRows(const float *const *x, const float *packed, std::size_t count, std::size_t d, float *out,
                      std::size_t ldo)
{
    const std::size_t blocks = (count + kFisherPackWidth - 1) / kFisherPackWidth;
    for (std::size_t b0 = 0, width = 0; b0 < blocks; b0 += width) {
        width = panelBlocks(b0, blocks);
        const std::size_t p0 = b0 * kFisherPackWidth;
        const float *panel = packed + p0 * d;
        const std::size_t valid = std::min(count - p0, width * kFisherPackWidth);
        if (width == 3)
            panelTile<R, 3>(x, panel, d, out + p0, ldo, valid);
        else if (width == 2)
            panelTile<R, 2>(x, panel, d, out + p0, ldo, valid);
        else
            panelTile<R, 1>(x, panel, d, out + p0, ldo, valid);
    }
}

// 24 rows against every panel: 3 tiles of 8 rows on a 3-block panel, 2 of
// 12 on a narrower one (24 or fewer accumulators either way, the most that
// fit the registers beside the loads).
void panelRows24(const float *const *x, const float *packed, std::size_t count, std::size_t d, float *out,
                 std::size_t ldo)
{
    const std::size_t blocks = (count + kFisherPackWidth - 1) / kFisherPackWidth;
    for (std::size_t b0 = 0, width = 0; b0 < blocks; b0 += width) {
        width = panelBlocks(b0, blocks);
        const std::size_t p0 = b0 * kFisherPackWidth;
        const float *panel = packed + p0 * d;
        const std::size_t valid = std::min(count - p0, width * kFisherPackWidth);
        for (std::size_t r = 0; r < 24; r += width == 3 ? 8 : 12) {
            float *o = out + r * ldo + p0;
            if (width == 3)
                panelTile<8, 3>(x + r, panel, d, o, ldo, valid);
            else if (width == 2)
                panelTile<12, 2>(x + r, panel, d, o, ldo, valid);
            else
                panelTile<12, 1>(x + r, panel, d, o, ldo, valid);
        }
    }
}

void dotPacked(const float *const *x, std::size_t rows, const float *packed, std::size_t count, std::size_t d,
               float *out, std::size_t ldo)
{
    std::size_t r = 0;
    for (; r + 24 <= rows; r += 24)
        panelRows24(x + r, packed, count, d, out + r * ldo, ldo);
    for (; r + 8 <= rows; r += 8)
        panelRows<8>(x + r, packed, count, d, out + r * ldo, ldo);
    const float *const *xr = x + r;
    float *o = out + r * ldo;
    switch (rows - r) {
    case 7: panelRows<7>(xr, packed, count, d, o, ldo); break;
    case 6: panelRows<6>(xr, packed, count, d, o, ldo); break;
    case 5: panelRows<5>(xr, packed, count, d, o, ldo); break;
    case 4: panelRows<4>(xr, packed, count, d, o, ldo); break;
    case 3: panelRows<3>(xr, packed, count, d, o, ldo); break;
    case 2: panelRows<2>(xr, packed, count, d, o, ldo); break;
    case 1: panelRows<1>(xr, packed, count, d, o, ldo); break;
    default: break;
    }
}

std::size_t roundings(std::size_t d)
{
    // One segment of fused multiply-adds plus one addition per segment.
    return std::min(d, kSegment) + (d + kSegment - 1) / kSegment;
}

// Same per-row arithmetic for every row, R rows at a time (independent
// chains hide the FMA latency): two accumulators over alternate blocks of 8,
// a masked tail, added, then reduced across the 8 lanes.
template <int R>
inline void rowDots(const double *a, std::size_t lda, const double *x, std::size_t d, double *y)
{
    __m512d a0[R], a1[R];
    for (int r = 0; r < R; ++r)
        a0[r] = a1[r] = _mm512_setzero_pd();
    std::size_t j = 0;
    for (; j + 16 <= d; j += 16) {
        const __m512d x0 = _mm512_loadu_pd(x + j), x1 = _mm512_loadu_pd(x + j + 8);
        for (int r = 0; r < R; ++r) {
            a0[r] = _mm512_fmadd_pd(_mm512_loadu_pd(a + r * lda + j), x0, a0[r]);
            a1[r] = _mm512_fmadd_pd(_mm512_loadu_pd(a + r * lda + j + 8), x1, a1[r]);
        }
    }
    if (j + 8 <= d) {
        const __m512d x0 = _mm512_loadu_pd(x + j);
        for (int r = 0; r < R; ++r)
            a0[r] = _mm512_fmadd_pd(_mm512_loadu_pd(a + r * lda + j), x0, a0[r]);
        j += 8;
    }
    if (j < d) {
        const __mmask8 mask = static_cast<__mmask8>((1u << (d - j)) - 1u);
        const __m512d x1 = _mm512_maskz_loadu_pd(mask, x + j);
        for (int r = 0; r < R; ++r)
            a1[r] = _mm512_fmadd_pd(_mm512_maskz_loadu_pd(mask, a + r * lda + j), x1, a1[r]);
    }
    for (int r = 0; r < R; ++r)
        y[r] = _mm512_reduce_add_pd(_mm512_add_pd(a0[r], a1[r]));
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
    const __m512d a = _mm512_set1_pd(alpha);
    std::size_t j = 0;
    for (; j + 8 <= d; j += 8)
        _mm512_storeu_pd(y + j, _mm512_fmadd_pd(a, _mm512_loadu_pd(x + j), _mm512_loadu_pd(y + j)));
    for (; j < d; ++j)
        y[j] = std::fma(alpha, x[j], y[j]);
}

void symmetricApply(const double *lower, std::size_t d, const double *x, double *y)
{
    for (std::size_t j = 0; j < d; ++j) {
        const double *row = lower + j * (j + 1) / 2;
        const __m512d xj = _mm512_set1_pd(x[j]);
        __m512d a0 = _mm512_setzero_pd(), a1 = _mm512_setzero_pd();
        std::size_t l = 0;
        // l < j: the dot product for y_j and the axpy into y_l share each load.
        for (; l + 16 <= j; l += 16) {
            const __m512d r0 = _mm512_loadu_pd(row + l), r1 = _mm512_loadu_pd(row + l + 8);
            a0 = _mm512_fmadd_pd(r0, _mm512_loadu_pd(x + l), a0);
            a1 = _mm512_fmadd_pd(r1, _mm512_loadu_pd(x + l + 8), a1);
            _mm512_storeu_pd(y + l, _mm512_fmadd_pd(xj, r0, _mm512_loadu_pd(y + l)));
            _mm512_storeu_pd(y + l + 8, _mm512_fmadd_pd(xj, r1, _mm512_loadu_pd(y + l + 8)));
        }
        for (; l + 8 <= j; l += 8) {
            const __m512d r0 = _mm512_loadu_pd(row + l);
            a0 = _mm512_fmadd_pd(r0, _mm512_loadu_pd(x + l), a0);
            _mm512_storeu_pd(y + l, _mm512_fmadd_pd(xj, r0, _mm512_loadu_pd(y + l)));
        }
        if (l < j) {
            const __mmask8 mask = static_cast<__mmask8>((1u << (j - l)) - 1u);
            const __m512d r0 = _mm512_maskz_loadu_pd(mask, row + l);
            a1 = _mm512_fmadd_pd(r0, _mm512_maskz_loadu_pd(mask, x + l), a1);
            _mm512_mask_storeu_pd(y + l, mask, _mm512_fmadd_pd(xj, r0, _mm512_maskz_loadu_pd(mask, y + l)));
        }
        y[j] = std::fma(row[j], x[j], _mm512_reduce_add_pd(_mm512_add_pd(a0, a1)));
    }
}

// Rows j0..j0+R-1 over columns [l0, l0 + 8V): each entry gets one fused
// multiply-add per k, in order, exactly as a plain loop would.
template <int R, int V>
inline void subtractTile(double *const *rows, std::size_t l0, const double *w, std::size_t ldw, std::size_t count,
                         std::size_t j0)
{
    __m512d acc[R][V];
    for (int r = 0; r < R; ++r)
        for (int v = 0; v < V; ++v)
            acc[r][v] = _mm512_loadu_pd(rows[r] + l0 + 8 * v);
    for (std::size_t k = 0; k < count; ++k) {
        const double *wk = w + k * ldw;
        __m512d wv[V];
        for (int v = 0; v < V; ++v)
            wv[v] = _mm512_loadu_pd(wk + l0 + 8 * v);
        for (int r = 0; r < R; ++r) {
            const __m512d b = _mm512_set1_pd(-wk[j0 + std::size_t(r)]);
            for (int v = 0; v < V; ++v)
                acc[r][v] = _mm512_fmadd_pd(b, wv[v], acc[r][v]);
        }
    }
    for (int r = 0; r < R; ++r)
        for (int v = 0; v < V; ++v)
            _mm512_storeu_pd(rows[r] + l0 + 8 * v, acc[r][v]);
}

void symmetricSubtract(double *lower, std::size_t d, const double *w, std::size_t ldw, std::size_t count)
{
    // Blocks of 4 rows share their common columns [0, j0 + 1) in tiles of
    // 16; what is left (short tails) is done entry by entry.
    std::size_t j0 = 0;
    for (; j0 + 4 <= d; j0 += 4) {
        double *rows[4];
        for (int r = 0; r < 4; ++r)
            rows[r] = lower + (j0 + std::size_t(r)) * (j0 + std::size_t(r) + 1) / 2;
        std::size_t l = 0;
        for (; l + 16 <= j0 + 1; l += 16)
            subtractTile<4, 2>(rows, l, w, ldw, count, j0);
        for (; l + 8 <= j0 + 1; l += 8)
            subtractTile<4, 1>(rows, l, w, ldw, count, j0);
        for (int r = 0; r < 4; ++r)
            for (std::size_t c = l; c <= j0 + std::size_t(r); ++c)
                for (std::size_t k = 0; k < count; ++k)
                    rows[r][c] = std::fma(-w[k * ldw + j0 + std::size_t(r)], w[k * ldw + c], rows[r][c]);
    }
    for (std::size_t j = j0; j < d; ++j) {
        double *row = lower + j * (j + 1) / 2;
        for (std::size_t c = 0; c <= j; ++c)
            for (std::size_t k = 0; k < count; ++k)
                row[c] = std::fma(-w[k * ldw + j], w[k * ldw + c], row[c]);
    }
}

} // namespace

const FisherKernels &fisherKernelsAvx512()
{
    static const FisherKernels kernels{dotPacked, roundings, gemv, axpy, symmetricApply, symmetricSubtract, "avx512"};
    return kernels;
}

} // namespace crsw
