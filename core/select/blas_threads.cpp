#include "select/blas_threads.h"

#include <cblas.h>

namespace crsw {

BlasThreads::BlasThreads() : m_previous(openblas_get_num_threads())
{
    openblas_set_num_threads(1);
}

BlasThreads::~BlasThreads()
{
    openblas_set_num_threads(m_previous);
}

} // namespace crsw
