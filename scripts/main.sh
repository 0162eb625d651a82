#!/usr/bin/env bash
# Install what is missing, build, and run the main job: vswitch-sim on its built-in default
# scenario (seed 0's reverse-teaming experiment, examples/scenarios/seed0-reverse-teaming.json).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
vswitch_install_deps
vswitch_build
out="$VSWITCH_ROOT/vswitch-sim-output/seed0-reverse-teaming"
echo "== running vswitch-sim (built-in default: seed 0, reverse teaming)"
"$VSWITCH_BUILD/vswitch-sim" --output="$out"
echo "== results in $out"
echo "   summary.json  traffic results, capture frame counts, ports and their uplinks, uplink counters, fired events, drops, MAC tables"
echo "   tables.txt    show mac address-table, esxcli network nic list/stats, net-stats -l, esxtop (TEAM-PNIC), esxcli network vm port list"
echo "   *.pcap        the pktcap-uw captures (open in Wireshark); captures.txt: pktcap-uw's console output"
