#include "common/blas_kernels.h"

#include <dlfcn.h>

namespace crsw {

const char *blasCoreName()
{
    // Looked up at run time: the process may be linked against another BLAS.
    using CoreName = char *(*)();
    static const auto coreName = reinterpret_cast<CoreName>(dlsym(RTLD_DEFAULT, "openblas_get_corename"));
    const char *name = coreName ? coreName() : nullptr;
    return name ? name : "";
}

} // namespace crsw
