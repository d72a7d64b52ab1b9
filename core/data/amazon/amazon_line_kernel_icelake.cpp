// The line parsing kernel built for AVX-512 (the icelake flags set in CMakeLists.txt).
#define CRSW_KERNEL_NS amazon_kernel_icelake
#include "data/amazon/amazon_line_kernel.inc"
