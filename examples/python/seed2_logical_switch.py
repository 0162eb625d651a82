#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Seed 2 built with the object API: an NSX logical switch walked through its steps.

Three ESXi hosts on one physical switch, members of the distributed switch Compute_VDS
(MTU 1600); router r1 joins the two transport segments (VLAN 250: 192.168.250.0/24 with the
VTEPs of esxi01 and esxi02; VLAN 150: 192.168.150.0/24 with esxi03's); three NSX controllers
and logical switch 5001 "web" (unicast replication, ARP suppression). As in the seed:

    STEP1 (3 s)  VM A powers on at esxi01, VM B at esxi02: the hosts join VNI 5001 and the
                 controller that owns it pushes the VTEP list (esxi03 has no VM: not listed)
    STEP2/3 (4 s) the guests announce themselves (gratuitous ARP): the controller learns
                 their MACs and IP-MAC bindings
    STEP4-6 (5 s) A pings B: esxi01 answers A's ARP request itself (ARP suppression, from
                 the controller's table) and learns B's MAC entry; the pings cross as VXLAN

    PYTHONPATH=build/bindings/python python3 examples/python/seed2_logical_switch.py \\
        [--output results/seed2-object-api]

Prints the controller's and the hosts' tables after each step, as the seed shows them, and
writes tables.txt and seed2-logical-switch.png (the entries of the controller's VTEP, MAC and
ARP tables for VNI 5001 after each step, and the VXLAN packets esxi01 sent) into the output
folder.
"""

import argparse
import os
import sys
from typing import Any, Dict, List, Optional

import vswitch as vs

VNI = 5001
MAC_A, MAC_B = "00:50:56:aa:aa:aa", "00:50:56:bb:bb:bb"
VTEPS = [  # host, VTEP IP, gateway, transport VLAN, vmk3's MAC
    ("esxi01", "192.168.250.51", "192.168.250.2", 250, "00:50:56:61:00:51"),
    ("esxi02", "192.168.250.52", "192.168.250.2", 250, "00:50:56:61:00:52"),
    ("esxi03", "192.168.150.51", "192.168.150.2", 150, "00:50:56:61:01:51"),
]


def build_and_run(pings: int = 4) -> Dict[str, Any]:
    """Build seed 2, run its steps; return the steps' tables and the counters."""
    vs.Names.Clear()
    pswitch = vs.PhysicalSwitchHelper().Install(vs.Node(), 16)
    pswitch.SetAttribute("Name", "pswitch1")
    for p in range(1, 17):
        pswitch.GetPortDevice(f"Gi0/{p}").SetMtu(1600)  # NSX's transport MTU

    helper = vs.EsxiHostHelper()
    helper.SetUplinkAttribute("DataRate", "10Gbps")
    hosts: Dict[str, vs.EsxiHost] = {}
    next_port = 1
    for name, nics in (("esxi01", ["vmnic0", "vmnic1"]), ("esxi02", ["vmnic0", "vmnic1"]),
                       ("esxi03", ["vmnic0"])):
        host = helper.InstallWithoutVSwitch(vs.Node(), nics, name)
        for nic in nics:
            port = f"Gi0/{next_port}"
            next_port += 1
            pswitch.SetTrunkPort(port)
            host.ConnectUplink(nic, pswitch, port)
        hosts[name] = host

    # Compute_VDS: esxi01 and esxi02 on vmnic1, esxi03 on vmnic0.
    dvs = vs.DistributedSwitch("Compute_VDS")
    dvs.SetAttribute("Mtu", "1600")
    dvs.SetUplinks(["Uplink 1"])
    for name, nic in (("esxi01", "vmnic1"), ("esxi02", "vmnic1"), ("esxi03", "vmnic0")):
        dvs.AddHost(hosts[name], {"Uplink 1": nic})

    # r1 between the transport segments, a tagged sub-interface on each trunk.
    pswitch.SetTrunkPort("Gi0/15", [250])
    pswitch.SetTrunkPort("Gi0/16", [150])
    routers = vs.RouterHelper()
    r1 = routers.Install(vs.Node(), "r1")
    routers.AddInterface(r1, pswitch, "Gi0/15", "192.168.250.2/24", 1600, 250,
                         mac="00:50:56:01:1e:3d")
    routers.AddInterface(r1, pswitch, "Gi0/16", "192.168.150.2/24", 1600, 150)

    # NSX: the three default controllers, logical switch 5001, a VTEP (vmk3) per host.
    nsx = vs.NsxHelper()
    nsx.AddLogicalSwitch(VNI, "web", replication="unicast", arpSuppression=True)
    for name, ip, gw, vlan, mac in VTEPS:
        nsx.InstallVtep(hosts[name], dvs, ip, gateway=gw, vlan=vlan, mac=mac)
    vs.RouterHelper.PopulateRoutes()
    cluster = nsx.GetCluster()

    def vtep_of(host_name: str) -> vs.Vtep:
        v = nsx.GetVtep(hosts[host_name])
        if v is None:
            raise RuntimeError(f"{host_name} has no VTEP")
        return v

    vtep1, vtep2 = vtep_of("esxi01"), vtep_of("esxi02")

    vxlan_sent: List[str] = []  # the peer of every VXLAN packet esxi01 sends
    vtep1.TraceEncapsulate(lambda frame, vni, peer: vxlan_sent.append(peer))

    vms: Dict[str, vs.Node] = {}
    apps: Dict[str, vs.IputilsPing] = {}
    steps: List[Dict[str, Any]] = []

    def power_on() -> None:
        for vm_name, host_name, ip, mac in (("A", "esxi01", "172.16.10.11/24", MAC_A),
                                            ("B", "esxi02", "172.16.10.12/24", MAC_B)):
            vm = vs.Node()
            vs.Names.Add(vm_name, vm)
            hosts[host_name].SetVmName(vm, vm_name)
            vs.AssignIpv4(hosts[host_name].AddVm(vm, "web", mac), ip)
            vms[vm_name] = vm

    def announce() -> None:
        for vm in vms.values():
            vs.SendGratuitousArp(vm)

    def ping() -> None:
        p = vs.IputilsPingHelper("172.16.10.12")
        p.SetAttribute("Count", str(pings))
        apps["ping"] = p.Install(vms["A"])

    def snapshot(name: str) -> None:
        owner = cluster.GetOwner(VNI)
        steps.append({
            "step": name,
            "time": vs.Simulator.Now().GetSeconds(),
            "owner": owner,
            "tables": cluster.GetTableSizes(VNI),
            "vxlanSent": len(vxlan_sent),
            "text": "\n".join([
                f"# show control-cluster logical-switches vtep-table {VNI}  (on {owner})",
                cluster.ShowVtepTable(VNI),
                f"# show control-cluster logical-switches mac-table {VNI}",
                cluster.ShowMacTable(VNI),
                f"# show control-cluster logical-switches arp-table {VNI}",
                cluster.ShowArpTable(VNI),
                "ESXi01 # esxcli network vswitch dvs vmware vxlan network arp list",
                vtep1.ArpList(VNI),
                "ESXi01 # esxcli network vswitch dvs vmware vxlan network mac list",
                vtep1.MacList(VNI),
            ]),
        })

    S = vs.Simulator
    S.Schedule("2s", snapshot, "STEP0 (VMs off)")
    S.Schedule("3s", power_on)
    S.Schedule("3.5s", snapshot, "STEP1 (power on)")
    S.Schedule("4s", announce)
    S.Schedule("4.5s", snapshot, "STEP2-3 (GARP)")
    S.Schedule("5s", ping)
    S.Schedule("5.5s", snapshot, "STEP4-5 (first ping)")
    S.Schedule("9.8s", snapshot, "STEP6 (pings done)")
    S.Stop("10s")
    S.Run()

    result = {
        "steps": steps,
        "pingsSent": apps["ping"].GetSent(),
        "pingsReceived": apps["ping"].GetReceived(),
        "esxi01": vtep1.GetCounters(),
        "esxi02": vtep2.GetCounters(),
        "owner": cluster.GetOwner(VNI),
    }
    S.Destroy()
    return result


def plot(result: Dict[str, Any], path: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    steps = result["steps"]
    labels = [s["step"].replace(" (", "\n(") for s in steps]
    x = range(len(steps))
    fig, ax = plt.subplots(figsize=(8.4, 4.4))
    width = 0.26
    for k, (key, colour) in enumerate((("vteps", "#4c72b0"), ("macs", "#dd8452"),
                                       ("arps", "#55a868"))):
        values = [s["tables"][key] for s in steps]
        bars = ax.bar([i + (k - 1) * width for i in x], values, width, color=colour,
                      label=f"{key[:-1].upper()} entries")
        ax.bar_label(bars, fmt="%d", padding=1, fontsize=8)
    ax.set_ylabel(f"entries on the owner of VNI {VNI}")
    ax.set_ylim(0, 3.4)
    ax.set_yticks([0, 1, 2, 3])
    ax.set_xticks(list(x))
    ax.set_xticklabels(labels, fontsize=8)
    ax2 = ax.twinx()
    ax2.plot(list(x), [s["vxlanSent"] for s in steps], "k.--", label="VXLAN packets esxi01 sent")
    ax2.set_ylabel("VXLAN packets esxi01 sent (total)")
    ax2.set_ylim(bottom=0)
    h1, l1 = ax.get_legend_handles_labels()
    h2, l2 = ax2.get_legend_handles_labels()
    ax.legend(h1 + h2, l1 + l2, loc="upper left", fontsize=8)
    ax.set_title(f"Seed 2: logical switch {VNI} on {result['owner']}; A pinged B "
                 f"{result['pingsReceived']}/{result['pingsSent']}, "
                 f"{result['esxi01']['arpSuppressed']} ARP answered by esxi01")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pings", type=int, default=4)
    ap.add_argument("--output", default="results/seed2-object-api")
    args = ap.parse_args(argv)
    result = build_and_run(args.pings)
    os.makedirs(args.output, exist_ok=True)
    with open(os.path.join(args.output, "tables.txt"), "w") as f:
        for s in result["steps"]:
            f.write(f"===== {s['step']} at {s['time']:.1f} s\n{s['text']}\n")
    for s in result["steps"]:
        t = s["tables"]
        print(f"{s['step']:<22} {s['time']:4.1f} s  controller {s['owner']}: "
              f"{t['vteps']} VTEPs, {t['macs']} MACs, {t['arps']} ARP entries; "
              f"{s['vxlanSent']} VXLAN packets from esxi01")
    print(f"ping A -> B: {result['pingsSent']} sent, {result['pingsReceived']} received")
    c1 = result["esxi01"]
    print(f"esxi01's VTEP: {c1['encapsulated']} encapsulated, {c1['decapsulated']} "
          f"decapsulated, {c1['arpSuppressed']} ARP requests answered locally")
    print(result["steps"][-1]["text"])
    picture = os.path.join(args.output, "seed2-logical-switch.png")
    plot(result, picture)
    print(f"wrote {os.path.join(args.output, 'tables.txt')} and {picture}")
    ok = result["pingsReceived"] == result["pingsSent"] > 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
