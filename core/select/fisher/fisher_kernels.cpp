#include "select/fisher/fisher_kernels.h"

#include <algorithm>

namespace crsw {

#ifdef CRSW_FISHER_X86_KERNELS
const FisherKernels &fisherKernelsAvx512();
const FisherKernels &fisherKernelsAvx2();
#endif

namespace {

// Plain sequential sums: each product is rounded into the running sum once
// per remaining term, so d + 1 roundings at most (a separate multiply).
void dotPackedPortable(const float *const *x, std::size_t rows, const float *packed, std::size_t count,
                       std::size_t d, float *out, std::size_t ldo)
{
    for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t k = 0; k < count; ++k) {
            const float *b = packed + k / kFisherPackWidth * kFisherPackWidth * d + k % kFisherPackWidth;
            float sum = 0.0f;
            for (std::size_t j = 0; j < d; ++j)
                sum += x[r][j] * b[j * kFisherPackWidth];
            out[r * ldo + k] = sum;
        }
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

void fisherPackVector(const float *w, std::size_t d, std::size_t k, float *packed)
{
    float *block = packed + k / kFisherPackWidth * kFisherPackWidth * d + k % kFisherPackWidth;
    for (std::size_t j = 0; j < d; ++j)
        block[j * kFisherPackWidth] = w[j];
}

void fisherPack(const float *w, std::size_t ldw, std::size_t count, std::size_t d, float *packed)
{
    if (count % kFisherPackWidth != 0) {
        float *last = packed + count / kFisherPackWidth * kFisherPackWidth * d;
        std::fill(last, last + kFisherPackWidth * d, 0.0f);
    }
    for (std::size_t k = 0; k < count; ++k)
        fisherPackVector(w + k * ldw, d, k, packed);
}

const FisherKernels &FisherKernels::portable()
{
    static const FisherKernels kernels{dotPackedPortable, roundingsPortable, gemvPortable, axpyPortable, symmetricApplyPortable, symmetricSubtractPortable, "portable"};
    return kernels;
}

std::vector<const FisherKernels *> FisherKernels::available()
{
    std::vector<const FisherKernels *> kernels{&portable()};
#ifdef CRSW_FISHER_X86_KERNELS
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        kernels.push_back(&fisherKernelsAvx2());
    if (__builtin_cpu_supports("avx512f"))
        kernels.push_back(&fisherKernelsAvx512());
#endif
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
