#!/usr/bin/env bash
# Prepares .device-bundle/ for the GPU check on a device machine (the session
# tool `device`): bench_student built HERE against the libtorch of the torch
# that machine's python3 has (default 2.11.0, CUDA 13.0: see the device
# library's KINDS.md), so that no compiler time is spent on the GPU's clock.
#
#   [PYTHON=python] packaging/device-bundle.sh [TORCH_VERSION]
#
# PYTHON must have a pip-installed CUDA torch of the same CUDA major version:
# its nvidia/ libraries are what the linker resolves libtorch_cuda.so's
# needs against (they are the device's own at run time). The wheel of
# TORCH_VERSION is downloaded (about 0.5 GB) and unpacked into
# build-device-torch/, then packaging/build-cuda.sh builds into
# build-device/. Afterwards, one device call runs the check:
#   run(command="bash packaging/device-gpu-bench.sh", carry=[".device-bundle"], timeout_s=540)
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:-2.11.0}
PYTHON=${PYTHON:-python3}
torch_root=$PWD/build-device-torch
nvidia=$("$PYTHON" -c 'import os, torch; print(os.path.join(os.path.dirname(os.path.dirname(torch.__file__)), "nvidia"))')
if [ ! -d "$nvidia" ]; then
  echo "device-bundle.sh: $PYTHON's torch brings no nvidia/ libraries ($nvidia): pip install a CUDA torch first" >&2
  exit 1
fi
if [ "$(cat "$torch_root/version" 2>/dev/null)" != "$version" ]; then
  rm -rf "$torch_root"
  mkdir -p "$torch_root/wheel" "$torch_root/site"
  py=$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
  "$PYTHON" -m pip download -q --no-deps --only-binary=:all: --python-version "$py" "torch==$version" -d "$torch_root/wheel"
  (cd "$torch_root/site" && unzip -q "$torch_root"/wheel/torch-*.whl 'torch/*')
  rm -rf "$torch_root/wheel"
  echo "$version" > "$torch_root/version"
fi
ln -sfn "$nvidia" "$torch_root/site/nvidia"
# A python that imports the unpacked torch (build-cuda.sh asks it where torch is).
cat > "$torch_root/python" <<PY
#!/bin/sh
PYTHONPATH="$torch_root/site" exec "$PYTHON" "\$@"
PY
chmod +x "$torch_root/python"
PYTHON="$torch_root/python" BUILD_DIR=build-device packaging/build-cuda.sh bench_student
rm -rf .device-bundle
mkdir -p .device-bundle
cp build-device/tests/bench/model/bench_student .device-bundle/
echo "$version" > .device-bundle/torch-version
echo "device-bundle.sh: .device-bundle/ holds bench_student for torch $version; on the device machine run"
echo "  bash packaging/device-gpu-bench.sh      (carry .device-bundle)"
