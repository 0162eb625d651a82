#!/usr/bin/env bash
# Shared by scripts/main.sh and scripts/test.sh: install what is missing, configure, build.
# Safe to run any number of times.
set -euo pipefail

VSWITCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VSWITCH_BUILD="${VSWITCH_BUILD:-$VSWITCH_ROOT/build}"

# Debian 12 packages: ns-3 3.37 and what its CMake config needs, Boost 1.81 (JSON,
# unordered_flat_map), GoogleTest, Google Benchmark, tshark (pcap checks), Sphinx (the
# documentation), Graphviz (vswitch-sim's topology.svg), pybind11 and pytest (the Python
# module vswitch and its tests), mypy (its type stub checked against it), jsonschema (the scenario schema's test), matplotlib
# (pictures; python3-munkres satisfies python3-fonttools without python3-scipy, whose
# python3-pythran needs libboost-dev 1.74, which conflicts with libboost1.81-dev), the
# toolchain; iproute2, iputils-ping and libcap2-bin (capsh) for the tap lab and its tests.
VSWITCH_PACKAGES=(
  libns3-dev ns3 libgsl-dev libsqlite3-dev libxml2-dev python3-dev
  libboost1.81-dev libboost-json1.81-dev
  libgtest-dev libbenchmark-dev tshark
  python3-sphinx graphviz python3-matplotlib python3-munkres
  cmake g++ ninja-build ccache python3 pkg-config
  pybind11-dev python3-pytest python3-jsonschema python3-mypy
  iproute2 iputils-ping libcap2-bin
)

# Only for distributed runs (VSWITCH_MPI=1, scripts/test-mpi.sh): OpenMPI, 35 packages and
# about 50 MB installed, too much to install for every build.
VSWITCH_MPI_PACKAGES=(libopenmpi-dev openmpi-bin)

# The Python the module is built for and tested with: Debian's, whatever python3 comes first
# on PATH (a pyenv or a venv has neither pybind11-dev's nor python3-pytest's packages).
VSWITCH_PYTHON="${VSWITCH_PYTHON:-/usr/bin/python3}"

vswitch_install_deps() {
  local missing=()
  local wanted=("${VSWITCH_PACKAGES[@]}")
  if [ "${VSWITCH_MPI:-0}" = 1 ]; then
    wanted+=("${VSWITCH_MPI_PACKAGES[@]}")
  fi
  for p in "${wanted[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  echo "== installing: ${missing[*]}"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
  fi
  $sudo apt-get update -q
  # tshark asks whether non-root users may capture unless the frontend is noninteractive.
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# vswitch_build [cmake options...]: configure $VSWITCH_BUILD (with the options given) and build
# (every target, or those VSWITCH_BUILD_TARGETS names, separated by spaces).
vswitch_build() {
  # Every target uses precompiled headers; without this ccache refuses to cache their users.
  export CCACHE_SLOPPINESS="${CCACHE_SLOPPINESS:-pch_defines,time_macros}"
  # Paths relative to the checkout and the build folder left out of the hash: a fresh clone
  # elsewhere (CI) reuses what an earlier build of the same sources compiled.
  export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$VSWITCH_ROOT}"
  export CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-true}"
  local generator=()
  if [ ! -f "$VSWITCH_BUILD/CMakeCache.txt" ] && command -v ninja >/dev/null 2>&1; then
    generator=(-G Ninja)
  fi
  local python=()
  if [ -x "$VSWITCH_PYTHON" ]; then
    python=(-DPython3_EXECUTABLE="$VSWITCH_PYTHON")
  fi
  cmake -S "$VSWITCH_ROOT" -B "$VSWITCH_BUILD" "${generator[@]}" "${python[@]}" "$@"
  local targets=()
  if [ -n "${VSWITCH_BUILD_TARGETS:-}" ]; then
    # shellcheck disable=SC2206 # target names have no spaces
    targets=(--target ${VSWITCH_BUILD_TARGETS})
  fi
  cmake --build "$VSWITCH_BUILD" -j "$(nproc)" "${targets[@]}"
}
