# SPDX-License-Identifier: GPL-2.0-only
"""The object API of the Python module vswitch: topologies built from Python.

Run through CTest as Python.ObjectApi (PYTHONPATH=build/bindings/python, VSWITCH_SOURCE_DIR
set), or by hand from the source folder:

    PYTHONPATH=build/bindings/python /usr/bin/python3 -m pytest test/python/test_object_api.py

Seed 0 comes from examples/python/seed0_reverse_teaming.py (imported, so that the example
and the test are the same code); the examples are also run as a user runs them.
"""

import csv
import importlib.util
import os
import pathlib
import shutil
import signal
import subprocess
import sys

import pytest

import vswitch as vs
from vswitch import Seconds, Simulator

SRC = pathlib.Path(
    os.environ.get("VSWITCH_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2])
).resolve()
EXAMPLES = SRC / "examples" / "python"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def load_example(name):
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


seed0 = load_example("seed0_reverse_teaming")


@pytest.fixture(autouse=True)
def fresh_simulator():
    """Every test starts and ends with a destroyed simulator."""
    Simulator.Destroy()
    yield
    Simulator.Destroy()


def rss_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def two_nodes_on_a_cable():
    a, b = vs.Node(), vs.Node()
    devices = vs.EthernetHelper().Install(a, b)
    vs.AssignIpv4(devices[0], "10.0.0.1/24")
    vs.AssignIpv4(devices[1], "10.0.0.2/24")
    return a, b, devices


def one_host_lab():
    """pswitch1 with esxi01 (vmnic0 on Gi0/1), a VM in VLAN 10 and a laptop on Gi0/2."""
    sw = vs.PhysicalSwitchHelper()
    sw.SetSwitchAttribute("Name", "pswitch1")
    pswitch = sw.Install(vs.Node(), 4)
    host = vs.EsxiHostHelper().Install(vs.Node(), ["vmnic0"], "esxi01")
    pswitch.SetTrunkPort("Gi0/1", [10])
    host.ConnectUplink("vmnic0", pswitch, "Gi0/1")
    host.AddPortGroup("PG10", 10)
    vm = vs.Node()
    vs.AssignIpv4(host.AddVm(vm, "PG10", "00:50:56:00:00:01"), "192.168.10.11/24")
    laptop = vs.Node()
    pswitch.SetAccessPort("Gi0/2", 10)
    nic = vs.EthernetHelper().Install(laptop, pswitch.GetPortDevice("Gi0/2"))[0]
    vs.AssignIpv4(nic, "192.168.10.100/24")
    return pswitch, host, vm, laptop


# -------------------------------------------------------------------------------------------
# Seed 0 with the object API


def test_seed0_object_api_port_output_is_twice_vnic_rx(tmp_path):
    r = seed0.build_and_run(pings=4, output=str(tmp_path))
    assert r["requests"] == 4 and r["replies"] == 4
    assert r["VnicRx"] == 4, "the guest receives each request once"
    assert r["PortOutput"] == 2 * r["VnicRx"], "PortOutput sees both copies (spec 4, seed 0)"
    assert r["pinnedUplink"] == 4 and r["unusedUplink"] == 4
    assert r["Drop"] == 4 and r["dropReasons"] == ["reverse-teaming"]
    assert r["portCounters"]["drops"].get("reverse-teaming", 0) >= 4
    assert "Port ID: 50331657" in r["vmPortList"]
    for f in r["files"]:
        assert pathlib.Path(f).stat().st_size > 24


def test_seed0_object_api_pcaps_read_in_tshark(tmp_path):
    if not shutil.which("tshark"):
        pytest.skip("tshark is not installed (Debian: apt-get install tshark)")
    seed0.build_and_run(pings=4, output=str(tmp_path))
    def icmp(name):
        out = subprocess.run(
            ["tshark", "-r", str(tmp_path / name), "-Y", "icmp.type == 8", "-T", "fields",
             "-e", "eth.src", "-e", "ip.checksum.status", "-o", "ip.check_checksum:TRUE"],
            capture_output=True, text=True, check=True).stdout.split("\n")
        return [line.split("\t") for line in out if line]
    po = icmp("esxi02-port-PortOutput.pcap")
    rx = icmp("esxi02-port-VnicRx.pcap")
    assert len(po) == 8 and len(rx) == 4
    # ip.checksum.status 1: Good (0 would be Bad, 2 Unverified)
    assert all(src == seed0.VM1_MAC and status == "1" for src, status in po + rx), po


def test_drop_callback_receives_the_frame_and_its_reason():
    r = seed0.build_and_run(pings=3)
    frames = r["dropFrames"]
    assert len(frames) == 3
    for f in frames:
        assert f["point"] == "Drop"
        assert f["reason"] == "reverse-teaming"
        assert f["where"] == "esxi02/vSwitch0"
        assert f["portId"] == seed0.VM2_PORT_ID
        assert f["source"] == seed0.VM1_MAC and f["destination"] == seed0.VM2_MAC
        assert f["etherType"] == 0x0800 and f["size"] >= 98
    # one per request, a second apart
    times = [f["time"] for f in frames]
    assert all(0.99 < b - a < 1.01 for a, b in zip(times, times[1:])), times


def test_destroy_frees_a_callback_that_was_never_disconnected():
    """A capture callback left connected holds its vSwitch (and the vSwitch the callback)
    until Simulator.Destroy(), which disconnects it: the callable is freed then."""
    import gc
    import weakref

    class Collector:
        def __init__(self):
            self.n = 0

        def __call__(self, frame):
            self.n += 1

    host = vs.EsxiHostHelper().Install(vs.Node(), ["vmnic0"], "esxi01")
    host.AddPortGroup("PG", 100)
    vm = vs.Node()
    vs.AssignIpv4(host.AddVm(vm, "PG"), "192.168.100.11/24")
    ping = vs.IputilsPingHelper("192.168.100.12")
    ping.SetAttribute("Count", "1")
    ping.Install(vm)
    collector = Collector()
    host.GetVSwitch().TraceCapture("VnicTx", collector)
    Simulator.Stop(Seconds(2))
    Simulator.Run()
    assert collector.n > 0  # the guest's ARP requests for its peer
    alive = weakref.ref(collector)
    del collector, host, vm, ping
    Simulator.Destroy()
    gc.collect()
    assert alive() is None, "the callback (and its vSwitch) outlived Simulator.Destroy()"


def test_a_rebuilt_seed0_gives_the_same_result():
    first = seed0.build_and_run(pings=3)
    second = seed0.build_and_run(pings=3)
    for key in ("PortOutput", "VnicRx", "Drop", "rttMs", "dropFrames", "vmPortList"):
        assert first[key] == second[key], key


def test_many_object_api_runs_do_not_grow_memory():
    seed0.build_and_run(pings=2)
    before = rss_kib()
    for _ in range(20):
        r = seed0.build_and_run(pings=2)
        assert r["PortOutput"] == 4
    growth = (rss_kib() - before) / 1024.0
    print(f"RSS growth over 20 object-API builds and runs after the first: {growth:.2f} MiB")
    assert growth < 4.0


# -------------------------------------------------------------------------------------------
# Simulator, Time, callbacks


def test_schedule_calls_python_in_time_order_with_arguments():
    calls = []
    Simulator.Schedule(Seconds(2), lambda tag: calls.append((tag, Simulator.Now())), "b")
    Simulator.Schedule("1s", lambda tag, n: calls.append((tag * n, Simulator.Now())), "a", 2)
    Simulator.ScheduleNow(lambda: calls.append(("now", Simulator.Now())))
    cancelled = Simulator.Schedule("1.5s", lambda: calls.append(("cancelled", None)))
    cancelled.Cancel()
    Simulator.Run()
    assert calls == [("now", vs.Time("0s")), ("aa", vs.Time("1s")), ("b", vs.Time("2s"))]
    assert cancelled.IsExpired()
    assert Simulator.IsFinished()


def test_a_callback_that_raises_stops_the_run_and_the_exception_is_raised():
    ran = []

    def fail():
        raise KeyError("from the callback")

    Simulator.Schedule("1s", fail)
    Simulator.Schedule("2s", lambda: ran.append(2))
    with pytest.raises(KeyError, match="from the callback"):
        Simulator.Run()
    assert Simulator.Now() == vs.Time("1s")
    assert ran == []
    Simulator.Run()  # the rest of the events run after the exception was raised
    assert ran == [2]


def test_sigint_stops_the_run_at_the_current_event():
    seen = []
    def tick():
        seen.append(Simulator.Now().GetSeconds())
        Simulator.Schedule("1s", tick)
    Simulator.Schedule("1s", tick)
    Simulator.Schedule("5.5s", lambda: os.kill(os.getpid(), signal.SIGINT))
    Simulator.Stop(Seconds(1e6))
    with pytest.raises(KeyboardInterrupt):
        Simulator.Run()
    # The signal is taken by a watcher thread, which stops the simulator a moment of wall
    # time later: well before the million simulated seconds.
    assert 5.5 <= Simulator.Now().GetSeconds() < 1e5, Simulator.Now()
    assert seen[:5] == [1.0, 2.0, 3.0, 4.0, 5.0]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler, "handler put back"


def test_time_forms():
    assert vs.Time("20ms") == vs.MilliSeconds(20) == vs.MicroSeconds(20000)
    assert vs.Seconds(1.5) * 2 == vs.Time("3s")
    assert vs.Time("1s") - vs.Time("250ms") == vs.Seconds(0.75)
    assert vs.NanoSeconds(5).GetNanoSeconds() == 5
    assert float(vs.Time("2.5s")) == 2.5
    with pytest.raises(ValueError, match="units"):
        vs.Time("3 parsecs")


# -------------------------------------------------------------------------------------------
# Errors are Python exceptions naming the thing, not an ended process


def test_bad_input_raises_naming_the_thing():
    with pytest.raises(ValueError, match=r'ns3::PhysicalSwitch has no attribute "Nmae".*Name'):
        vs.PhysicalSwitchHelper().SetSwitchAttribute("Nmae", "x")
    with pytest.raises(ValueError, match=r"DataRate: \"fast\" is not a valid value"):
        vs.EsxiHostHelper().SetUplinkAttribute("DataRate", "fast")
    with pytest.raises(ValueError, match="not an IPv4 address"):
        vs.IputilsPingHelper("300.1.1.1")
    with pytest.raises(ValueError, match="prefix length"):
        vs.AssignIpv4(vs.EthernetHelper().Install(vs.Node(), vs.Node())[0], "10.0.0.1")
    with pytest.raises(ValueError, match="no such type"):
        vs.Config.SetDefault("ns3::NoSuchThing::X", "1")
    host = vs.EsxiHostHelper().Install(vs.Node(), ["vmnic0"], "h1")
    with pytest.raises(ValueError, match="VLAN 5000 is out of range"):
        host.AddPortGroup("x", 5000)
    with pytest.raises(ValueError, match="host h1 has no port group 'nope'"):
        host.GetPortGroup("nope")
    host.AddPortGroup("pg", 10)
    with pytest.raises(TypeError, match="promiscuous, macChanges, forgedTransmits"):
        host.GetPortGroup("pg").SetSecurityOverride(promisc="accept")
    with pytest.raises(ValueError, match="loadBalancing=\"round-robin\""):
        host.GetPortGroup("pg").SetTeamingOverride(loadBalancing="round-robin")
    with pytest.raises(ValueError, match="is not a capture point.*VnicRx"):
        host.GetVSwitch().TraceCapture("VnicRcv", print)
    with pytest.raises(ValueError):
        vs.PktcapHelper().Capture(host, "--switchport 1 --capture Nowhere")


# -------------------------------------------------------------------------------------------
# The rest of the API


def test_attributes_and_policies_take_effect():
    pswitch, host, vm, laptop = one_host_lab()
    assert pswitch.GetName() == "pswitch1"
    assert pswitch.GetAttribute("Name") == "pswitch1"
    pg = host.GetPortGroup("PG10")
    pg.SetSecurityOverride(promiscuous="accept", forgedTransmits=False)
    assert pg.GetEffectiveSecurity().startswith("promiscuous=accept")
    assert "forgedTransmits=reject" in pg.GetEffectiveSecurity()
    assert host.GetVmPort(vm).GetPortId() > 0


def test_ping_through_a_physical_switch_and_the_mac_table():
    pswitch, host, vm, laptop = one_host_lab()
    ping = vs.IputilsPingHelper("192.168.10.11")
    ping.SetAttribute("Count", "3")
    app = ping.Install(laptop)
    app.SetStartTime(Seconds(1))
    seqs = []
    app.TraceRtt(lambda seq, rtt: seqs.append(seq))
    Simulator.Stop(Seconds(5))
    Simulator.Run()
    assert (app.GetSent(), app.GetReceived(), seqs) == (3, 3, [1, 2, 3])
    table = {(e["vlan"], e["mac"]): e["port"] for e in pswitch.GetMacTable()}
    assert table[(10, "00:50:56:00:00:01")] == "Gi0/1"
    assert pswitch.LookupMac(10, "00:50:56:00:00:01") == "Gi0/1"
    assert "  10    0050.5600.0001    DYNAMIC     Gi0/1" in pswitch.ShowMacAddressTable()
    assert "192.168.10.11" in host.VmPortList()


def test_physical_switch_drop_callback_and_a_trace_connection_disconnect():
    pswitch, host, vm, laptop = one_host_lab()
    pswitch.SetBlackhole("Gi0/1", "tx")
    switch_drops, captured = [], []
    pswitch.TraceDrop(switch_drops.append)
    connection = host.GetVSwitch().TraceCapture("UplinkRcv", captured.append)
    ping = vs.IputilsPingHelper("192.168.10.11")
    ping.SetAttribute("Count", "2")
    app = ping.Install(laptop)
    app.SetStartTime(Seconds(1))
    Simulator.Schedule("1.5s", connection.Disconnect)
    Simulator.Stop(Seconds(4))
    Simulator.Run()
    assert app.GetReceived() == 0
    assert switch_drops and all(f.reason == "blackhole" for f in switch_drops)
    assert switch_drops[0].where == "pswitch1 Gi0/1" and switch_drops[0].point == "Drop"
    assert pswitch.GetPortDrops("Gi0/1").get("blackhole") == len(switch_drops)
    assert captured == [], "the blackhole eats every frame before the uplink"


def test_udp_applications_on_a_cable():
    a, b, devices = two_nodes_on_a_cable()
    server = vs.UdpServerHelper(9000).Install(b)
    client = vs.UdpClientHelper("10.0.0.2", 9000)
    client.SetAttribute("MaxPackets", "10")
    client.SetAttribute("Interval", "10ms")
    app = client.Install(a)
    app.SetStartTime(Seconds(1))
    Simulator.Stop(Seconds(2))
    Simulator.Run()
    assert server.GetReceived() == 10 and server.GetLost() == 0
    assert devices[0].GetCounters()["txFrames"] >= 10
    assert vs.EthernetHelper.GetChannel(devices[0]).IsConnected()


def test_distributed_switch_spans_two_hosts():
    sw = vs.PhysicalSwitchHelper().Install(vs.Node(), 4)
    esxi = vs.EsxiHostHelper()
    dvs = vs.DistributedSwitch("DSwitch", "7.0")
    dvs.SetUplinks(["Uplink 1"])
    dvs.AddPortGroup("DPG-20", 20)
    vms = []
    for i, name in enumerate(("esxi01", "esxi02")):
        host = esxi.InstallWithoutVSwitch(vs.Node(), ["vmnic0"], name)
        sw.SetTrunkPort(f"Gi0/{i + 1}", [20])
        host.ConnectUplink("vmnic0", sw, f"Gi0/{i + 1}")
        proxy = dvs.AddHost(host, {"Uplink 1": "vmnic0"})
        assert proxy.GetName() == "DSwitch"
        vm = vs.Node()
        vs.AssignIpv4(host.AddVm(vm, "DPG-20"), f"192.168.20.{i + 1}/24")
        vms.append(vm)
    assert [h.GetName() for h in dvs.GetHosts()] == ["esxi01", "esxi02"]
    app = vs.IputilsPingHelper(vs.GetIpv4Address(vms[1])).Install(vms[0])
    app.SetAttribute("Count", "2")
    app.SetStartTime(Seconds(1))
    Simulator.Stop(Seconds(4))
    Simulator.Run()
    assert app.GetReceived() == 2


def test_names_and_config():
    node = vs.Node()
    vs.Names.Add("vm-a", node)
    assert vs.Names.Find("vm-a").GetId() == node.GetId()
    assert vs.Names.FindName(node) == "vm-a"
    vs.Config.SetDefault("ns3::VSwitch::ReversePathFwdCheck", "false")
    host = vs.EsxiHostHelper().Install(vs.Node(), ["vmnic0"], "h")
    assert host.GetVSwitch().GetAttribute("ReversePathFwdCheck") == "false"
    Simulator.Destroy()
    assert vs.Names.Find("vm-a") is None, "Destroy clears the names"
    host = vs.EsxiHostHelper().Install(vs.Node(), ["vmnic0"], "h")
    assert host.GetVSwitch().GetAttribute("ReversePathFwdCheck") == "false", "defaults stay"
    vs.Config.Reset()


# -------------------------------------------------------------------------------------------
# The examples, run as a user runs them


def run_example(name, *args, cwd):
    env = dict(os.environ)
    return subprocess.run([sys.executable, str(EXAMPLES / name), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_example_seed0_runs_and_writes_its_picture(tmp_path):
    p = run_example("seed0_reverse_teaming.py", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert "PortOutput = 2 x VnicRx: True" in p.stdout
    out = tmp_path / "results" / "seed0-object-api"
    assert (out / "seed0-reverse-teaming.png").read_bytes().startswith(PNG_SIGNATURE)
    assert len(list(out.glob("*.pcap"))) == 4


def test_example_teaming_sweep_writes_its_table_and_picture(tmp_path):
    p = run_example("teaming_sweep.py", "--vms", "1,2,3,4", "--output", "sweep", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    rows = list(csv.DictReader(open(tmp_path / "sweep" / "teaming-sweep.csv")))
    assert len(rows) == 3 * 4
    share = {(r["policy"], int(r["vms"])): float(r["busiestShare"]) for r in rows}
    assert share[("originating-port", 2)] == 0.5 and share[("originating-port", 4)] == 0.5
    assert all(share[("explicit-failover", n)] == 1.0 for n in (1, 2, 3, 4))
    assert all(r["datagramsReceived"] == r["datagramsSent"] for r in rows)
    assert (tmp_path / "sweep" / "teaming-sweep.png").read_bytes().startswith(PNG_SIGNATURE)


def test_seed2_object_api_controller_and_host_tables_are_the_seeds():
    """Spec section 9, seed 2 rebuilt in Python: VNI 5001 is owned by controller-2; after
    power-on its VTEP table lists the two VTEPs with VMs on it (not esxi03's); after the
    GARPs the MAC and ARP tables hold A and B; A's ARP for B is answered by esxi01 itself
    (one suppressed, none over VXLAN as a request) and every ping is answered."""
    seed2 = load_example("seed2_logical_switch")
    r = seed2.build_and_run(pings=4)
    steps = {s["step"].split(" ")[0]: s for s in r["steps"]}
    assert r["owner"] == "controller-2"
    assert steps["STEP0"]["tables"] == {"vteps": 0, "macs": 0, "arps": 0}
    assert steps["STEP1"]["tables"] == {"vteps": 2, "macs": 0, "arps": 0}
    assert steps["STEP2-3"]["tables"] == {"vteps": 2, "macs": 2, "arps": 2}
    last = steps["STEP6"]["text"]
    assert "5001     192.168.250.51   192.168.250.0    00:50:56:61:00:51" in last
    assert "5001     192.168.250.52   192.168.250.0    00:50:56:61:00:52" in last
    assert "192.168.150.51" not in last  # esxi03 has no VM on 5001
    assert "5001     00:50:56:bb:bb:bb  192.168.250.52" in last
    assert "5001     172.16.10.12     00:50:56:bb:bb:bb" in last
    assert "00:50:56:bb:bb:bb  00:50:56:61:00:52  192.168.250.52" in last  # esxi01's MAC list
    assert r["esxi01"]["arpSuppressed"] == 1
    assert (r["pingsSent"], r["pingsReceived"]) == (4, 4)
    # One GARP copy and four echo requests left esxi01 as VXLAN; four replies came back.
    assert r["esxi01"]["encapsulated"] == 5
    assert r["esxi02"]["decapsulated"] == 5


def test_nsx_errors_name_the_thing():
    nsx = vs.NsxHelper()
    with pytest.raises(ValueError, match="VNI 42 is out of range 5000-16777215"):
        nsx.AddLogicalSwitch(42, "web")
    with pytest.raises(ValueError, match="multicast replication needs a multicast group"):
        nsx.AddLogicalSwitch(5002, "db", replication="multicast")
    with pytest.raises(ValueError, match='replication "broadcast": write unicast'):
        nsx.AddLogicalSwitch(5003, "app", replication="broadcast")
    with pytest.raises(ValueError, match="no vNIC with an IPv4 address"):
        vs.SendGratuitousArp(vs.Node())


def test_vtep_decapsulate_callback_names_the_vni_and_source_vtep(monkeypatch):
    """Every VXLAN packet a VTEP delivers reaches a Decapsulate callback with its VNI and
    the VTEP that sent it: at esxi02 from esxi01's, at esxi01 from esxi02's."""
    seed2 = load_example("seed2_logical_switch")
    seen = []
    original = vs.NsxHelper.InstallVtep

    def install(helper, host, dvs, ip, **kw):
        v = original(helper, host, dvs, ip, **kw)
        name = host.GetName()
        v.TraceDecapsulate(lambda frame, vni, peer: seen.append((name, vni, peer,
                                                                 frame.etherType)))
        return v

    monkeypatch.setattr(vs.NsxHelper, "InstallVtep", install)
    r = seed2.build_and_run(pings=2)
    at_b = [x for x in seen if x[0] == "esxi02"]
    at_a = [x for x in seen if x[0] == "esxi01"]
    assert len(at_b) == r["esxi02"]["decapsulated"] == 3  # A's GARP and two requests
    assert len(at_a) == r["esxi01"]["decapsulated"]
    assert all(x[1:3] == (5001, "192.168.250.51") for x in at_b)
    assert all(x[1:3] == (5001, "192.168.250.52") for x in at_a)
    assert {x[3] for x in seen} <= {0x0800, 0x0806}


def test_example_seed2_runs_and_writes_its_picture(tmp_path):
    p = run_example("seed2_logical_switch.py", "--output", "s2", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert "ping A -> B: 4 sent, 4 received" in p.stdout
    assert (tmp_path / "s2" / "seed2-logical-switch.png").read_bytes().startswith(PNG_SIGNATURE)
    tables = (tmp_path / "s2" / "tables.txt").read_text()
    assert tables.count("===== STEP") == 5


def test_every_example_is_tested():
    tested = {"seed0_reverse_teaming.py", "teaming_sweep.py", "seed2_logical_switch.py"}
    assert {p.name for p in EXAMPLES.glob("*.py")} == tested
