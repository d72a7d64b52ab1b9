#!/usr/bin/env bash
# The GPU check, run ON a device machine over the working tree with
# .device-bundle/ carried (packaging/device-bundle.sh made it here):
# bench_student --gpu, our training and transformers + PEFT's on a
# Llama-3.2-1B-shaped model in bf16, LoRA and full, tokens/s and MFU. Uses
# that machine's python3 and its torch's libraries; the output is also
# written to $OUT/bench_student_gpu.txt when $OUT is set.
set -uo pipefail
cd "$(dirname "$0")/.."
bundle=.device-bundle
want=$(cat "$bundle/torch-version" 2>/dev/null || echo "?")
torch_dir=$(python3 -c 'import os, torch; print(os.path.dirname(torch.__file__))') || exit 1
have=$(python3 -c 'import torch; print(torch.__version__.split("+")[0])')
if [ "$have" != "$want" ]; then
  echo "device-gpu-bench.sh: the bundle was built for torch $want, this machine has $have: rebuild it with" \
       "packaging/device-bundle.sh $have" >&2
  exit 1
fi
nvidia_libs=$(find -L "$(dirname "$torch_dir")/nvidia" -maxdepth 3 -type d -name lib 2>/dev/null | paste -sd: -)
export LD_LIBRARY_PATH="$torch_dir/lib${nvidia_libs:+:$nvidia_libs}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export CRSW_PYTHON=python3 CRSW_STUDENT_REFERENCE=$PWD/tests/bench/model/student_reference.py PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true
log=${OUT:-/tmp}/bench_student_gpu.txt
"$bundle/bench_student" --gpu "$@" 2>&1 | tee "$log"
exit "${PIPESTATUS[0]}"
