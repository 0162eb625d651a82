#!/usr/bin/env python3
"""Mpi.VswitchSim<Engine>: vswitch-sim --mpi on 1, 2 and 4 ranks gives the one-process results.

For each case (a scenario of examples/scenarios with some switches and hosts given a "rank",
or a data centre of scripts/gen-scale-scenario.py) the test runs vswitch-sim in one process
and under mpirun, then compares the results folders:

- summary.json: equal, every key, except "wallSeconds" and "events" (the ranks' event
  counts add up to more than one process's: the ns-3 engine's own events);
- tables.txt, captures.txt, topology.dot/.svg: equal, byte for byte;
- every capture file (pcap, pcapng): the same frames with the same timestamps and bytes,
  in time order; frames with the same timestamp may come in another order (a frame from
  another rank is queued when it arrives there, not when it was sent).

It also checks that each run did something (a ping answered, frames captured), that a case
meant to cross ranks did ("N cables between ranks" with N > 0) and that a scenario that
cannot be distributed is refused with its reason.

usage: mpi-vswitch-sim-test.py VSWITCH_SIM MPIEXEC SOURCE_DIR WORK_DIR ENGINE
       (ENGINE: granted-time-window or null-message)
"""
import difflib
import json
import os
import shutil
import struct
import subprocess
import sys
import time


def frames(path):
    """(timestamp in ns, bytes) of every frame of a pcap or pcapng file, and the header."""
    data = open(path, "rb").read()
    out = []
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        scale = 1000 if magic == b"\xd4\xc3\xb2\xa1" else 1
        pos = 24
        while pos + 16 <= len(data):
            sec, frac, incl, _orig = struct.unpack_from("<IIII", data, pos)
            out.append(((sec * 10**9) + frac * scale, data[pos + 16:pos + 16 + incl]))
            pos += 16 + incl
        return data[:24], out
    if magic == b"\x0a\x0d\x0d\x0a":
        pos = 0
        header = b""
        while pos + 12 <= len(data):
            btype, blen = struct.unpack_from("<II", data, pos)
            if btype == 6:  # enhanced packet block (microsecond or ns resolution as written)
                _iface, hi, lo, cap, _orig = struct.unpack_from("<IIIII", data, pos + 8)
                out.append((((hi << 32) | lo), data[pos + 28:pos + 28 + cap] + data[pos + 28 + cap:pos + blen - 4]))
            else:
                header += data[pos:pos + blen]
            pos += blen
        return header, out
    raise ValueError(path + ": not a pcap or pcapng file")


def compare(one, many, problems):
    a = json.load(open(os.path.join(one, "summary.json")))
    b = json.load(open(os.path.join(many, "summary.json")))
    if list(a) != list(b):
        problems.append("summary.json keys: %s vs %s" % (list(a), list(b)))
    for key in a:
        if key in ("wallSeconds", "events"):
            continue
        if a[key] != b.get(key):
            diff = difflib.unified_diff(json.dumps(a[key], indent=1).splitlines(),
                                        json.dumps(b.get(key), indent=1).splitlines(),
                                        "one process", "mpi", lineterm="")
            problems.append("summary.json \"%s\" differs:\n%s" % (key, "\n".join(list(diff)[:30])))
    names = sorted(set(os.listdir(one)) | set(os.listdir(many)))
    for name in names:
        pa, pb = os.path.join(one, name), os.path.join(many, name)
        if name == "summary.json":
            continue
        if not os.path.exists(pa) or not os.path.exists(pb):
            problems.append("%s: only in the %s run" % (name, "one-process" if os.path.exists(pa) else "mpi"))
            continue
        if name.endswith((".pcap", ".pcapng")):
            ha, fa = frames(pa)
            hb, fb = frames(pb)
            if ha != hb:
                problems.append(name + ": the file headers differ")
            if [t for t, _ in fa] != [t for t, _ in fb]:
                problems.append("%s: %d frames vs %d, or other timestamps" % (name, len(fa), len(fb)))
            elif sorted(fa) != sorted(fb):
                problems.append(name + ": other frame bytes")
        elif open(pa, "rb").read() != open(pb, "rb").read():
            diff = difflib.unified_diff(open(pa, errors="replace").read().splitlines(),
                                        open(pb, errors="replace").read().splitlines(),
                                        "one process", "mpi", lineterm="")
            problems.append("%s differs:\n%s" % (name, "\n".join(list(diff)[:30])))


