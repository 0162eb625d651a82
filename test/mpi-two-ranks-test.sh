#!/bin/sh
# Mpi.TwoRanksMatchOneProcess<Engine>: the two-site example on two MPI ranks (and on one)
# prints exactly what it prints in one process without MPI (pings, UDP, both MAC tables,
# frame counters).
#
# usage: mpi-two-ranks-test.sh EXAMPLE GrantedTimeWindow|NullMessage MPIEXEC WORKDIR
set -eu
example="$1"
engine="$2"
mpiexec="$3"
work="$4"
case "$engine" in
  GrantedTimeWindow) flag=gtw ;;
  NullMessage) flag=nullmsg ;;
  *) echo "unknown engine $engine" >&2; exit 2 ;;
esac
rm -rf "$work"
mkdir -p "$work"
# OpenMPI refuses root without these, and containers have no shared-memory single copy
# (CMA) nor, often, enough slots: --oversubscribe, shared memory and loopback only.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_btl=self,vader OMPI_MCA_btl_vader_single_copy_mechanism=none
export OMPI_MCA_rmaps_base_oversubscribe=1

"$example" --engine=none --out="$work/one-process.txt" >/dev/null
"$mpiexec" -np 2 "$example" --engine="$flag" --out="$work/two-ranks.txt" >/dev/null
# The same engine on one rank (no cable crosses ranks) must agree too.
"$mpiexec" -np 1 "$example" --engine="$flag" --out="$work/one-rank.txt" >/dev/null

# The run must have done something before the two are compared.
for want in "pings: sent 5, replies 5" "udp: received 20, lost 0" "== site a" "== site b"; do
  if ! grep -q "$want" "$work/one-process.txt"; then
    echo "FAIL: the one-process run lacks '$want':" >&2
    cat "$work/one-process.txt" >&2
    exit 1
  fi
done
if ! diff -u "$work/one-process.txt" "$work/two-ranks.txt"; then
  echo "FAIL: two ranks ($engine) differ from one process (above: - one process, + two ranks)" >&2
  exit 1
fi
if ! diff -u "$work/one-process.txt" "$work/one-rank.txt"; then
  echo "FAIL: one rank ($engine) differs from one process without MPI" >&2
  exit 1
fi
echo "OK: two ranks and one rank ($engine) print what one process prints:"
cat "$work/two-ranks.txt"
