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

/// The device a user's choice names: "auto" (or empty) becomes "cuda:0" when
/// libtorch sees a CUDA device, else "cpu"; "cpu", "cuda" and "cuda:N" are
/// checked. Throws crsw::Error (field "device") for an unknown name, or for
/// CUDA on a machine or libtorch build without it.
std::string resolveComputeDevice(const std::string &requested);

} // namespace crsw
