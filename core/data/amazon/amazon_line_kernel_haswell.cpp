// The line parsing kernel built for AVX2 (-mavx2 -mbmi -mpclmul -mlzcnt, set in CMakeLists.txt).
#define CRSW_KERNEL_NS amazon_kernel_haswell
#include "data/amazon/amazon_line_kernel.inc"
