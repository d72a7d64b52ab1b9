#include "arg_parser.h"
#include "commands.h"

#include "common/blas_kernels.h"
#include "common/parallel.h"
#include "model/compute_device.h"

#include <cstdio>
#include <string>

namespace crsw::cli {

int commandInfo(const std::vector<std::string> &args)
{
    ArgParser parser("crsw info", "Prints the build's versions, the threads it uses and the compute devices it sees.");
    if (!parser.parse(args))
        return 0;
    configureTorchThreads();
    const ComputeInfo info = computeInfo();
    std::printf("CRS Workbench %s\n", CRSW_VERSION);
    std::printf("libtorch        %s\n", info.torchVersion.c_str());
    std::printf("CPU threads     %d (cores: %d)\n", info.cpuThreads, defaultThreadCount());
    const char *blasCore = blasCoreName();
    std::printf("BLAS kernels    %s\n", *blasCore ? (std::string("OpenBLAS ") + blasCore).c_str() : "not OpenBLAS");
    std::printf("CUDA            %s", info.cudaAvailable ? "available" : "not available");
    if (info.cudaAvailable)
        std::printf(" (%d device%s)", info.cudaDevices, info.cudaDevices == 1 ? "" : "s");
    std::printf("\ncompute device  %s\n", info.preferredDevice.c_str());
    return 0;
}

} // namespace crsw::cli
