#include "model/compute_device.h"

#include "common/parallel.h"

#include <torch/torch.h>

namespace crsw {

void configureTorchThreads(int threads)
{
    at::set_num_threads(threads > 0 ? threads : defaultThreadCount());
}

ComputeInfo computeInfo()
{
    ComputeInfo info;
    info.torchVersion = std::to_string(TORCH_VERSION_MAJOR) + "." + std::to_string(TORCH_VERSION_MINOR) + "."
        + std::to_string(TORCH_VERSION_PATCH);
    info.cudaAvailable = torch::cuda::is_available();
    info.cudaDevices = info.cudaAvailable ? static_cast<int>(torch::cuda::device_count()) : 0;
    info.cpuThreads = at::get_num_threads();
    info.preferredDevice = info.cudaAvailable ? "cuda:0" : "cpu";
    return info;
}

} // namespace crsw
