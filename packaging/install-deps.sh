#!/usr/bin/env bash
# Installs the Debian 12 / Ubuntu packages CRS Workbench builds and tests with,
# only those that are missing (apt-get through sudo when not root).
#   install-deps.sh            everything: GUI, CLI, tests
#   install-deps.sh --headless the compute core and the crsw CLI only (no Qt)
set -euo pipefail

core=(build-essential cmake ninja-build pkg-config python3
      libtorch-dev libopenblas0 libopenblas-dev libeigen3-dev nlohmann-json3-dev zlib1g-dev libsimdjson-dev libpcre2-dev
      qt6-base-dev libsqlite3-dev)
gui=(qt6-base-dev qt6-base-dev-tools libqt6svg6-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
     libqcustomplot-dev libqcustomplot2.1-qt6 libgl-dev xvfb xauth)

packages=("${core[@]}")
[[ "${1:-}" == "--headless" ]] || packages+=("${gui[@]}")

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo=""
[[ $(id -u) -eq 0 ]] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
