#!/usr/bin/env python3
"""Write a large vswitch-sim scenario: a leaf-spine fabric, ESXi hosts, their VMs and traffic.

A leaf-spine fabric of physical switches, N ESXi hosts with two uplinks each (originating-port
teaming), M VMs per host, and traffic between VMs under different leaves.

usage: scripts/gen-scale-scenario.py [--layout flat|bounded] [--hosts N] [--vms M] [--per-leaf K]
                                     [--spines S] [--stop T] [--udp2-every U]
                                     [--traffic-every E] > big.json
then:  /usr/bin/time -v ./build/vswitch-sim --scenario=big.json

Two layouts:

--layout flat (the default, this script's original output, unchanged): one VLAN (100)
  everywhere, leaves of --per-leaf hosts (default 25) each with one 40G trunk Te0/1 to a single
  switch "spine", hosts esxi001.. with --vms VMs each (default 20, addresses 10.1.H.V/16), and
  one VM per host pinging a VM on a host half the fabric away, from 1 s on. 2-250 hosts,
  1-200 VMs per host; stopTime --stop (default 10s). --spines, --udp2-every and
  --traffic-every belong to the bounded layout.

--layout bounded: the data centre of the C++ scale benchmark (examples/scale-data-centre.h,
  examples/scale-benchmark.cc with its default --layout=bounded), as far as the scenario format
  can say it:
  - leaves in pairs (leaf1 and leaf2, leaf3 and leaf4, ...): ceil(N / (2 x --per-leaf)) pairs
    of --per-leaf + --per-leaf hosts (default 20), the hosts of a last pair that is not full
    split evenly between its two leaves (25 hosts: 13 and 12);
  - --spines spine switches spine1.. (default 2; only as many as there are pairs are built);
    both leaves of pair p hang off spine (p mod S) + 1. Each leaf has a static LAG Po1 of two
    40G trunks Te0/1, Te0/2 to its spine, whose side is Po<n> of Te1/<2n-1>, Te1/<2n> (n
    counting that spine's leaves); hosts' ports are Gi0/1, Gi0/2, ... (10G trunks), host k of a
    leaf on Gi0/<2k-1> (vmnic0) and Gi0/<2k> (vmnic1), originating-port teaming;
  - each pair p has four VLANs of its own, 100+4p .. 103+4p, on every trunk of its leaves and
    on its spine LAGs only; every host has port groups "VM Network <vlan>" for them, and VM j
    is on the pair's VLAN j mod 4: a broadcast reaches the hosts of two leaves whatever N;
  - hosts esxi0001.. with --vms VMs each (default 40) named h0001-vm01..; VM j of host h (from
    0) has 10.0.0.0/8 + h x M + j + 1 (10.0.0.1, 10.0.0.2, ...: one /8, no router), up to
    16777214 VMs in all;
  - traffic: every host's first VM pings (1/s) and sends a 20 Mb/s UDP stream (1000-byte
    datagrams, port 9) to the last VM on VLAN 0 of the host in the same slot under the other
    leaf of its pair, across the spine; every --udp2-every-th host (default 4, 0: none) has its
    second VM send a 10 Mb/s stream (port 10) to the last VM on VLAN 1 of the next host under
    the same leaf; --traffic-every=E keeps the flows of every E-th host only (default 1).
    Pings start at 0.2 s + (host mod 100) ms, the streams 50 ms later (ARP resolved), all stop
    50 ms before --stop (default 4s). The intra-leaf streams have no ping before them: they
    lose their first few datagrams while ARP resolves (ns-3 queues 3 packets per pending
    address; --ns3::ArpCache::PendingQueueSize=1000 keeps them), as in the C++ benchmark;
  - VMs power on as the C++ hosts do: each host's one after another,
    ns3::EsxiHost::PowerOnInterval (100 us) apart. The scenario format has a VM's own
    "powerOn" time but no key for that spread (so no --power-on-spread option here): change it
    on the vswitch-sim command line, e.g. --ns3::EsxiHost::PowerOnInterval=0s.
  Not in the scenario: the C++ options --ipOnAll=false (here every VM has an address) and
  --ipv6. The C++ --layout=flat (the bounded fabric with one VLAN) has no counterpart here.

examples:
  scripts/gen-scale-scenario.py > big.json                      # 100 hosts x 20 VMs, flat
  scripts/gen-scale-scenario.py --layout bounded --hosts 250 > dc250.json
  scripts/gen-scale-scenario.py --layout bounded --hosts 8 --vms 4 --stop 2s > small.json
"""
import argparse
import json
import re
import sys
from fractions import Fraction

