// The JS kernels for the base instruction set, and the run-time choice.
#define CRSW_JS_NS js_kernel_generic
#include "select/js_kernel.inc"

namespace crsw {

double JsKernel::screenErrorBound(std::size_t clusters)
{
    // With u = 2^-24 and H = H(m) <= ln K (sum m = 1, every m log m <= 0):
    //   the log:                 sum m (kLogAbsolute + kLogRelative |log m|)
    //                            <= kLogAbsolute + kLogRelative H
    //   m = p/2 + q/2 in float:  relative 2u on m, so <= 2u (H + 1)
    //   the fused m log m + acc and the float sums of ceil(K/2) terms each,
    //   then one more addition:  <= (ceil(K/2) + 1) u H
    //   m raised to 2^-126:      <= K 2^-126 x 88
    // The double scores' own rounding is far below 1e-13.
    const double u = 0x1.0p-24;
    const double k = double(clusters < 1 ? 1 : clusters);
    const double h = __builtin_log(k);
    const double halfK = double((clusters + 1) / 2);
    const double bound = kLogAbsolute + kLogRelative * h + 2.0 * u * (h + 1.0) + (halfK + 1.0) * u * h
                         + k * 0x1.0p-126 * 88.0 + 1e-13;
    return 2.0 * bound;
}

const JsKernel &JsKernel::generic()
{
    static const JsKernel kernel = js_kernel_generic::make();
    return kernel;
}

const JsKernel &JsKernel::best()
{
#ifdef CRSW_JS_X86_KERNELS
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl")) {
        static const JsKernel kernel = js_kernel_avx512::make();
        return kernel;
    }
#endif
    return generic();
}

} // namespace crsw
