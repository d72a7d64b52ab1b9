#!/usr/bin/env bash
# Set-up command (b): installs what is missing, builds everything and runs the
# whole test suite (GUI tests offscreen). The benchmarks are not part of it:
# run them with `ctest --test-dir build -L bench -V`.
set -euo pipefail
cd "$(dirname "$0")/.."
packaging/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build
ctest --test-dir build -LE bench --output-on-failure -j "$(nproc)" --timeout 1200
