#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""A parameter sweep: how evenly each NIC teaming policy spreads VMs over two uplinks.

For each load-balancing policy of vSwitch0 (originating-port, source-mac,
explicit-failover) and each number of VMs per host (1 to 16), a scenario is generated as a
dict and run in this process with vswitch.run(): esxi01 and esxi02, two 1 Gb/s uplinks
each to pswitch1; the VMs have VMware MACs drawn at random (seeded by the size, so every
policy sees the same MACs); every VM on esxi01 sends 2 Mb/s of UDP to its partner on esxi02 for two
seconds. From each summary (the dict summary.json holds) the sweep takes esxi01's bytes
sent per uplink and the datagrams delivered.

    PYTHONPATH=build/bindings/python python3 examples/python/teaming_sweep.py \\
        [--vms 1,2,3,4,6,8,12,16] [--output results/teaming-sweep]

Writes teaming-sweep.csv (one row per run) and teaming-sweep.png (the busiest uplink's
share of the bytes against the number of VMs, one line per policy; 50 % is an even spread,
100 % one uplink carrying everything).
"""

import argparse
import csv
import os
import random
import sys
from typing import Any, Dict, List, Optional

import vswitch

POLICIES = ["originating-port", "source-mac", "explicit-failover"]
NICS = ["vmnic0", "vmnic1"]


def scenario(policy: str, vms: int) -> Dict[str, Any]:
    """The scenario of one run: vms VMs per host, vSwitch0 teamed by policy."""
    ports = [f"Gi0/{i}" for i in range(1, 5)]
    # VMware-range MACs drawn at random (the same for every policy at a given size), as
    # vCenter hands them out to VMs created at different times.
    rng = random.Random(vms)
    macs = [[f"00:50:56:{rng.randrange(0x40):02x}:{rng.randrange(256):02x}:{rng.randrange(256):02x}"
             for _ in range(vms)] for _ in range(2)]
    hosts = []
    for h, host in enumerate(("esxi01", "esxi02")):
        hosts.append(
            {
                "name": host,
                "nics": NICS,
                "vswitches": [
                    {
                        "name": "vSwitch0",
                        "uplinks": NICS,
                        "teaming": {"loadBalancing": policy, "active": NICS},
                        "portGroups": [{"name": "VM Network", "vlan": 100}],
                    }
                ],
                "vms": [
                    {
                        "name": f"{'a' if h == 0 else 'b'}{i}",
                        "nics": [
                            {"portGroup": "VM Network", "mac": macs[h][i],
                             "ip": f"10.0.{h}.{i + 1}/16"}
                        ],
                    }
                    for i in range(vms)
                ],
            }
        )
    return {
        "name": f"teaming-{policy}-{vms}",
        "stopTime": "3.5s",
        "switches": [
            {"name": "pswitch1", "ports": [{"name": p, "mode": "trunk", "vlans": [100]} for p in ports]}
        ],
        "hosts": hosts,
        "links": [
            {"a": f"{host}:{nic}", "b": f"pswitch1:{ports[2 * h + n]}", "dataRate": "1Gbps"}
            for h, host in enumerate(("esxi01", "esxi02"))
            for n, nic in enumerate(NICS)
        ],
        "traffic": [
            {
                "type": "udp",
                "from": f"a{i}",
                "to": f"10.0.1.{i + 1}:9000",
                "start": "1s",
                "stop": "3s",
                "rate": "2Mbps",
                "size": 1000,
            }
            for i in range(vms)
        ],
    }


def measure(policy: str, vms: int) -> Dict[str, Any]:
    """Run one point of the sweep and return its CSV row."""
    summary = vswitch.run(scenario(policy, vms))
    sent = {u["name"]: u["txBytes"] for u in summary["uplinks"] if u["host"] == "esxi01"}
    total = sum(sent.values()) or 1
    udp = [t for t in summary["traffic"] if t["type"] == "udp"]
    return {
        "policy": policy,
        "vms": vms,
        "vmnic0Bytes": sent.get("vmnic0", 0),
        "vmnic1Bytes": sent.get("vmnic1", 0),
        "busiestShare": round(max(sent.values()) / total, 4),
        "datagramsSent": sum(t["sent"] for t in udp),
        "datagramsReceived": sum(t["received"] for t in udp),
        "events": summary["events"],
    }


def plot(rows: List[Dict[str, Any]], path: str) -> None:
    """The busiest uplink's share against VMs per host, a line per policy."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.2))
    for policy, marker in zip(POLICIES, "osD"):
        pts = [r for r in rows if r["policy"] == policy]
        ax.plot([r["vms"] for r in pts], [100 * float(r["busiestShare"]) for r in pts],
                marker=marker, label=policy)
    ax.axhline(50, color="grey", linestyle=":", linewidth=1)
    ax.set_xlabel("VMs per host (each sending 2 Mb/s of UDP to esxi02)")
    ax.set_ylabel("busiest uplink's share of esxi01's bytes (%)")
    ax.set_ylim(40, 105)
    ax.set_title("NIC teaming on vSwitch0: two uplinks")
    ax.legend()
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vms", default="1,2,3,4,6,8,12,16",
                        help="VMs per host, comma-separated (default 1,2,3,4,6,8,12,16)")
    parser.add_argument("--output", default="results/teaming-sweep",
                        help="folder for teaming-sweep.csv and teaming-sweep.png")
    args = parser.parse_args(argv)
    try:
        counts = [int(v) for v in args.vms.split(",")]
    except ValueError:
        parser.error(f"--vms {args.vms!r}: write whole numbers separated by commas")
    if not counts or min(counts) < 1 or max(counts) > 200:
        parser.error("--vms: each count must be 1-200")

    os.makedirs(args.output, exist_ok=True)
    rows = []
    for policy in POLICIES:
        for vms in counts:
            row = measure(policy, vms)
            rows.append(row)
            print(f"{policy:18} {vms:3} VMs: vmnic0 {row['vmnic0Bytes']:>9} B, "
                  f"vmnic1 {row['vmnic1Bytes']:>9} B, busiest {100 * row['busiestShare']:5.1f} %, "
                  f"{row['datagramsReceived']}/{row['datagramsSent']} datagrams")
    table = os.path.join(args.output, "teaming-sweep.csv")
    with open(table, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        writer.writeheader()
        writer.writerows(rows)
    picture = os.path.join(args.output, "teaming-sweep.png")
    plot(rows, picture)
    print(f"wrote {table} and {picture}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
