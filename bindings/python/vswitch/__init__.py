# SPDX-License-Identifier: GPL-2.0-only
"""vswitch: the ns-3 VMware ESXi virtual switch module, from Python.

Runs vswitch-sim's JSON scenarios (doc/scenario-format.rst) in this process::

    import vswitch
    summary = vswitch.run("examples/scenarios/seed0-reverse-teaming.json")
    print(summary["traffic"][0]["received"])          # 8
    vswitch.run(scenario_dict, output="results/", RngRun=3,
                attributes={"ns3::VSwitch::ReversePathFwdCheck": "false"})
    errors = vswitch.validate("lab.json")              # [] when the file is good

run() returns the summary exactly as summary.json holds it. Every run starts from what a
new process has (ns-3's simulator, attribute defaults and globals, names, address
allocators, the module's own counters are reset before it and after it), so many runs in
one process give what separate vswitch-sim processes give.
"""

import json
import os
import signal as _signal
import threading
import warnings as _warnings
from typing import Any, Dict, List, Mapping, Optional, Tuple, Union

from . import _core

# The object API: ns-3's simulator and the module's helpers and objects, named as in C++
# (doc/vswitch.rst, "Python", and the stub vswitch/_core.pyi).
from ._core import (  # noqa: F401  (re-exported)
    Application,
    AssignIpv4,
    Channel,
    Config,
    DistributedPortGroup,
    DistributedSwitch,
    EsxiHost,
    EsxiHostHelper,
    EthernetChannel,
    EthernetHelper,
    EthernetNetDevice,
    EventId,
    Frame,
    GetIpv4Address,
    IputilsPing,
    IputilsPingHelper,
    Ipv4Router,
    L2NetDevice,
    LogicalSwitch,
    MicroSeconds,
    MilliSeconds,
    Names,
    NanoSeconds,
    NetDevice,
    Node,
    NsxControllerCluster,
    NsxHelper,
    Object,
    PhysicalSwitch,
    PhysicalSwitchHelper,
    PktcapHelper,
    PktcapSession,
    PortGroup,
    RngSeedManager,
    RouterHelper,
    Seconds,
    SendGratuitousArp,
    Simulator,
    Time,
    TraceConnection,
    UdpClient,
    UdpClientHelper,
    UdpServer,
    UdpServerHelper,
    VnicNetDevice,
    VSwitch,
    VSwitchPort,
    Vtep,
)

OBJECT_API = [
    "Application", "AssignIpv4", "Channel", "Config", "DistributedPortGroup",
    "DistributedSwitch", "EsxiHost", "EsxiHostHelper", "EthernetChannel", "EthernetHelper",
    "EthernetNetDevice", "EventId", "Frame", "GetIpv4Address", "IputilsPing",
    "IputilsPingHelper", "Ipv4Router", "L2NetDevice", "LogicalSwitch", "MicroSeconds",
    "MilliSeconds", "Names", "NanoSeconds", "NetDevice", "Node", "NsxControllerCluster",
    "NsxHelper", "Object", "PhysicalSwitch", "PhysicalSwitchHelper", "PktcapHelper",
    "PktcapSession", "PortGroup", "RngSeedManager", "RouterHelper", "Seconds",
    "SendGratuitousArp", "Simulator", "Time", "TraceConnection", "UdpClient", "UdpClientHelper",
    "UdpServer", "UdpServerHelper", "VnicNetDevice", "VSwitch", "VSwitchPort", "Vtep",
]

__all__ = ["run", "validate", "ScenarioError", "ScenarioWarning", "RunError",
           "PathLike"] + OBJECT_API

#: What run() and validate() take as a scenario: a path (str or os.PathLike) or a dict.
PathLike = Union[str, "os.PathLike[str]"]

#: The label of a scenario given as a dict in error lines ("<dict>: traffic[0].to: ...").
DICT_LABEL = "<dict>"


class ScenarioError(ValueError):
    """The scenario has errors: nothing was simulated.

    ``errors`` lists every error line, as vswitch-sim prints them
    ("FILE: JSON.PATH: what is wrong (what would be right)"); the message joins them, one
    per line. A model error found while building (one line) is a ScenarioError too.
    """

    def __init__(self, errors: List[str]):
        self.errors: List[str] = list(errors)
        super().__init__("\n".join(self.errors))