# As the scenario loader reads a time: a number and an ns-3 unit.
TIME_RE = re.compile(r"^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,3})?(y|d|h|min|s|ms|us|ns|ps|fs)$")
UNIT_NS = {"y": 365 * 86400 * 10**9, "d": 86400 * 10**9, "h": 3600 * 10**9, "min": 60 * 10**9,
           "s": 10**9, "ms": 10**6, "us": 10**3, "ns": 1, "ps": Fraction(1, 10**3),
           "fs": Fraction(1, 10**6)}
MAX_VLAN = 4094


def parse_time_ns(text):
    """The time string as nanoseconds (a Fraction), or None if it is not one."""
    m = TIME_RE.match(text)
    if not m:
        return None
    return Fraction(text[:m.start(4)]) * UNIT_NS[m.group(4)]


def time_text(ns):
    """Nanoseconds as the shortest exact time string: "3950ms", "2s", "1500us"."""
    for unit, scale in (("s", 10**9), ("ms", 10**6), ("us", 10**3)):
        if ns % scale == 0:
            return "%d%s" % (ns // scale, unit)
    return "%dns" % ns


def flat(a, stop_ns):
    """The original scenario: one VLAN, one spine, one VM per host pinging half the fabric away."""
    if a.hosts < 2 or a.hosts > 250 or a.vms < 1 or a.vms > 200:
        sys.exit("hosts 2-250, vms 1-200 (the flat layout's addresses are 10.1.HOST.VM/16; "
                 "--layout bounded has room for more)")
    if a.per_leaf < 1:
        sys.exit("--per-leaf must be at least 1")
    last_start = max(10**9 + (h % 100) * 10**7 for h in range(a.hosts))
    if stop_ns <= last_start:
        sys.exit("--stop %s: the last ping starts at %s; give a later stop time"
                 % (a.stop, time_text(last_start)))
    leaves = (a.hosts + a.per_leaf - 1) // a.per_leaf
    vlan = 100
    switches = [{"name": "spine", "ports": [{"name": "Te1/%d" % (l + 1), "mode": "trunk", "vlans": [vlan]}
                                            for l in range(leaves)]}]
    links = []
    for l in range(leaves):
        ports = [{"name": "Gi0/%d" % (p + 1), "mode": "trunk", "vlans": [vlan]} for p in range(2 * a.per_leaf)]
        ports.append({"name": "Te0/1", "mode": "trunk", "vlans": [vlan]})
        switches.append({"name": "leaf%d" % (l + 1), "ports": ports})
        links.append({"a": "leaf%d:Te0/1" % (l + 1), "b": "spine:Te1/%d" % (l + 1), "dataRate": "40Gbps"})
    hosts = []
    traffic = []
    for h in range(a.hosts):
        name = "esxi%03d" % (h + 1)
        leaf, slot = h // a.per_leaf, h % a.per_leaf
        vms = [{"name": "h%03d-vm%02d" % (h + 1, v + 1),
                "nics": [{"portGroup": "VM Network", "ip": "10.1.%d.%d/16" % (h + 1, v + 10)}]}
               for v in range(a.vms)]
        hosts.append({"name": name, "nics": ["vmnic0", "vmnic1"],
                      "vswitches": [{"name": "vSwitch0", "uplinks": ["vmnic0", "vmnic1"],
                                     "portGroups": [{"name": "VM Network", "vlan": vlan}]}],
                      "vms": vms})
        for n in range(2):
            links.append({"a": "%s:vmnic%d" % (name, n),
                          "b": "leaf%d:Gi0/%d" % (leaf + 1, 2 * slot + n + 1)})
        # One VM of each host pings a VM on a host half the fabric away (another leaf).
        peer = (h + a.hosts // 2) % a.hosts
        traffic.append({"type": "ping", "from": vms[0]["name"],
                        "to": "10.1.%d.%d" % (peer + 1, 10 + a.vms - 1),
                        "start": "%.3fs" % (1 + (h % 100) / 100.0), "interval": "1s"})
    return {"name": "scale-%dhosts-%dvms" % (a.hosts, a.vms),
            "description": "Generated by scripts/gen-scale-scenario.py: %d ESXi hosts, %d VMs each, "
                           "%d leaf switches and a spine; one VM per host pings across the fabric."
                           % (a.hosts, a.vms, leaves),
            "stopTime": a.stop, "switches": switches, "hosts": hosts, "links": links,
            "traffic": traffic}


def bounded(a, stop_ns):
    """The C++ scale benchmark's data centre (scale-data-centre.h, layout bounded)."""
    n, m, k = a.hosts, a.vms, a.per_leaf
    if n < 2:
        sys.exit("--hosts must be at least 2 (every host needs a peer under another leaf)")
    if m < 1:
        sys.exit("--vms must be at least 1")
    if k < 1:
        sys.exit("--per-leaf must be at least 1")
    if a.spines < 1:
        sys.exit("--spines must be at least 1")
    if a.udp2_every < 0:
        sys.exit("--udp2-every must be 0 (no second stream) or more")
    if a.traffic_every < 1:
        sys.exit("--traffic-every must be at least 1 (1: every host sends)")
    if n * m > 2**24 - 2:
        sys.exit("--hosts x --vms = %d VMs: 10.0.0.0/8 has addresses for 16777214 at most"
                 % (n * m))
    pairs = (n + 2 * k - 1) // (2 * k)
    if 100 + 4 * pairs - 1 > MAX_VLAN:
        sys.exit("%d hosts at --per-leaf %d make %d pairs of leaves: their VLANs 100-%d go "
                 "beyond %d (at most %d pairs; raise --per-leaf)"
                 % (n, k, pairs, 100 + 4 * pairs - 1, MAX_VLAN, (MAX_VLAN + 1 - 100) // 4))
    stop = stop_ns - 50 * 10**6  # the applications stop 50 ms before the end
    last_start = max(250 + h % 100 for h in range(0, n, a.traffic_every)) * 10**6
    if stop <= last_start:
        sys.exit("--stop %s: the traffic stops 50 ms before it, but the last stream starts at "
                 "%s; give a stop time after %s"
                 % (a.stop, time_text(last_start), time_text(last_start + 50 * 10**6)))
    spines_used = min(a.spines, pairs)

    # The leaves: pair, partner, spine, first host, hosts, VLANs (DataCentre's constructor).
    leaves = []
    leaf_of_host = []
    for l in range(2 * pairs):
        pair = l // 2
        pair_first = pair * 2 * k
        pair_hosts = min(n - pair_first, 2 * k)
        first_leaf_hosts = (pair_hosts + 1) // 2
        leaf = {"pair": pair, "partner": l ^ 1, "spine": pair % spines_used,
                "first": pair_first + (first_leaf_hosts if l % 2 else 0),
                "hosts": pair_hosts - first_leaf_hosts if l % 2 else first_leaf_hosts,
                "vlans": [100 + 4 * pair + v for v in range(4)]}
        leaf_of_host += [l] * leaf["hosts"]
        leaves.append(leaf)

    def vm_name(h, j):
        return "h%0*d-vm%0*d" % (max(4, len(str(n))), h + 1, max(2, len(str(m))), j + 1)

    def address(h, j):
        ip = 0x0a000000 + h * m + j + 1
        return "%d.%d.%d.%d" % (ip >> 24, (ip >> 16) & 255, (ip >> 8) & 255, ip & 255)

    # The flows (PlanTraffic): (from host, from VM, to host, to VM, ping, rate, port).
    target0 = ((m - 1) // 4) * 4  # a host's last VM on VLAN 0 of its pair
    target1 = ((m - 2) // 4) * 4 + 1 if m >= 2 else 0  # its last VM on VLAN 1
    flows = []
    for h in range(n):
        leaf = leaves[leaf_of_host[h]]
        partner = leaves[leaf["partner"]]
        slot = h - leaf["first"]
        # A pair of one host (the last, of an odd number) has an empty second leaf.
        peer = partner["first"] + slot % partner["hosts"] if partner["hosts"] else h
        if h % a.traffic_every != 0:
            continue
        flows.append((h, 0, peer, target0, True, "20Mbps", 9))
        if a.udp2_every and h % a.udp2_every == 0 and m >= 2 and leaf["hosts"] >= 2:
            nxt = leaf["first"] + (slot + 1) % leaf["hosts"]
            flows.append((h, 1, nxt, target1, False, "10Mbps", 10))

    # The fabric (BuildFabric): spine ports Te1/<2n-1>, Te1/<2n> as Po<n> per leaf, in order.
    spine_ports = [[] for _ in range(spines_used)]
    spine_lags = [[] for _ in range(spines_used)]
    links = []
    leaf_switches = []
    for l, leaf in enumerate(leaves):
        s = leaf["spine"]
        i = len(spine_lags[s]) + 1
        te = ["Te1/%d" % (2 * i - 1), "Te1/%d" % (2 * i)]
        spine_ports[s] += [{"name": p, "mode": "trunk", "vlans": leaf["vlans"]} for p in te]
        spine_lags[s].append({"name": "Po%d" % i, "members": te})
        name = "leaf%d" % (l + 1)
        ports = [{"name": "Gi0/%d" % (p + 1), "mode": "trunk", "vlans": leaf["vlans"]}
                 for p in range(2 * leaf["hosts"])]
        ports += [{"name": p, "mode": "trunk", "vlans": leaf["vlans"]} for p in ("Te0/1", "Te0/2")]
        leaf_switches.append({"name": name, "ports": ports,
                              "lags": [{"name": "Po1", "members": ["Te0/1", "Te0/2"]}]})
        for j in range(2):
            links.append({"a": "%s:Te0/%d" % (name, j + 1),
                          "b": "spine%d:%s" % (s + 1, te[j]), "dataRate": "40Gbps"})
    switches = [{"name": "spine%d" % (s + 1), "ports": spine_ports[s], "lags": spine_lags[s]}
                for s in range(spines_used)]
    switches += leaf_switches

    # The hosts (BuildHosts): vmnic0/1 to Gi0/<2 slot + 1>/<2 slot + 2>, four port groups.
    hosts = []
    for h in range(n):
        leaf = leaves[leaf_of_host[h]]
        slot = h - leaf["first"]
        name = "esxi%04d" % (h + 1)
        groups = ["VM Network %d" % v for v in leaf["vlans"]]
        vms = [{"name": vm_name(h, j),
                "nics": [{"portGroup": groups[j % 4], "ip": address(h, j) + "/8"}]}
               for j in range(m)]
        hosts.append({"name": name, "nics": ["vmnic0", "vmnic1"],
                      "vswitches": [{"name": "vSwitch0", "uplinks": ["vmnic0", "vmnic1"],
                                     "teaming": {"loadBalancing": "originating-port"},
                                     "portGroups": [{"name": g, "vlan": v}
                                                    for g, v in zip(groups, leaf["vlans"])]}],
                      "vms": vms})
        for j in range(2):
            links.append({"a": "%s:vmnic%d" % (name, j),
                          "b": "leaf%d:Gi0/%d" % (leaf_of_host[h] + 1, 2 * slot + j + 1)})

    # The traffic (InstallTraffic): ping at 200 + (host mod 100) ms, its stream 50 ms later.
    traffic = []
    for fh, fv, th, tv, ping, rate, port in flows:
        start = (200 + fh % 100) * 10**6
        if ping:
            traffic.append({"type": "ping", "from": vm_name(fh, fv), "to": address(th, tv),
                            "start": time_text(start), "stop": time_text(stop),
                            "interval": "1s"})
        traffic.append({"type": "udp", "from": vm_name(fh, fv),
                        "to": "%s:%d" % (address(th, tv), port),
                        "start": time_text(start + 50 * 10**6), "stop": time_text(stop),
                        "rate": rate, "size": 1000})

    streams2 = sum(1 for f in flows if not f[4])
    return {"name": "scale-bounded-%dhosts-%dvms" % (n, m),
            "description": "Generated by scripts/gen-scale-scenario.py --layout bounded (the C++ "
                           "scale benchmark's data centre): %d ESXi hosts, %d VMs each, %d leaf "
                           "switches in %d pairs, %d spine(s); four VLANs per pair of leaves "
                           "(%d VLANs); %d cross-spine ping + 20 Mb/s UDP flows, %d intra-leaf "
                           "10 Mb/s UDP streams."
                           % (n, m, len(leaves), pairs, spines_used, 4 * pairs,
                              len(flows) - streams2, streams2),
            "stopTime": a.stop, "switches": switches, "hosts": hosts, "links": links,
            "traffic": traffic}


def main():
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n")[0],
        epilog="See the top of the script for what each layout builds.")
    ap.add_argument("--layout", choices=["flat", "bounded"], default="flat",
                    help="flat: the original one-VLAN scenario (default); bounded: the C++ scale "
                         "benchmark's data centre, four VLANs per pair of leaves")
    ap.add_argument("--hosts", type=int, default=100, help="ESXi hosts (default 100)")
    ap.add_argument("--vms", type=int, default=None,
                    help="VMs per host (default 20 flat, 40 bounded)")
    ap.add_argument("--per-leaf", type=int, default=None,
                    help="hosts per leaf switch (default 25 flat, 20 bounded)")
    ap.add_argument("--spines", type=int, default=None,
                    help="bounded: spine switches (default 2; pair p of leaves on spine p mod S)")
    ap.add_argument("--udp2-every", type=int, default=None,
                    help="bounded: every U-th host has the second, intra-leaf stream "
                         "(default 4, 0: none)")
    ap.add_argument("--traffic-every", type=int, default=None,
                    help="bounded: only every E-th host sends (default 1: every host)")
    ap.add_argument("--stop", default=None,
                    help="stopTime, an ns-3 time string (default 10s flat, 4s bounded)")
    a = ap.parse_args()
    if a.layout == "flat":
        for opt in ("spines", "udp2_every", "traffic_every"):
            if getattr(a, opt) is not None:
                sys.exit("--%s belongs to --layout bounded (the flat layout has one spine and "
                         "one ping per host)" % opt.replace("_", "-"))
        defaults = {"vms": 20, "per_leaf": 25, "stop": "10s"}
    else:
        defaults = {"vms": 40, "per_leaf": 20, "stop": "4s", "spines": 2, "udp2_every": 4,
                    "traffic_every": 1}
    for key, value in defaults.items():
        if getattr(a, key) is None:
            setattr(a, key, value)
    stop_ns = parse_time_ns(a.stop)
    if stop_ns is None or stop_ns <= 0:
        sys.exit("--stop %r is not a time (a number and a unit: 4s, 2500ms)" % a.stop)
    if stop_ns.denominator != 1:
        sys.exit("--stop %s: give a whole number of nanoseconds" % a.stop)
    stop_ns = int(stop_ns)
    sc = flat(a, stop_ns) if a.layout == "flat" else bounded(a, stop_ns)
    json.dump(sc, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