def main():
    sim, mpiexec, src, work, engine = sys.argv[1:6]
    env = dict(os.environ)
    # OpenMPI refuses root without these; containers lack the single-copy mechanism and slots.
    env.update(OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
               OMPI_MCA_btl="self,vader", OMPI_MCA_btl_vader_single_copy_mechanism="none",
               OMPI_MCA_rmaps_base_oversubscribe="1")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    scenarios = os.path.join(src, "examples", "scenarios")

    def variant(name, ranks):
        d = json.load(open(os.path.join(scenarios, name + ".json")))
        for kind in ("hosts", "switches"):
            for o in d.get(kind, []):
                if o["name"] in ranks:
                    o["rank"] = ranks[o["name"]]
        return d

    def generated(hosts, vms, per_leaf, alternate):
        out = subprocess.run([sys.executable, os.path.join(src, "scripts", "gen-scale-scenario.py"),
                              "--layout", "bounded", "--hosts", str(hosts), "--vms", str(vms),
                              "--per-leaf", str(per_leaf), "--stop", "1.5s"],
                             capture_output=True, text=True, check=True).stdout
        d = json.loads(out)
        if alternate:  # every other host on the other rank: every ping and stream crosses
            for i, h in enumerate(d["hosts"]):
                h["rank"] = i % 2
        # One capture on a host and one on a switch port, to compare their files.
        d["captures"] = [{"host": d["hosts"][0]["name"], "pktcap": "--uplink vmnic0",
                          "output": "host0-vmnic0.pcap"},
                         {"switch": "spine1", "port": "Te1/1"}]
        return d

    cases = [
        # (label, scenario, ranks, crosses)
        ("seed0, esxi02 on rank 1", variant("seed0-reverse-teaming", {"esxi02": 1}), 2, True),
        ("seed0, four ranks", variant("seed0-reverse-teaming",
                                      {"esxi02": 1, "esxi01": 2, "pswitch1": 3}), 4, True),
        ("seed0 promiscuous, esxi01 on rank 1",
         variant("seed0-promiscuous-visibility", {"esxi01": 1}), 2, True),
        ("seed1 vMotion, both hosts on rank 1",
         variant("seed1-nested-vmotion", {"esxi01": 1, "esxi02": 1}), 2, True),
        ("seed2 NSX, the hosts on rank 1, switch and router on 0",
         variant("seed2-logical-switch", {"esxi01": 1, "esxi02": 1, "esxi03": 1}), 2, True),
        ("seed3 storm control, esxi02 on rank 1", variant("seed3-arp-blackhole", {"esxi02": 1}), 2, True),
        ("seed4 nested ESXi, the host on rank 1", variant("seed4-nested-esxi", {"esxi01": 1}), 2, True),
        ("routed underlay, by leaf (one rank has it all)", variant("routed-underlay", {}), 2, False),
        ("UDP and TCP, esxi02 on rank 1", variant("udp-tcp-traffic", {"esxi02": 1}), 2, True),
        ("link down and up, the host on rank 1", variant("failover-link-down", {"esxi01": 1}), 2, True),
        # Pairs of leaves keep their traffic: by leaf, two ranks share nothing.
        ("data centre 8x4, by leaf (no cable between ranks)", generated(8, 4, 2, False), 2, False),
        ("data centre 8x4, by leaf, four ranks", generated(8, 4, 2, False), 4, True),
        ("data centre 8x4, hosts alternating", generated(8, 4, 2, True), 2, True),
    ]
    failures = 0
    for i, (label, scenario, ranks, crosses) in enumerate(cases):
        base = os.path.join(work, "case%02d" % i)
        path = base + ".json"
        json.dump(scenario, open(path, "w"), indent=1)
        one = subprocess.run([sim, "--scenario=" + path, "--output=" + base + "-one"],
                             capture_output=True, text=True, env=env)
        started = time.monotonic()
        many = subprocess.run([mpiexec, "-np", str(ranks), sim, "--mpi=" + engine,
                               "--scenario=" + path, "--output=" + base + "-mpi"],
                              capture_output=True, text=True, env=env, timeout=600)
        problems = []
        if one.returncode != 0 or many.returncode != 0:
            problems.append("exit status %d (one process) and %d (mpi):\n%s\n%s" %
                            (one.returncode, many.returncode, one.stderr[-2000:], many.stderr[-2000:]))
        else:
            summary = json.load(open(os.path.join(base + "-one", "summary.json")))
            answered = sum(t["received"] for t in summary["traffic"])
            captured = sum(c["frames"] for c in summary["captures"])
            if answered == 0:
                problems.append("the run did nothing to compare (received %d, captured %d)" % (answered, captured))
            head = many.stdout.splitlines()[0] if many.stdout else ""
            if ("on %d MPI ranks" % ranks) not in head:
                problems.append("vswitch-sim --mpi did not report %d ranks: %r" % (ranks, head))
            between = int(head.split(", ")[-1].split(" ")[0]) if "cables between ranks" in head else -1
            if crosses and between <= 0:
                problems.append("no cable crosses ranks: %r" % head)
            compare(base + "-one", base + "-mpi", problems)
        print("%s %s (%d ranks, %s, %.1f s)" % ("ok  " if not problems else "FAIL", label, ranks,
                                                 engine, time.monotonic() - started))
        for p in problems:
            print("     " + p.replace("\n", "\n     "))
        failures += bool(problems)

    # What cannot be distributed is refused, with the reason and the fix, before anything runs.
    refused = [
        (variant("seed1-nested-vmotion", {"esxi02": 1}), "a VM cannot move between ranks"),
        (variant("seed0-reverse-teaming", {"esxi02": 5}), "is not a rank of this run, which has 2"),
        (variant("routed-underlay", {"pswitch2": 1}), "a router runs on one rank"),
    ]
    for i, (scenario, want) in enumerate(refused):
        path = os.path.join(work, "refused%d.json" % i)
        json.dump(scenario, open(path, "w"), indent=1)
        r = subprocess.run([mpiexec, "-np", "2", sim, "--mpi=" + engine, "--scenario=" + path,
                            "--output=" + path[:-5]], capture_output=True, text=True, env=env,
                           timeout=300)
        ok = r.returncode != 0 and want in r.stderr and "nothing was simulated" in r.stderr
        print("%s refused: %s" % ("ok  " if ok else "FAIL", want))
        if not ok:
            print("     exit %d, stderr: %s" % (r.returncode, r.stderr[-1500:]))
        failures += not ok
    print("%d of %d checks failed" % (failures, len(cases) + len(refused)))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