class ScenarioWarning(UserWarning):
    """A warning about a valid scenario that will probably not do what its author expects
    (vswitch-sim's "warning: ..." lines); issued by run() with warnings.warn()."""


class RunError(RuntimeError):
    """The run failed after it started: an output could not be written (the captures are
    kept as NAME.partial, summary.json and tables.txt not written) or the model failed.
    ``errors`` holds the message (one line)."""

    def __init__(self, errors: List[str]):
        self.errors: List[str] = list(errors)
        super().__init__("\n".join(self.errors))


def _scenario_args(scenario: Union[PathLike, Mapping[str, Any]]) -> Dict[str, Any]:
    """The _core arguments for a scenario given as a path or a dict."""
    if isinstance(scenario, Mapping):
        return {"scenario_text": json.dumps(scenario), "label": DICT_LABEL}
    if isinstance(scenario, (str, os.PathLike)):
        path = os.fspath(scenario)
        if isinstance(path, bytes):
            path = os.fsdecode(path)
        if not path:
            raise ValueError("scenario: an empty path")
        return {"scenario_file": path}
    raise TypeError(
        "scenario: a path (str or os.PathLike) or a dict, not " + type(scenario).__name__
    )


def _value_text(name: str, value: Any) -> str:
    """An attribute value as ns-3 reads it (True -> "true")."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    raise TypeError("attributes[%r]: a str, int, float or bool, not %s" % (name, type(value).__name__))


def _options(
    RngRun: Optional[int], attributes: Optional[Mapping[str, Any]]
) -> Tuple[List[Tuple[str, str]], List[Tuple[str, str]]]:
    """The (globals, attributes) pairs: names with "::" are attribute defaults, others
    ns-3 globals (RngSeed, SchedulerType, ChecksumEnabled, ...), as on the command line."""
    glob: List[Tuple[str, str]] = []
    attrs: List[Tuple[str, str]] = []
    for name, value in (attributes or {}).items():
        if not isinstance(name, str) or not name:
            raise TypeError("attributes: names are non-empty strings")
        (attrs if "::" in name else glob).append((name, _value_text(name, value)))
    if RngRun is not None:
        if isinstance(RngRun, bool) or not isinstance(RngRun, int) or RngRun < 0:
            raise ValueError("RngRun: a non-negative int, not %r" % (RngRun,))
        glob.append(("RngRun", str(RngRun)))
    return glob, attrs


def _stop_time(stopTime: Optional[Union[str, int, float]]) -> str:
    """stopTime as vswitch-sim's --stopTime takes it: "10s", "500ms"; a number is seconds."""
    if stopTime is None:
        return ""
    if isinstance(stopTime, bool):
        raise TypeError("stopTime: a time such as \"10s\", not a bool")
    if isinstance(stopTime, (int, float)):
        return repr(stopTime) + "s"
    if isinstance(stopTime, str) and stopTime:
        return stopTime
    raise TypeError("stopTime: a time such as \"10s\" or a number of seconds")


def _raise_for(result: "_core.RunResult", scenario_file: Optional[str]) -> None:
    """Turn a result that is not 'ok' into its exception."""
    status = result.status
    if status == "invalid":
        raise ScenarioError(result.errors)
    message = "\n".join(result.errors)
    if status == "no-scenario":
        if scenario_file is not None and not os.path.exists(scenario_file):
            raise FileNotFoundError(2, message, scenario_file)
        raise OSError(message)
    if status == "bad-output":
        raise OSError(message)
    if status == "bad-option":
        raise ValueError(message)
    raise RunError(result.errors)


