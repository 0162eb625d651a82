#!/usr/bin/env bash
# Real hosts in the loop, as a lab: a Linux network namespace pings simulated VMs through the
# simulated physical switch and vSwitches of examples/emulate/tap-lab.json (seed 0 with switch
# port Gi0/9 bound to a tap), and captures on its side with tshark.
#
#   scripts/tap-lab.sh [--tagged | --nsx] [--sim PATH] [--output DIR] [--count N] [--keep]
#
#   --tagged   Gi0/9 is a trunk (examples/emulate/tap-lab-tagged.json): the namespace talks
#              through a VLAN sub-interface vsw0.100, frames on the tap carry 802.1Q tag 100
#   --nsx      NSX against Linux (examples/emulate/tap-lab-nsx.json, seed 2): Gi0/9 is in the
#              VTEPs' transport VLAN 250; the namespace has 192.168.250.60/24 on vsw0 and a
#              Linux VXLAN device vxlan0 (VNI 5001, 172.16.10.50/24) whose BUM goes to the
#              simulated VTEPs 192.168.250.51 and .52 (static all-zero fdb entries); it pings
#              VMs A and B across VXLAN, and the simulated hosts' tables must list the Linux
#              VTEP and its MAC (summary.json nsx.5001.hosts)
#   --sim      the vswitch-sim to run (default: build/vswitch-sim)
#   --output   results folder (default: tap-lab-output[-tagged]); the namespace's capture is
#              OUTPUT/namespace.pcap, the simulator's results OUTPUT/sim/
#   --count    echo requests per VM (default 4)
#   --keep     leave the namespace behind (to look around: ip netns exec NAME bash)
#
# The namespace (vswlab-PID), its tap (vsw0) and its addresses (192.168.100.200/24, in the
# VMs' subnet) exist only inside the namespace; the cleanup trap stops the simulator and
# tshark and removes the namespace however the script ends. Needs root (CAP_NET_ADMIN),
# iproute2, iputils-ping and tshark.
#
# Exit status: 0 when every VM answered and the capture decodes with the replies in it; 1 when
# not; 77 when this machine cannot make namespaces or taps (not root, no tun driver), so that
# CTest reports the lab as skipped, not passed; 2 on a bad command line.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TAGGED=0
NSX=0
SIM="$ROOT/build/vswitch-sim"
OUTPUT=""
COUNT=4
KEEP=0
while [ $# -gt 0 ]; do
  case "$1" in
    --tagged) TAGGED=1 ;;
    --nsx) NSX=1 ;;
    --sim) SIM="$2"; shift ;;
    --sim=*) SIM="${1#--sim=}" ;;
    --output) OUTPUT="$2"; shift ;;
    --output=*) OUTPUT="${1#--output=}" ;;
    --count) COUNT="$2"; shift ;;
    --count=*) COUNT="${1#--count=}" ;;
    --keep) KEEP=1 ;;
    -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
    *) echo "tap-lab: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

[ "$TAGGED" -eq 1 ] && [ "$NSX" -eq 1 ] && { echo "tap-lab: --tagged or --nsx, not both" >&2; exit 2; }
if [ "$TAGGED" -eq 1 ]; then
  SCENARIO="$ROOT/examples/emulate/tap-lab-tagged.json"
  OUTPUT="${OUTPUT:-tap-lab-output-tagged}"
elif [ "$NSX" -eq 1 ]; then
  SCENARIO="$ROOT/examples/emulate/tap-lab-nsx.json"
  OUTPUT="${OUTPUT:-tap-lab-output-nsx}"
else
  SCENARIO="$ROOT/examples/emulate/tap-lab.json"
  OUTPUT="${OUTPUT:-tap-lab-output}"
fi
NS="vswlab-$$"
TAP="vsw0"            # the scenario's "tap"; its name is private to the namespace
LINUX_IP="192.168.100.200/24"
VMS=(192.168.100.11 192.168.100.12)   # vm1 on esxi01, vm2 on esxi02
if [ "$NSX" -eq 1 ]; then
  LINUX_IP="192.168.250.60/24"        # the Linux VTEP, in the VTEPs' segment
  VXLAN_IP="172.16.10.50/24"          # the Linux side of VNI 5001
  SIM_VTEPS=(192.168.250.51 192.168.250.52)
  VMS=(172.16.10.11 172.16.10.12)     # A on esxi01, B on esxi02
