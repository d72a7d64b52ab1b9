#!/usr/bin/env bash
# Builds the compute core, crsw and the benchmarks against the CUDA libtorch
# inside a pip-installed torch (Debian's libtorch-dev is CPU-only), into
# build-cuda/. The GUI is left out; everything else is the same code.
#
#   [PYTHON=/path/to/python] [BUILD_DIR=build-cuda] packaging/build-cuda.sh [ninja targets...]
#   (default targets: crsw bench_student; then e.g.
#    CRSW_PYTHON=$PYTHON build-cuda/tests/bench/model/bench_student --gpu)
#
# Needs: cmake, ninja, g++ (C++20: libtorch 2.x asks for it), the CUDA
# toolkit's nvcc (the torch CMake package looks for it), and the -dev
# packages of packaging/install-deps.sh except Qt Widgets.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
BUILD_DIR=${BUILD_DIR:-build-cuda}
torch_dir=$("$PYTHON" -c 'import os, torch; print(os.path.dirname(torch.__file__))')
cuda=$("$PYTHON" -c 'import torch; print(torch.version.cuda or "")')
if [ -z "$cuda" ]; then
  echo "build-cuda.sh: $PYTHON's torch ($torch_dir) is a CPU-only build" >&2
  exit 1
fi
# libtorch_cuda.so needs the NCCL, cuDNN, ... of its own wheel, which the
# linker would otherwise take from the CUDA toolkit (older: missing symbols).
site=$(dirname "$torch_dir")
rpath_link=$( (find "$site/nvidia" -maxdepth 3 -type d -name lib 2>/dev/null || true) | paste -sd: -)
nvcc=$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)
echo "torch $("$PYTHON" -c 'import torch; print(torch.__version__)') (CUDA $cuda) at $torch_dir; nvcc $nvcc"
# -lstdc++ first: libstdc++ then comes before libtorch among the programs' needed
# libraries, so std::filesystem binds to it. Some wheels' libtorch.so (2.11)
# export a std::filesystem of their own whose remove_all() crashed our programs.
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCRSW_BUILD_GUI=OFF \
  -DCMAKE_PREFIX_PATH="$torch_dir" -DCMAKE_CUDA_COMPILER="$nvcc" \
  -DTORCH_CUDA_ARCH_LIST="${TORCH_CUDA_ARCH_LIST:-9.0}" \
  -DCMAKE_EXE_LINKER_FLAGS="-Wl,--no-as-needed -lstdc++ -Wl,--as-needed -Wl,-rpath-link,$rpath_link -Wl,-rpath,$torch_dir/lib"
if [ $# -eq 0 ]; then set -- crsw bench_student; fi
ninja -C "$BUILD_DIR" "$@"