def run(
    scenario: Union[PathLike, Mapping[str, Any]],
    output: Optional[PathLike] = None,
    *,
    stopTime: Optional[Union[str, int, float]] = None,
    RngRun: Optional[int] = None,
    attributes: Optional[Mapping[str, Any]] = None,
    plot: Optional[Union[str, int, float]] = None,
) -> Dict[str, Any]:
    """Run a scenario as vswitch-sim does and return its summary.

    scenario: a scenario file (str or os.PathLike) or the scenario as a dict (doc/scenario-
    format.rst; its error lines then name it "<dict>").
    output: a folder for summary.json, tables.txt and the captures (created when missing),
    as ``vswitch-sim --output``; None (the default) writes no file at all: the captures
    still run (their frame counts are in the summary) but their bytes go nowhere.
    stopTime: replaces the scenario's stopTime ("10s", "500ms"; a number is seconds), as
    ``--stopTime``.
    RngRun: ns-3's run number (``--RngRun``); None leaves ns-3's default (1, or what
    NS_GLOBAL_VALUE says).
    attributes: ns-3 attribute defaults, {"ns3::VSwitch::ReversePathFwdCheck": False, ...}
    (``--ns3::...=``); a name without "::" is an ns-3 global ("RngSeed", "SchedulerType").
    plot: a sampling interval ("100ms"; a number is seconds), as ``--plot``: writes
    uplink-load.csv, drops.csv and their pictures (uplink-load.png, drops.png) into
    output, which it needs.

    Returns the summary as summary.json holds it (the same keys and values; only
    "wallSeconds" depends on the machine). Before the run and after it, ns-3 is reset
    (Simulator::Destroy, Config::Reset, Names::Clear, the address allocators): a run never
    sees what an earlier one, or the caller, set. The GIL is released while the scenario is
    built and simulated; runs from several threads take turns.

    Ctrl-C (SIGINT) or SIGTERM while the simulation runs in the main thread stops it at the
    current event; the results so far are written to output (with "interrupted": true), and
    the signal then goes to Python's handler as usual (SIGINT: KeyboardInterrupt; when that
    handler does not raise, the summary is returned). A second signal goes to Python's
    handler at once.

    Raises ScenarioError (a ValueError; .errors is every error line) when the scenario has
    errors; FileNotFoundError or OSError when the file cannot be read or the output folder
    cannot be used; ValueError for an attribute that does not exist or refuses its value;
    RunError when the run fails (an output cannot be written). Warnings about the scenario
    are issued as ScenarioWarning.
    """
    args = _scenario_args(scenario)
    glob, attrs = _options(RngRun, attributes)
    out: Optional[str] = None
    if output is not None:
        out = os.fspath(output)
        if isinstance(out, bytes):
            out = os.fsdecode(out)
    main = threading.current_thread() is threading.main_thread()
    plot_text = ""
    if plot is not None:
        if out is None:
            raise ValueError("plot: the time series are files; give an output folder too")
        if isinstance(plot, bool) or not isinstance(plot, (str, int, float)) or plot == "":
            raise TypeError("plot: a sampling interval such as \"100ms\" or a number of seconds")
        plot_text = plot if isinstance(plot, str) else repr(plot) + "s"
    result = _core.run(
        output=out,
        plot=plot_text,
        stop_time=_stop_time(stopTime),
        globals=glob,
        attributes=attrs,
        handle_signals=main,
        **args,
    )
    for line in result.warnings:
        _warnings.warn(line, ScenarioWarning, stacklevel=2)
    if result.status != "ok":
        _raise_for(result, args.get("scenario_file"))
    if result.signal:
        # The run's handler took the signal; Python's own handler gets it now.
        _signal.raise_signal(result.signal)
    return json.loads(result.summary)


def validate(
    scenario: Union[PathLike, Mapping[str, Any]],
    *,
    stopTime: Optional[Union[str, int, float]] = None,
    warnings: bool = False,
) -> List[str]:
    """Check a scenario as ``vswitch-sim --validate`` does; builds and simulates nothing.

    Returns every error line, as vswitch-sim prints them ("FILE: JSON.PATH: what is wrong
    (what would be right)"); an empty list when the scenario is valid. With warnings=True
    the warnings come first, each as vswitch-sim prints it on stderr ("warning: FILE: ...").
    stopTime: as for run() (events after it are errors).

    A model error that only building finds (run() raises it as a ScenarioError) is not seen
    here, as with --validate. Raises FileNotFoundError or OSError when the file cannot be
    read.
    """
    args = _scenario_args(scenario)
    result = _core.validate(stop_time=_stop_time(stopTime), **args)
    if result.status == "no-scenario":
        _raise_for(result, args.get("scenario_file"))
    lines = list(result.errors)
    if warnings:
        lines = ["warning: " + w for w in result.warnings] + lines
    return lines
