// The line parsing kernel built for the flags of the whole build (the scalar fallback on baseline x86-64; NEON on arm64).
#define CRSW_KERNEL_NS amazon_kernel_generic
#include "data/amazon/amazon_line_kernel.inc"
