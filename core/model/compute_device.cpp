#include "model/compute_device.h"

#include "common/error.h"
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

std::string resolveComputeDevice(const std::string &requested)
{
    if (requested.empty() || requested == "auto")
        return torch::cuda::is_available() ? "cuda:0" : "cpu";
    torch::Device device(torch::kCPU);
    try {
        device = torch::Device(requested);
    } catch (const std::exception &) {
        throw Error({{}, 0, "device"}, "unknown device '" + requested + "' (auto, cpu, cuda or cuda:N)");
    }
    if (device.is_cpu())
        return "cpu";
    if (!device.is_cuda())
        throw Error({{}, 0, "device"}, "unsupported device '" + requested + "' (auto, cpu, cuda or cuda:N)");
    if (!torch::cuda::is_available())
        throw Error({{}, 0, "device"}, "'" + requested + "' requested, but this libtorch (" + computeInfo().torchVersion
                                           + ") sees no CUDA device");
    const int index = device.has_index() ? device.index() : 0;
    if (index >= static_cast<int>(torch::cuda::device_count()))
        throw Error({{}, 0, "device"}, "'" + requested + "' requested, but only "
                                           + std::to_string(torch::cuda::device_count()) + " CUDA device(s) are present");
    return "cuda:" + std::to_string(index);
}

} // namespace crsw
