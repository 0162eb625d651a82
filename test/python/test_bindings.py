# SPDX-License-Identifier: GPL-2.0-only
"""The Python module vswitch (bindings/python) against the vswitch-sim program it wraps.

Run through CTest as Python.Bindings (PYTHONPATH=build/bindings/python, VSWITCH_SIM and
VSWITCH_SOURCE_DIR set), or by hand from the source folder:

    PYTHONPATH=build/bindings/python /usr/bin/python3 -m pytest test/python/test_bindings.py

Every comparison is with what the built vswitch-sim writes or prints for the same scenario
and options, run in a temporary folder; only summary.json's "wallSeconds" (the wall-clock
time of the run) is left out of the comparisons.
"""

import copy
import json
import os
import pathlib
import signal
import subprocess
import sys
import textwrap
import threading
import time

import pytest

import vswitch

SRC = pathlib.Path(os.environ.get("VSWITCH_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2])).resolve()
SIM = pathlib.Path(os.environ.get("VSWITCH_SIM", SRC / "build" / "vswitch-sim")).resolve()
SEED0 = SRC / "examples" / "scenarios" / "seed0-reverse-teaming.json"
BROKEN = sorted((SRC / "test" / "scenarios" / "broken").glob("*.json"))
VALID = sorted((SRC / "examples" / "scenarios").glob("*.json")) + sorted(
    (SRC / "test" / "scenarios").glob("*.json")
)

# summary.json's keys that depend on the machine rather than on the scenario.
WALL_CLOCK = {"wallSeconds"}

# A run of a few seconds of wall time per simulated minute: UDP at 10 Mb/s through a switch.
LONG = {
    "name": "long",
    "stopTime": "3600s",
    "switches": [
        {
            "name": "pswitch1",
            "ports": [
                {"name": "Gi0/1", "mode": "trunk", "vlans": [100]},
                {"name": "Gi0/2", "mode": "trunk", "vlans": [100]},
            ],
        }
    ],
    "hosts": [
        {
            "name": "esxi0%d" % i,
            "nics": ["vmnic0"],
            "vswitches": [
                {
                    "name": "vSwitch0",
                    "uplinks": ["vmnic0"],
                    "portGroups": [{"name": "VM Network", "vlan": 100}],
                }
            ],
            "vms": [
                {
                    "name": "vm%d" % i,
                    "nics": [{"portGroup": "VM Network", "ip": "192.168.100.1%d/24" % i}],
                }
            ],
        }
        for i in (1, 2)
    ],
    "links": [
        {"a": "esxi01:vmnic0", "b": "pswitch1:Gi0/1", "dataRate": "100Mbps"},
        {"a": "esxi02:vmnic0", "b": "pswitch1:Gi0/2", "dataRate": "100Mbps"},
    ],
    "traffic": [
        {
            "type": "udp",
            "from": "vm1",
            "to": "192.168.100.12:9000",
            "start": "1s",
            "rate": "10Mbps",
            "size": 1000,
        }
    ],
    "captures": [{"switch": "pswitch1", "port": "Gi0/2", "output": "server.pcap"}],
}


def sim(args, cwd):
    """Run the built vswitch-sim; the CompletedProcess (text)."""
    return subprocess.run(
        [str(SIM)] + [str(a) for a in args], cwd=str(cwd), capture_output=True, text=True, timeout=300
    )


def cli_summary(scenario, tmp, *options):
    """vswitch-sim's summary.json for a scenario file and command-line options."""
    out = pathlib.Path(tmp) / ("cli-%d" % len(list(pathlib.Path(tmp).iterdir())))
    r = sim(["--scenario=%s" % scenario, "--output=%s" % out] + list(options), tmp)
    assert r.returncode == 0, r.stderr
    with open(out / "summary.json") as f:
        return json.load(f)


def same(summary):
    """A summary without its wall-clock keys."""
    return {k: v for k, v in summary.items() if k not in WALL_CLOCK}


def tree(folder):
    """Every file under a folder: relative path -> bytes."""
    folder = pathlib.Path(folder)
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def rss_kib():
    """This process's resident set size now (VmRSS, KiB)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


def test_the_programs_are_there():
    assert SIM.is_file(), "vswitch-sim not built: %s" % SIM
    assert SEED0.is_file()
    assert len(BROKEN) > 20 and len(VALID) > 10


# -------------------------------------------------------------------------------------------
# The module itself


def test_api_has_docstrings_and_stubs():
    for f in (vswitch, vswitch.run, vswitch.validate, vswitch.ScenarioError, vswitch.RunError,
              vswitch.ScenarioWarning, vswitch._core, vswitch._core.run, vswitch._core.validate,
              vswitch._core.RunResult, vswitch._core.RunResult.status):
        assert f.__doc__ and len(f.__doc__) > 30, f
    package = pathlib.Path(vswitch.__file__).parent
    assert (package / "py.typed").is_file()
    assert (package / "_core.pyi").is_file()
    assert issubclass(vswitch.ScenarioError, ValueError)
    assert issubclass(vswitch.RunError, RuntimeError)


# -------------------------------------------------------------------------------------------
# run(): the summary vswitch-sim writes


def test_run_file_gives_the_clis_summary(tmp_path):
    cli = cli_summary(SEED0, tmp_path)
    py = vswitch.run(str(SEED0))
    assert list(py) == list(cli)  # the same keys, in the file's order
    assert same(py) == same(cli)
    assert WALL_CLOCK <= set(py)
    # seed 0's reverse teaming: PortOutput on vm2's port sees each frame twice, VnicRx once.
    frames = {c["file"]: c["frames"] for c in py["captures"]}
    assert frames["vm2-portoutput.pcap"] == 2 * frames["vm2-vnicrx.pcap"] > 0
    assert py["traffic"][0]["received"] == py["traffic"][0]["sent"] == 8


def test_run_pathlike_and_dict_give_the_same(tmp_path):
    cli = same(cli_summary(SEED0, tmp_path))
    assert same(vswitch.run(SEED0)) == cli  # pathlib.Path
    with open(SEED0) as f:
        scenario = json.load(f)
    before = copy.deepcopy(scenario)
    assert same(vswitch.run(scenario)) == cli
    assert scenario == before  # the dict is left as it was


@pytest.mark.parametrize("scenario", VALID, ids=lambda p: p.name)
def test_every_valid_scenario_gives_the_clis_summary(scenario, tmp_path):
    # One process, one scenario after another: each must give what a new process gives.
    assert same(vswitch.run(scenario)) == same(cli_summary(scenario, tmp_path))


def test_dict_edited_in_python_runs(tmp_path):
    with open(SEED0) as f:
        scenario = json.load(f)
    scenario["name"] = "edited"
    scenario["stopTime"] = "3s"
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(scenario))
    py = vswitch.run(scenario)
    assert py["scenario"] == "edited" and py["stopTime"] == "3s"
    assert same(py) == same(cli_summary(path, tmp_path))


def test_stop_time_is_honoured(tmp_path):
    cli = same(cli_summary(SEED0, tmp_path, "--stopTime=2500ms"))
    assert cli["stopTime"] == "2500ms"
    assert same(vswitch.run(SEED0, stopTime="2500ms")) == cli
    assert vswitch.run(SEED0, stopTime=2.5)["stoppedAt"] == 2.5
    assert same(vswitch.run(SEED0)) != cli


def test_attributes_are_honoured(tmp_path):
    # No checksums: the pcaps' IPv4/ICMP checksums are 0, and so the frames the same size;
    # the switch's MAC aging is a value the tables and summary do not show. Seed 0's ARP
    # replies are the frames an attribute can change visibly: a vSwitch that does not learn
    # the VMs' MACs from the reverse path floods. ReversePathFwdCheck off lets the mirror's
    # copies of vm2's frames come back in on vmnic2.
    name = "ns3::VSwitch::ReversePathFwdCheck"
    default = same(vswitch.run(SEED0))
    cli = same(cli_summary(SEED0, tmp_path, "--%s=false" % name))
    py = same(vswitch.run(SEED0, attributes={name: False}))
    assert py == cli
    assert py != default, "the attribute changed nothing: the test cannot tell"
    # Not kept for the next run.
    assert same(vswitch.run(SEED0)) == default


def test_rng_run_is_honoured(tmp_path):
    # ARP requests wait a random 0-10 ms (ns-3's ArpL3Protocol RequestJitter): the first
    # ping's RTT depends on the run number.
    default = same(vswitch.run(SEED0))
    cli = same(cli_summary(SEED0, tmp_path, "--RngRun=7"))
    py = same(vswitch.run(SEED0, RngRun=7))
    assert py == cli
    assert py != default, "RngRun changed nothing: the test cannot tell"
    assert same(vswitch.run(SEED0, RngRun=7)) == py
    assert same(vswitch.run(SEED0)) == default
    # A global by name, as on the command line (--RngSeed=3).
    assert same(vswitch.run(SEED0, attributes={"RngSeed": 3})) == same(
        cli_summary(SEED0, tmp_path, "--RngSeed=3")
    )


def test_bad_options_raise():
    with pytest.raises(ValueError, match="no such attribute"):
        vswitch.run(SEED0, attributes={"ns3::VSwitch::NoSuchThing": "1"})
    with pytest.raises(ValueError, match="no such attribute"):
        vswitch.run(SEED0, attributes={"ns3::VSwitch::ReversePathFwdCheck": "maybe"})
    with pytest.raises(ValueError, match="bad value for ns-3 global"):
        vswitch.run(SEED0, attributes={"NoSuchGlobal": "1"})
    with pytest.raises(ValueError):
        vswitch.run(SEED0, RngRun=-1)
    with pytest.raises(TypeError):
        vswitch.run(42)
    with pytest.raises(TypeError):
        vswitch.run(SEED0, attributes={"ns3::VSwitch::ReversePathFwdCheck": None})
    # Nothing of the failed calls is left behind.
    assert vswitch.run(SEED0)["traffic"][0]["received"] == 8


# -------------------------------------------------------------------------------------------
# validate() and ScenarioError: vswitch-sim's error lines


def cli_validate(scenario, tmp):
    """vswitch-sim --validate: (exit status, warning lines, error lines)."""
    r = sim(["--validate", scenario], tmp)
    lines = r.stderr.splitlines()
    warnings = [l for l in lines if l.startswith("warning: ")]
    errors = [l for l in lines if not l.startswith("warning: ")]
    if r.returncode == 2:
        assert errors[-1].endswith("nothing was simulated"), r.stderr
        errors = errors[:-1]
    else:
        assert r.returncode == 0 and r.stdout == "OK\n" and not errors, r
    return r.returncode, warnings, errors


def test_validate_valid_file_is_empty(tmp_path):
    assert vswitch.validate(SEED0) == []
    assert vswitch.validate(str(SEED0), warnings=True) == []
    with open(SEED0) as f:
        assert vswitch.validate(json.load(f)) == []
    assert cli_validate(SEED0, tmp_path) == (0, [], [])


@pytest.mark.parametrize("scenario", BROKEN, ids=lambda p: p.name)
def test_validate_broken_file_gives_the_clis_lines(scenario, tmp_path):
    status, warnings, errors = cli_validate(scenario, tmp_path)
    assert vswitch.validate(scenario) == errors
    assert vswitch.validate(scenario, warnings=True) == warnings + errors
    if status == 2:
        assert errors
        with pytest.raises(vswitch.ScenarioError) as e:
            vswitch.run(scenario)
        assert e.value.errors == errors
        assert str(e.value) == "\n".join(errors)


def test_scenario_error_carries_every_line(tmp_path):
    scenario = SRC / "test" / "scenarios" / "broken" / "many-errors.json"
    _, _, errors = cli_validate(scenario, tmp_path)
    assert len(errors) >= 3
    with pytest.raises(vswitch.ScenarioError) as e:
        vswitch.run(scenario, output=tmp_path / "out")
    assert isinstance(e.value, ValueError)
    assert e.value.errors == errors
    assert str(e.value).splitlines() == errors
    assert not (tmp_path / "out").exists()  # nothing was built, no folder made


def test_errors_of_a_dict_name_it(tmp_path):
    with open(SEED0) as f:
        scenario = json.load(f)
    scenario["stopTime"] = "fast"
    lines = vswitch.validate(scenario)
    assert len(lines) == 1 and lines[0].startswith(vswitch.DICT_LABEL + ": stopTime: ")
    path = tmp_path / "x.json"
    path.write_text(json.dumps(scenario))
    assert vswitch.validate(path) == [str(path) + lines[0][len(vswitch.DICT_LABEL):]]


def test_model_error_found_while_building_is_a_scenario_error(tmp_path):
    # Seen only when the scenario is built: --validate says OK, a run says why not.
    for scenario in BROKEN:
        status, _, errors = cli_validate(scenario, tmp_path)
        if status == 0:
            r = sim(["--scenario=%s" % scenario, "--output=%s" % (tmp_path / "o")], tmp_path)
            assert r.returncode == 2, r
            lines = r.stderr.splitlines()
            lines = [l for l in lines if not l.startswith("warning: ")]
            assert lines[-1] == "1 error; nothing was simulated"
            with pytest.raises(vswitch.ScenarioError) as e:
                vswitch.run(scenario)
            assert e.value.errors == lines[:-1]
            return
    pytest.skip("no broken scenario that only building finds")


def test_unreadable_scenario_raises_oserror(tmp_path):
    with pytest.raises(FileNotFoundError, match="cannot read the scenario file"):
        vswitch.run(tmp_path / "missing.json")
    with pytest.raises(FileNotFoundError):
        vswitch.validate(str(tmp_path / "missing.json"))
    with pytest.raises(OSError):
        vswitch.run(tmp_path)  # a folder


def test_warnings_are_issued(tmp_path):
    # IP hash teaming whose uplinks do not face one static LAG: valid, but warned about.
    with open(SRC / "examples" / "scenarios" / "lag-ip-hash.json") as f:
        scenario = json.load(f)
    del scenario["switches"][0]["lags"]
    path = tmp_path / "nolag.json"
    path.write_text(json.dumps(scenario))
    status, warnings, errors = cli_validate(path, tmp_path)
    assert status == 0 and len(warnings) == 1 and not errors
    assert "not one static LAG" in warnings[0]
    assert vswitch.validate(path) == []
    assert vswitch.validate(path, warnings=True) == warnings
    with pytest.warns(vswitch.ScenarioWarning) as record:
        py = vswitch.run(path)
    assert ["warning: " + str(w.message) for w in record] == warnings
    assert same(py) == same(cli_summary(path, tmp_path))
    # The same warning for the dict, naming it.
    dict_lines = vswitch.validate(scenario, warnings=True)
    assert dict_lines == [warnings[0].replace(str(path), vswitch.DICT_LABEL)]


# -------------------------------------------------------------------------------------------
# Files: only into output


def test_output_folder_gets_the_clis_files(tmp_path):
    cli_out = tmp_path / "cli"
    r = sim(["--scenario=%s" % SEED0, "--output=%s" % cli_out], tmp_path)
    assert r.returncode == 0, r.stderr
    py_out = tmp_path / "py" / "nested"
    summary = vswitch.run(SEED0, output=py_out)
    cli_files, py_files = tree(cli_out), tree(py_out)
    assert sorted(py_files) == sorted(cli_files)
    assert {"summary.json", "tables.txt", "captures.txt"} <= set(py_files)
    for name in cli_files:
        if name != "summary.json":
            assert py_files[name] == cli_files[name], name
    with open(py_out / "summary.json") as f:
        written = json.load(f)
    assert written == summary
    assert same(written) == same(json.loads(cli_files["summary.json"]))


# What a run could leave in a folder: its results, its temporaries, its default folder.
OUTPUT_NAMES = ("summary.json", "tables.txt", "captures.txt", "vswitch-sim-output")
OUTPUT_SUFFIXES = (".pcap", ".pcapng", ".partial", ".tmp")


def output_like(folder):
    """The entries of a folder that look like a run's output."""
    return sorted(
        n for n in os.listdir(folder) if n in OUTPUT_NAMES or n.endswith(OUTPUT_SUFFIXES)
    )


def test_no_output_writes_no_file(tmp_path, monkeypatch):
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(private_tmp))
    # The machine's /tmp is shared: only names a run could write are compared.
    system_tmp = pathlib.Path("/tmp")
    before = output_like(system_tmp)
    devnull = os.stat(os.devnull)
    for scenario in VALID:
        vswitch.run(scenario)
    assert os.listdir(work) == []
    assert os.listdir(private_tmp) == []
    assert output_like(system_tmp) == before
    now = os.stat(os.devnull)
    assert (now.st_ino, now.st_rdev) == (devnull.st_ino, devnull.st_rdev)


def test_output_that_cannot_be_made_raises_oserror(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OSError, match="cannot create the folder"):
        vswitch.run(SEED0, output=blocker / "out")


# -------------------------------------------------------------------------------------------
# Many runs in one process


def test_fifty_runs_same_summary_bounded_memory():
    first = same(vswitch.run(SEED0))
    after_first = rss_kib()
    growth = []
    for i in range(49):
        assert same(vswitch.run(SEED0)) == first, "run %d differs from the first" % (i + 2)
        growth.append(rss_kib() - after_first)
    print("\nRSS after the first run: %.1f MiB; growth over 49 more runs: %.2f MiB "
          "(after 10: %.2f, 25: %.2f, 49: %.2f)"
          % (after_first / 1024, growth[-1] / 1024, growth[9] / 1024, growth[24] / 1024,
             growth[-1] / 1024))
    # Measured on Debian 12 (x86-64): 0.06 MiB over the 49 runs (and over 200), all of it in
    # the first few runs (allocator pools); the first run itself adds about 2 MiB (ns-3's
    # type registry, the libraries' first use). A leak of 42 KiB per run fails the first
    # bound, one of 26 KiB per run from run 11 on the second.
    assert growth[-1] < 2 * 1024, "RSS grew %.2f MiB over 49 runs" % (growth[-1] / 1024)
    assert growth[-1] - growth[9] < 1024, "RSS grew %.2f MiB from run 11 to run 50" % (
        (growth[-1] - growth[9]) / 1024)


def test_runs_from_threads_take_turns_and_release_the_gil():
    results = []
    ticks = []
    done = threading.Event()

    def worker():
        results.append(same(vswitch.run(LONG, stopTime="20s")))

    def ticker():
        while not done.is_set():
            ticks.append(time.monotonic())
            time.sleep(0.01)

    t = threading.Thread(target=ticker)
    t.start()
    workers = [threading.Thread(target=worker) for _ in range(2)]
    start = time.monotonic()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.monotonic() - start
    done.set()
    t.join()
    assert len(results) == 2 and results[0] == results[1]
    assert results[0]["traffic"][0]["received"] > 0
    # The ticker ran all along (the GIL was free while the runs simulated): with the GIL held
    # it would tick only between the runs. Loose, for a loaded machine.
    assert elapsed > 0.2, "the runs were too short to tell: %.2f s" % elapsed
    assert len(ticks) > 0.25 * elapsed / 0.01, (len(ticks), elapsed)


# -------------------------------------------------------------------------------------------
# Signals


def test_handlers_are_python_s_after_a_run():
    before = (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM))
    vswitch.run(SEED0)
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before
    # And at the C level: SIGINT reaches Python's handler.
    with pytest.raises(KeyboardInterrupt):
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(1)


