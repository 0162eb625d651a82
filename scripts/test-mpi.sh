#!/usr/bin/env bash
# Distributed runs: install what is missing (with OpenMPI), fetch ns-3's MPI sources for the
# installed ns-3 (scripts/get-ns3-mpi-sources.sh), configure and build build-mpi with
# -DVSWITCH_MPI=ON, and run its tests through CTest (the Mpi.* tests compare runs on 1, 2
# and 4 ranks with one process). Safe to run again. VSWITCH_BUILD chooses another folder.
#
#   scripts/test-mpi.sh              build everything, run every test of build-mpi
#   scripts/test-mpi.sh --mpi-only   build what the MPI tests run, run those (label "mpi");
#                                    what CI runs
#
# Further arguments go to ctest (e.g. -R '^Mpi\.VswitchSim').
set -euo pipefail
export VSWITCH_MPI=1
VSWITCH_BUILD="${VSWITCH_BUILD:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/build-mpi}"
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
only=0
if [ "${1:-}" = "--mpi-only" ]; then
  only=1
  shift
fi
vswitch_install_deps
"$VSWITCH_ROOT/scripts/get-ns3-mpi-sources.sh"
if [ "$only" = 1 ]; then
  VSWITCH_BUILD_TARGETS="vswitch-sim mpi-two-switches vswitch-mpi-tests" vswitch_build -DVSWITCH_MPI=ON
  ctest --test-dir "$VSWITCH_BUILD" --output-on-failure -j "$(nproc)" -L mpi "$@"
else
  vswitch_build -DVSWITCH_MPI=ON
  ctest --test-dir "$VSWITCH_BUILD" --output-on-failure -j "$(nproc)" "$@"
fi
