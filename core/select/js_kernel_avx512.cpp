// The JS kernels built for AVX-512 (flags set in CMakeLists.txt).
// GCC 12 warns about the deliberately undefined pass-through operand of its
// own unmasked AVX-512 intrinsics (_mm512_undefined_pd); not our variables.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
#define CRSW_JS_NS js_kernel_avx512
#define CRSW_JS_AVX512
#include "select/js_kernel.inc"
