#include "select/fisher/fisher_kernels.h"

namespace crsw {

#ifdef CRSW_FISHER_X86_KERNELS
const FisherKernels &fisherKernelsAvx512();
const FisherKernels &fisherKernelsAvx2();
#endif

namespace {

// Plain sequential sums: each product is rounded into the running sum once
// per remaining term, so d roundings at most.
void dotTilePortable(const float *const *x, std::size_t rows, const float *w, std::size_t ldw, std::size_t count,
                     std::size_t d, float *out, std::size_t ldo)
{
    for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t k = 0; k < count; ++k) {
            const float *a = x[r];
            const float *b = w + k * ldw;
            float sum = 0.0f;
            for (std::size_t j = 0; j < d; ++j)
                sum += a[j] * b[j]; // a separate multiply: two roundings per term at most, counted below
            out[r * ldo + k] = sum;
        }
}

std::size_t packedSizePortable(std::size_t count, std::size_t d)
{
    return count * d;
}

void packPortable(const float *w, std::size_t ldw, std::size_t count, std::size_t d, float *packed)
{
    for (std::size_t k = 0; k < count; ++k)
        for (std::size_t j = 0; j < d; ++j)
            packed[k * d + j] = w[k * ldw + j];
}

void dotPackedPortable(const float *const *x, std::size_t rows, const float *packed, std::size_t count,
                       std::size_t d, float *out, std::size_t ldo)
{
    dotTilePortable(x, rows, packed, d, count, d, out, ldo);
}

std::size_t roundingsPortable(std::size_t d)
{
    return d + 1;
}

void gemvPortable(const double *a, std::size_t lda, std::size_t rows, const double *x, std::size_t d, double *y)
{
    for (std::size_t r = 0; r < rows; ++r) {
        const double *row = a + r * lda;
        double sum = 0.0;
        for (std::size_t j = 0; j < d; ++j)
            sum += row[j] * x[j];
        y[r] = sum;
    }
}

void axpyPortable(double alpha, const double *x, std::size_t d, double *y)
{
    for (std::size_t j = 0; j < d; ++j)
        y[j] += alpha * x[j];
}

void symmetricApplyPortable(const double *lower, std::size_t d, const double *x, double *y)
{
    for (std::size_t j = 0; j < d; ++j) {
        const double *row = lower + j * (j + 1) / 2;
        double sum = 0.0;
        for (std::size_t l = 0; l < j; ++l) {
            sum += row[l] * x[l];
            y[l] += row[l] * x[j];
        }
        y[j] = sum + row[j] * x[j];
    }
}

void symmetricSubtractPortable(double *lower, std::size_t d, const double *w, std::size_t ldw, std::size_t count)
{
    for (std::size_t j = 0; j < d; ++j) {
        double *row = lower + j * (j + 1) / 2;
        for (std::size_t k = 0; k < count; ++k) {
            const double *wk = w + k * ldw;
            for (std::size_t l = 0; l <= j; ++l)
                row[l] -= wk[j] * wk[l];
        }
    }
}

} // namespace

const FisherKernels &FisherKernels::portable()
{
    static const FisherKernels kernels{dotTilePortable, packedSizePortable, packPortable, dotPackedPortable, roundingsPortable, gemvPortable, axpyPortable, symmetricApplyPortable, symmetricSubtractPortable, "portable"};
    return kernels;
}

const FisherKernels &FisherKernels::best()
{
#ifdef CRSW_FISHER_X86_KERNELS
    if (__builtin_cpu_supports("avx512f"))
        return fisherKernelsAvx512();
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return fisherKernelsAvx2();
#endif
    return portable();
}

} // namespace crsw
