#!/usr/bin/env bash
# Distributed runs: install what is missing (with OpenMPI), fetch ns-3's MPI sources for the
# installed ns-3 (scripts/get-ns3-mpi-sources.sh), configure and build build-mpi with
# -DVSWITCH_MPI=ON, and run its tests through CTest (the Mpi.* tests compare two ranks with
# one process). Safe to run again. VSWITCH_BUILD chooses another folder; extra arguments go
# to ctest (e.g. -R '^Mpi\.' for the MPI tests alone).
set -euo pipefail
export VSWITCH_MPI=1
VSWITCH_BUILD="${VSWITCH_BUILD:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/build-mpi}"
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
vswitch_install_deps
"$VSWITCH_ROOT/scripts/get-ns3-mpi-sources.sh"
vswitch_build -DVSWITCH_MPI=ON
ctest --test-dir "$VSWITCH_BUILD" --output-on-failure -j "$(nproc)" "$@"
