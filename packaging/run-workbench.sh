#!/usr/bin/env bash
# Set-up command (a): installs what is missing, builds, and opens the
# workbench on the bundled demo workspace (created on first run).
#   packaging/run-workbench.sh             the GUI
#   packaging/run-workbench.sh --headless  no window: builds the CLI only and
#                                          runs the demo pipeline (crsw demo --run)
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${1:-}" == "--headless" ]]; then
  packaging/install-deps.sh --headless
  cmake -S . -B build-headless -G Ninja -DCMAKE_BUILD_TYPE=Release -DCRSW_BUILD_GUI=OFF -DCRSW_BUILD_TESTS=OFF -DCRSW_BUILD_BENCH=OFF
  cmake --build build-headless --target crsw
  exec build-headless/app/crsw demo --run
fi

packaging/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build --target crsw crsw-workbench
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
  echo "run-workbench: no display; opening the workbench under xvfb-run is pointless, use --headless" >&2
  exit 1
fi
exec build/app/crsw-workbench --demo
