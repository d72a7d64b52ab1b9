#pragma once

namespace crsw {

/// OpenBLAS's kernel family in this process ("Cooperlake", "SkylakeX",
/// "Haswell", ...), or "" when the BLAS is not OpenBLAS. fp32 training speed
/// depends on it: OPENBLAS_CORETYPE=Haswell on an AVX-512 CPU made fp32
/// training 1.3-1.45x slower in bench_student.
const char *blasCoreName();

} // namespace crsw