fi

skip() { echo "tap-lab: SKIPPED: $*" >&2; exit 77; }
fail() { echo "tap-lab: FAILED: $*" >&2; exit 1; }

[ -x "$SIM" ] || { echo "tap-lab: $SIM is not built (cmake --build build)" >&2; exit 2; }
command -v ip >/dev/null || skip "ip (iproute2) is not installed"
command -v ping >/dev/null || skip "ping (iputils-ping) is not installed"
command -v tshark >/dev/null || skip "tshark is not installed"
[ "$(id -u)" -eq 0 ] || skip "needs root to make a network namespace and a tap (run with sudo)"

SIM_PID=""
TSHARK_PID=""
cleanup() {
  local rc=$?
  for pid in $SIM_PID $TSHARK_PID; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null
    fi
  done
  if [ "$KEEP" -eq 0 ]; then
    ip netns del "$NS" 2>/dev/null
  else
    echo "tap-lab: namespace $NS kept (ip netns del $NS when done)"
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ip netns add "$NS" 2>/dev/null || skip "cannot make a network namespace (ip netns add)"
in_ns() { ip netns exec "$NS" "$@"; }
in_ns ip link set lo up
in_ns ip tuntap add "$TAP" mode tap 2>/dev/null ||
  skip "cannot make a tap (no /dev/net/tun? modprobe tun)"
in_ns ip link set "$TAP" up
# No IPv6 on the lab's side: no router solicitations or DAD in the capture.
in_ns sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
RAW_VLAN=0
if [ "$TAGGED" -eq 1 ]; then
  LINUX_IF="$TAP.100"
  if in_ns ip link add link "$TAP" name "$LINUX_IF" type vlan id 100 2>/dev/null; then
    in_ns ip link set "$LINUX_IF" up
    in_ns ip addr add "$LINUX_IP" dev "$LINUX_IF"
  else
    # No 802.1Q driver in this kernel: the sub-interface is played on a raw socket.
    echo "tap-lab: this kernel has no VLAN devices (8021q): VLAN 100 is played by" \
         "scripts/tap-lab-vlan-peer.py on a raw socket of $TAP"
    RAW_VLAN=1
    command -v python3 >/dev/null || skip "no 8021q driver and no python3 for the raw VLAN peer"
  fi
else
  LINUX_IF="$TAP"
  in_ns ip addr add "$LINUX_IP" dev "$LINUX_IF"
fi
if [ "$NSX" -eq 1 ]; then
  # A Linux VTEP of VNI 5001: learning on (it learns the VMs' MACs from the replies), BUM
  # head-end replicated to the simulated VTEPs.
  in_ns ip link add vxlan0 type vxlan id 5001 local "${LINUX_IP%/*}" dstport 4789 dev "$TAP" \
    2>/dev/null || skip "cannot make a VXLAN device (no vxlan driver in this kernel)"
  for vtep in "${SIM_VTEPS[@]}"; do
    in_ns bridge fdb append 00:00:00:00:00:00 dev vxlan0 dst "$vtep"
  done
  in_ns ip addr add "$VXLAN_IP" dev vxlan0
  in_ns ip link set vxlan0 up
  LINUX_IF="vxlan0"
fi

mkdir -p "$OUTPUT"
OUTPUT="$(cd "$OUTPUT" && pwd)"
rm -f "$OUTPUT/namespace.pcap"

# tshark on the tap itself (the tagged frames as the simulated trunk carries them).
ip netns exec "$NS" tshark -q -n -i "$TAP" -F pcap -w "$OUTPUT/namespace.pcap" >"$OUTPUT/tshark.log" 2>&1 &
TSHARK_PID=$!
for _ in $(seq 100); do
  grep -q "Capturing on" "$OUTPUT/tshark.log" 2>/dev/null && break
  kill -0 "$TSHARK_PID" 2>/dev/null || fail "tshark did not start: $(cat "$OUTPUT/tshark.log")"
  sleep 0.1
done

# The simulator runs in the namespace, so it finds the tap there; its stopTime (30 s) is a
# ceiling: the script stops it with SIGINT once the pings are done.
ip netns exec "$NS" "$SIM" --scenario="$SCENARIO" --output="$OUTPUT/sim" >"$OUTPUT/vswitch-sim.log" 2>&1 &
SIM_PID=$!
# The tap has carrier once the simulator holds it.
for _ in $(seq 100); do
  in_ns ip link show "$TAP" | grep -q NO-CARRIER || break
  kill -0 "$SIM_PID" 2>/dev/null || fail "vswitch-sim ended early: $(cat "$OUTPUT/vswitch-sim.log")"
  sleep 0.1
done
sleep 0.3 # VMs power on in the first simulated milliseconds

status=0
if [ "$RAW_VLAN" -eq 1 ]; then
  echo "== ping ${VMS[*]} from namespace $NS (VLAN 100 on $TAP, $LINUX_IP)"
  in_ns timeout 30 python3 "$ROOT/scripts/tap-lab-vlan-peer.py" "$TAP" 100 "$LINUX_IP" "$COUNT" \
    "${VMS[@]}" || status=1
else
  for vm in "${VMS[@]}"; do
    echo "== ping $vm from namespace $NS ($LINUX_IF $LINUX_IP)"
    if ! in_ns timeout 30 ping -n -c "$COUNT" -i 0.2 -W 2 "$vm"; then
      status=1
    fi
  done
fi

kill -INT "$SIM_PID" 2>/dev/null
wait "$SIM_PID"
sim_rc=$?
SIM_PID=""
sleep 0.3
kill -INT "$TSHARK_PID" 2>/dev/null
wait "$TSHARK_PID" 2>/dev/null
TSHARK_PID=""
cat "$OUTPUT/vswitch-sim.log" | tr '\r' '\n' | grep -v "simulated, .* events/s" | sed '/^$/d'
# Interrupted by the script's SIGINT (130) is how a lab run ends; anything else is a failure.
if [ "$sim_rc" -ne 130 ] && [ "$sim_rc" -ne 0 ]; then
  fail "vswitch-sim exited with $sim_rc"
fi

filter="icmp.type == 0"
[ "$TAGGED" -eq 1 ] && filter="vlan.id == 100 && icmp.type == 0"
[ "$NSX" -eq 1 ] && filter="vxlan.vni == 5001 && icmp.type == 0"
decoded=$(tshark -n -r "$OUTPUT/namespace.pcap" -Y "$filter" 2>"$OUTPUT/tshark-read.log") ||
  fail "tshark cannot read the capture: $(grep -v 'Running as user' "$OUTPUT/tshark-read.log")"
replies=$(printf '%s' "$decoded" | grep -c .)
echo "== namespace capture $OUTPUT/namespace.pcap: $replies ICMP echo replies ($filter)"
printf '%s\n' "$decoded" | head -3
[ "$replies" -ge 1 ] || fail "no ICMP echo reply in the namespace capture"
[ "$status" -eq 0 ] || fail "a VM did not answer"
if [ "$NSX" -eq 1 ]; then
  # The simulated hosts learned the Linux VTEP and the MAC behind it from the data plane.
  mac=$(in_ns cat /sys/class/net/vxlan0/address 2>/dev/null || in_ns ip -br link show vxlan0 | awk '{print $3}')
  python3 - "$OUTPUT/sim/summary.json" "${LINUX_IP%/*}" "$mac" <<'PY' || fail "the simulated hosts' tables do not show the Linux VTEP"
import json, sys
summary, ip, mac = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3].lower()
ok = True
for host in ("esxi01", "esxi02"):
    view = summary["nsx"]["5001"]["hosts"][host]
    vteps = [v["ip"] for v in view["vteps"]]
    macs = [(m["mac"], m["outerIp"]) for m in view["macs"]]
    print(f"== {host}: VTEPs {vteps}; MACs {macs}")
    ok = ok and ip in vteps and (mac, ip) in macs
sys.exit(0 if ok else 1)
PY
fi
echo "tap-lab: OK"