def test_ctrl_c_stops_the_run_and_raises_keyboard_interrupt(tmp_path):
    script = textwrap.dedent(
        """
        import json, sys, time, vswitch
        scenario = json.loads(sys.argv[1])
        print("running", flush=True)
        t = time.monotonic()
        try:
            vswitch.run(scenario, output=sys.argv[2])
        except KeyboardInterrupt:
            print("KeyboardInterrupt after %.1f s" % (time.monotonic() - t), flush=True)
            # Python's handling is intact: a second Ctrl-C is a KeyboardInterrupt too.
            try:
                import os, signal
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(1)
            except KeyboardInterrupt:
                print("second KeyboardInterrupt", flush=True)
            sys.exit(3)
        print("finished", flush=True)
        """
    )
    out = tmp_path / "out"
    p = subprocess.Popen(
        [sys.executable, "-c", script, json.dumps(LONG), str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert p.stdout.readline() == "running\n"
    time.sleep(2)
    p.send_signal(signal.SIGINT)
    stdout, stderr = p.communicate(timeout=120)
    assert p.returncode == 3, (stdout, stderr)
    assert "KeyboardInterrupt after" in stdout and "second KeyboardInterrupt" in stdout, stdout
    assert "interrupted" in stderr
    with open(out / "summary.json") as f:
        summary = json.load(f)
    assert summary["interrupted"] is True
    assert 0 < summary["stoppedAt"] < 3600
    assert (out / "tables.txt").is_file() and (out / "server.pcap").is_file()


def test_plot_writes_the_time_series_and_pictures_and_needs_an_output(tmp_path):
    scenario = SRC / "examples" / "scenarios" / "failover-link-down.json"
    summary = vswitch.run(scenario, tmp_path / "out", plot="100ms")
    rows = (tmp_path / "out" / "uplink-load.csv").read_text().splitlines()
    assert rows[0] == "time,host,vswitch,uplink,txMbps,rxMbps,txFrames,rxFrames"
    tx = {}
    for row in rows[1:]:
        cells = row.split(",")
        tx[cells[3]] = tx.get(cells[3], 0) + int(cells[6])
    assert tx == {u["name"]: u["txFrames"] for u in summary["uplinks"]}
    for png in ("uplink-load.png", "drops.png"):
        assert (tmp_path / "out" / png).read_bytes()[:4] == b"\x89PNG"
    # The same summary as without sampling: a sample changes no result.
    plain = vswitch.run(scenario)
    for key in set(summary) - WALL_CLOCK:
        assert summary[key] == plain[key], key
    with pytest.raises(ValueError, match="give an output folder"):
        vswitch.run(scenario, plot="100ms")
    with pytest.raises(vswitch.ScenarioError, match="not a sampling interval"):
        vswitch.run(scenario, tmp_path / "bad", plot="soon")
