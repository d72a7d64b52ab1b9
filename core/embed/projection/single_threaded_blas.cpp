#include "embed/projection/single_threaded_blas.h"

#include <cblas.h>

namespace crsw {

SingleThreadedBlas::SingleThreadedBlas() : m_previous(openblas_get_num_threads())
{
    openblas_set_num_threads(1);
}

SingleThreadedBlas::~SingleThreadedBlas()
{
    openblas_set_num_threads(m_previous);
}

} // namespace crsw
