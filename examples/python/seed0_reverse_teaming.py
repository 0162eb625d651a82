#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Seed 0, reverse teaming, built with the vswitch object API (no scenario file).

Two ESXi 6.7 hosts, esxi01 and esxi02, each with vSwitch0 over vmnic2 and vmnic3
(originating virtual port teaming), cabled to trunk ports of pswitch1; port group
"VM Network 100" (VLAN 100) on both. test-vm1 on esxi01 pings test-vm2 on esxi02
(port 50331657). The switch mirrors what it sends to test-vm2's pinned uplink onto the
other uplink, so every request reaches esxi02 twice, once on each uplink.

What the seed saw, and what this prints: pktcap-uw at PortOutput on test-vm2's port shows
every request twice, at VnicRx once; the copy that came in on the uplink the port does not
transmit on is dropped by reverse teaming (the Drop point, reason reverse-teaming), and
the guest sees each request once.

    PYTHONPATH=build/bindings/python python3 examples/python/seed0_reverse_teaming.py \\
        [--pings 4] [--output results/seed0-object-api]

Writes the captures (esxi02-*.pcap) and seed0-reverse-teaming.png (ICMP frames at each
capture point, per echo request) into the output folder.
"""

import argparse
import os
import sys
from typing import Any, Dict, List, Optional

import vswitch as vs
from vswitch import Seconds, Simulator

#: The seed's MACs and port ID.
VM1_MAC = "00:50:56:9d:43:42"
VM2_MAC = "00:50:56:9d:fd:b1"
VM2_PORT_ID = 50331657


def build_and_run(pings: int = 4, output: Optional[str] = None) -> Dict[str, Any]:
    """Build seed 0, ping pings times, and return what each capture point counted.

    With output, the pktcap-uw sessions write their pcaps there. The result has the ICMP
    frame counts per point ("pinnedUplink", "unusedUplink", "PortOutput", "VnicRx",
    "Drop"), the replies, the Drop reasons the Python callback received, and the
    esxcli view of test-vm2's port.
    """
    # The physical switch and two hosts, each NIC on a trunk port.
    switches = vs.PhysicalSwitchHelper()
    switches.SetSwitchAttribute("Name", "pswitch1")
    pswitch = switches.Install(vs.Node(), 8)
    esxi = vs.EsxiHostHelper()
    esxi.SetUplinkAttribute("DataRate", "10Gbps")
    esxi.SetCableAttribute("Delay", "2us")
    cabling: Dict[str, str] = {}
    hosts = {}
    next_port = 1
    for name in ("esxi01", "esxi02"):
        host = esxi.Install(vs.Node(), ["vmnic2", "vmnic3"], name)
        for nic in ("vmnic2", "vmnic3"):
            port = f"Gi0/{next_port}"
            next_port += 1
            pswitch.SetTrunkPort(port)  # every VLAN
            host.ConnectUplink(nic, pswitch, port)
            cabling[f"{name}:{nic}"] = port
        host.AddPortGroup("VM Network 100", 100)
        hosts[name] = host

    # The VMs, with the seed's MACs, addresses and port ID.
    vm1, vm2 = vs.Node(), vs.Node()
    for vm, name, host_name in ((vm1, "test-vm1", "esxi01"), (vm2, "test-vm2", "esxi02")):
        vs.Names.Add(name, vm)
        hosts[host_name].SetVmName(vm, name)
    vs.AssignIpv4(hosts["esxi01"].AddVm(vm1, "VM Network 100", VM1_MAC), "192.168.100.11/24")
    vs.AssignIpv4(
        hosts["esxi02"].AddVm(vm2, "VM Network 100", VM2_MAC, VM2_PORT_ID), "192.168.100.12/24"
    )
    esxi02 = hosts["esxi02"]
    vm2_port = esxi02.GetVmPort(vm2)
    pinned = vm2_port.GetTeamUplink()
    unused = "vmnic3" if pinned == "vmnic2" else "vmnic2"

    # The fault: what the switch sends to the pinned uplink is copied to the other one.
    pswitch.AddMirrorSession(
        [cabling[f"esxi02:{pinned}"]], "tx", cabling[f"esxi02:{unused}"]
    )

    # pktcap-uw on esxi02, as the engineer ran it.
    pktcap = vs.PktcapHelper()
    if output:
        os.makedirs(output, exist_ok=True)
        pktcap.SetOutputDirectory(output)
    else:
        pktcap.SetConsoleToText()  # no files: the sessions only count
    pid = vm2_port.GetPortId()

    def capture(options: str, name: str) -> vs.PktcapSession:
        return pktcap.Capture(esxi02, options + (f" -o {name}" if output else ""))

    sessions = {
        "pinnedUplink": capture(f"--uplink {pinned} --proto 0x01", f"esxi02-{pinned}.pcap"),
        "unusedUplink": capture(f"--uplink {unused} --proto 0x01", f"esxi02-{unused}.pcap"),
        "PortOutput": capture(
            f"--switchport {pid} --dir 1 --proto 0x01 --capture PortOutput",
            "esxi02-port-PortOutput.pcap",
        ),
        "VnicRx": capture(
            f"--switchport {pid} --dir 1 --proto 0x01 --capture VnicRx",
            "esxi02-port-VnicRx.pcap",
        ),
    }

    # The Drop point, in Python: every frame esxi02's vSwitch drops, with its reason.
    drops: List[vs.Frame] = []
    esxi02.GetVSwitch().TraceCapture("Drop", drops.append)

    ping = vs.IputilsPingHelper("192.168.100.12")
    ping.SetAttribute("Interval", "1s")
    app = ping.Install(vm1)
    app.SetStartTime(Seconds(1))
    app.SetStopTime(Seconds(1 + pings - 0.5))
    rtts: List[float] = []
    app.TraceRtt(lambda seq, rtt: rtts.append(rtt.GetMicroSeconds() / 1000.0))

    Simulator.Stop(Seconds(pings + 2))
    Simulator.Run()
    pktcap.StopAll()

    icmp_drops = [f for f in drops if f.etherType == 0x0800 and f.portId == pid]
    result: Dict[str, Any] = {name: s.GetFrameCount() for name, s in sessions.items()}
    result.update(
        {
            "Drop": len(icmp_drops),
            "dropReasons": sorted({f.reason for f in drops}),
            "dropFrames": [
                {"time": f.time.GetSeconds(), "point": f.point, "where": f.where,
                 "portId": f.portId, "reason": f.reason, "source": f.source,
                 "destination": f.destination, "etherType": f.etherType, "size": len(f)}
                for f in icmp_drops
            ],
            "requests": app.GetSent(),
            "replies": app.GetReceived(),
            "rttMs": rtts,
            "pinned": pinned,
            "unused": unused,
            "portId": pid,
            "portCounters": vm2_port.GetCounters(),
            "vmPortList": esxi02.VmPortList(),
            "files": [s.GetFile() for s in sessions.values() if s.GetFile()],
        }
    )
    Simulator.Destroy()
    return result


def plot(result: Dict[str, Any], path: str) -> None:
    """Draw the ICMP frames each capture point saw per echo request."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    points = ["pinnedUplink", "unusedUplink", "PortOutput", "VnicRx", "Drop"]
    labels = [
        f"uplink {result['pinned']}\n(pinned)",
        f"uplink {result['unused']}\n(mirror copy)",
        "PortOutput",
        "VnicRx",
        "Drop\n(reverse-teaming)",
    ]
    requests = max(int(result["requests"]), 1)
    per_request = [int(result[p]) / requests for p in points]
    fig, ax = plt.subplots(figsize=(7.5, 4))
    bars = ax.bar(labels, per_request, color=["#4c72b0", "#dd8452", "#c44e52", "#55a868", "#8172b3"])
    for bar, count in zip(bars, (int(result[p]) for p in points)):
        ax.annotate(str(count), (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                    ha="center", va="bottom")
    ax.set_ylabel("ICMP frames per echo request")
    ax.set_title(
        f"Seed 0 on esxi02, port {result['portId']}: {result['requests']} requests, "
        f"{result['replies']} replies"
    )
    ax.set_ylim(0, max(per_request) * 1.25 + 0.1)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pings", type=int, default=4, help="echo requests (default 4)")
    parser.add_argument("--output", default="results/seed0-object-api",
                        help="folder for the pcaps and the picture")
    args = parser.parse_args(argv)
    if args.pings < 1:
        parser.error("--pings must be at least 1")

    r = build_and_run(args.pings, args.output)
    print(f"test-vm2 (port {r['portId']}) transmits on {r['pinned']}; "
          f"the switch mirrors it onto {r['unused']}.")
    print(f"ping test-vm1 -> test-vm2: {r['requests']} sent, {r['replies']} received")
    print("ICMP frames seen on esxi02:")
    for name in ("pinnedUplink", "unusedUplink", "PortOutput", "VnicRx", "Drop"):
        print(f"  {name:13} {r[name]}")
    print(f"PortOutput = 2 x VnicRx: {r['PortOutput'] == 2 * r['VnicRx']}; "
          f"drop reasons seen by the callback: {', '.join(r['dropReasons'])}")
    picture = os.path.join(args.output, "seed0-reverse-teaming.png")
    plot(r, picture)
    print(f"wrote {', '.join(r['files'])} and {picture}")
    return 0 if r["PortOutput"] == 2 * r["VnicRx"] else 1


if __name__ == "__main__":
    sys.exit(main())
