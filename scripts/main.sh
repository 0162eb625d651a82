#!/usr/bin/env bash
# Install what is missing, build, and run the main job.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
vswitch_install_deps
vswitch_build
out="$VSWITCH_ROOT/vswitch-sim-output/pswitch-vlan-trunk-mirror"
echo "== running examples/pswitch-vlan-trunk-mirror"
"$VSWITCH_BUILD/examples/pswitch-vlan-trunk-mirror" --outputDir="$out"
echo "== results in $out"
