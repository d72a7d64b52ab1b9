#pragma once

#include <string>

namespace crsw {

/// What libtorch offers on this machine. Kept free of torch headers so Qt
/// code can include it cheaply.
struct ComputeInfo {
    std::string torchVersion;   ///< e.g. "1.13.1"
    bool cudaAvailable = false;
    int cudaDevices = 0;
    int cpuThreads = 0;         ///< intra-op threads libtorch uses
    std::string preferredDevice; ///< "cuda:0" or "cpu"
};

/// Sets libtorch's intra-op threads (it starts at one on Debian's build).
/// threads <= 0 means one per core.
void configureTorchThreads(int threads = 0);

/// Probes libtorch (cheap; safe to call from any thread).
ComputeInfo computeInfo();

} // namespace crsw
