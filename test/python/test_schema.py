# SPDX-License-Identifier: GPL-2.0-only
"""
The scenario schema (examples/vswitch-sim/scenario.schema.json) against the loader of
vswitch-sim and against the scenario files of the tree.

- the schema is a valid JSON Schema (draft 2020-12) and describes every property;
- every example and valid test scenario passes it;
- every broken test scenario fails it, except those broken only in ways a schema cannot
  see (SEMANTIC_ONLY below): that list is exactly the set of broken files that pass;
- structural breaks made here, one per case, in every section, fail it, and variations the
  loader accepts pass it;
- with VSWITCH_SIM set to the built vswitch-sim (CTest sets it), the loader agrees: OK
  with --validate for every valid file and accepted variation, exit status 2 and an error
  at the same JSON path for every structural break.

Run: python3 -m pytest -q test/python/test_schema.py (Debian: python3-pytest,
python3-jsonschema); VSWITCH_SIM=build/vswitch-sim for the loader cross-checks.
"""

import copy
import json
import os
import pathlib
import subprocess

import jsonschema
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCHEMA_FILE = ROOT / "examples" / "vswitch-sim" / "scenario.schema.json"
SCHEMA = json.loads(SCHEMA_FILE.read_text())
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)

VALID_FILES = (
    sorted((ROOT / "examples" / "scenarios").glob("*.json"))
    + sorted((ROOT / "examples" / "emulate").glob("*.json"))
    + sorted((ROOT / "test" / "scenarios").glob("*.json"))
)
BROKEN_FILES = sorted((ROOT / "test" / "scenarios" / "broken").glob("*.json"))

# The base of the inline cases: a valid scenario that uses nearly every key.
EVERY_KEY = ROOT / "test" / "scenarios" / "schema-every-key.json"

# Broken files that the schema accepts, because what is wrong in them is beyond a schema:
# a reference to something that does not exist, a duplicate, a rule across sections or
# entries, a time compared with stopTime, pktcap-uw's option grammar, or a check of the
# model while it builds. A new broken file that passes the schema must be added here with
# its reason, or the schema must learn to refuse it.
SEMANTIC_ONLY = {
    "bad-pktcap-option.json": "pktcap-uw option grammar (--dir 7)",
    "duplicate-ip.json": "duplicate address",
    "time-overflow.json": "the range of a time (1e300s has a time's syntax)",
    "duplicate-mac.json": "duplicate MAC",
    "duplicate-port-group.json": "duplicate port group on a host",
    "duplicate-vm-name.json": "duplicate VM name",
    "dvs-duplicate-port-group.json": "dvPortgroup names against the member hosts' port groups",
    "dvs-host-listed-twice.json": "a host joining a distributed switch twice",
    "dvs-name-clash.json": "distributed switch names against vSwitch names",
    "dvs-unknown-dvuplink.json": "reference to a dvUplink",
    "dvs-unknown-host.json": "reference to a host",
    "dvs-vmnic-already-an-uplink.json": "a vmnic taken by two switches",
    "dvs-vmnic-mapped-twice.json": "a vmnic mapped to two dvUplinks",
    "dvs-vmnic-not-a-nic.json": "reference to a host's NIC",
    "emulate-references.json": "emulate entries against switches, their ports, cables and LAGs",
    "event-after-stop.json": "an event time against stopTime",
    "lag-members-configured-differently.json": "LAG members against their port entries",
    "model-error-lag-member-mirror.json": "found by the model while building (not by --validate)",
    "nsx-vteps.json": "VTEP switch membership, duplicate addresses, gateway subnet, VTEP hosts",
    "router-ports.json": "router interfaces against switches and their ports",
    "teaming-unknown-uplink.json": "reference to an uplink",
    "two-links-one-port.json": "two cables on one port",
    "unknown-capture-vm.json": "reference to a VM",
    "unknown-link-host.json": "reference to a host",
    "unknown-port-group.json": "reference to a port group",
    "unknown-switch-port.json": "reference to a switch port",
    "unknown-traffic-vm.json": "reference to a traffic sender",
    "unknown-uplink-nic.json": "reference to a host's NIC",
    "vmotion-after-stop.json": "an event time against stopTime",
    "vmotion-destination-lacks-port-group.json": "the destination's port groups",
    "vmotion-nested-vm.json": "where the VM runs (a nested host's VM)",
    "vmotion-to-the-host-it-runs-on.json": "where the VM runs at that time",
    "vmotion-unknown-vm-or-host.json": "reference to a VM and a host",
    "vmotion-while-moving.json": "vMotions of one VM in time order",
}

# Broken files that are not JSON at all: no schema can accept them.
NOT_JSON = {"syntax-comment.json", "syntax-double-comma.json", "syntax-truncated.json"}


def schema_errors(doc):
    """Every error of the schema on doc, as (path list, message)."""
    return [(list(e.absolute_path), e.message) for e in VALIDATOR.iter_errors(doc)]


def loader_path(path):
    """A JSON path list in the loader's notation: hosts[0].vswitches[1].name, and a key that
    is no identifier (a dvUplink of a member's map) in brackets: uplinks["Uplink 1"]."""
    out = ""
    for p in path:
        if isinstance(p, int):
            out += f"[{p}]"
        elif not p.replace("_", "a").replace("$", "a").isalnum():
            out += f'["{p}"]'
        else:
            out += f".{p}" if out else p
    return out


def sim():
    """The built vswitch-sim, or skip the cross-check."""
    exe = os.environ.get("VSWITCH_SIM")
    if not exe:
        pytest.skip("VSWITCH_SIM is not set (the path of a built vswitch-sim; CTest sets it)")
    assert os.access(exe, os.X_OK), f"VSWITCH_SIM={exe} is not an executable"
    return exe


def validate(exe, scenario, cwd):
    """vswitch-sim --validate on one file: (exit status, stdout, stderr)."""
    r = subprocess.run(
        [exe, "--validate", f"--scenario={scenario}"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return r.returncode, r.stdout, r.stderr


def load(path):
    return json.loads(pathlib.Path(path).read_text())


# ------------------------------------------------------------------------------------------
# The schema itself


def test_schema_is_valid_under_its_metaschema():
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert jsonschema.validators.validator_for(SCHEMA) is jsonschema.Draft202012Validator


def _property_definitions(node, where, inside_condition=False):
    """(where, name, definition) of every property definition outside if/then/else/not."""
    if isinstance(node, dict):
        for key, value in node.items():
            condition = inside_condition or key in ("if", "then", "else", "not")
            if key == "properties" and isinstance(value, dict) and not condition:
                for name, definition in value.items():
                    yield where, name, definition
            yield from _property_definitions(value, f"{where}/{key}", condition)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _property_definitions(value, f"{where}/{i}", inside_condition)


def test_every_property_has_a_description():
    found = list(_property_definitions(SCHEMA, "#"))
    assert len(found) > 150, "the walk found the properties"
    missing = [
        f"{where}: {name}"
        for where, name, d in found
        if not (isinstance(d, dict) and d.get("description", "").strip())
    ]
    assert missing == []


def test_objects_refuse_unknown_keys():
    """Every object definition says additionalProperties false, as the loader does, except
    the map of a distributed switch member's dvUplinks to vmnics (any dvUplink name)."""
    open_objects = []
    for name, d in SCHEMA["$defs"].items():
        if d.get("type") == "object" and d.get("additionalProperties") is not False:
            open_objects.append(name)
    assert open_objects == []
    assert SCHEMA["additionalProperties"] is False
    uplinks = SCHEMA["$defs"]["dvsHost"]["properties"]["uplinks"]
    assert uplinks["additionalProperties"] == {"$ref": "#/$defs/name"}


def test_top_level_keys_are_the_loaders():
    assert set(SCHEMA["properties"]) == {
        "$schema", "name", "description", "stopTime", "switches", "routers", "hosts",
        "distributedSwitches", "links", "nsx", "traffic", "events", "captures", "emulate",
        "realtime",
    }


def test_the_smallest_scenario_and_a_schema_key_pass():
    assert schema_errors({}) == []
    assert schema_errors({"$schema": "scenario.schema.json"}) == []
    assert schema_errors({"$schema": 1}) != []


# ------------------------------------------------------------------------------------------
# The files of the tree


def test_the_tree_has_scenario_files():
    assert len(VALID_FILES) >= 12
    assert EVERY_KEY in VALID_FILES
    assert len(BROKEN_FILES) >= 50


@pytest.mark.parametrize("path", VALID_FILES, ids=lambda p: p.name)
def test_valid_file_passes_the_schema(path):
    assert schema_errors(load(path)) == []


def test_every_key_file_uses_the_schema_key():
    doc = load(EVERY_KEY)
    referenced = (EVERY_KEY.parent / doc["$schema"]).resolve()
    assert referenced == SCHEMA_FILE.resolve()


@pytest.mark.parametrize("path", BROKEN_FILES, ids=lambda p: p.name)
def test_broken_file_fails_the_schema_unless_semantic_only(path):
    try:
        doc = json.loads(path.read_text())
    except json.JSONDecodeError:
        assert path.name in NOT_JSON, f"{path.name} is not JSON: add it to NOT_JSON"
        return
    assert path.name not in NOT_JSON, f"{path.name} parses: remove it from NOT_JSON"
    errors = schema_errors(doc)
    if path.name in SEMANTIC_ONLY:
        assert errors == [], f"{path.name} fails the schema now: remove it from SEMANTIC_ONLY"
    else:
        assert errors != [], (
            f"{path.name} passes the schema: refuse it in the schema, or list it in "
            "SEMANTIC_ONLY with the reason no schema can see its error"
        )


def test_semantic_only_is_exactly_the_broken_files_that_pass():
    names = {p.name for p in BROKEN_FILES}
    assert set(SEMANTIC_ONLY) <= names, "SEMANTIC_ONLY names files that do not exist"
    assert NOT_JSON <= names, "NOT_JSON names files that do not exist"
    passing = set()
    for p in BROKEN_FILES:
        if p.name not in NOT_JSON and schema_errors(json.loads(p.read_text())) == []:
            passing.add(p.name)
    assert passing == set(SEMANTIC_ONLY)


@pytest.mark.parametrize("path", VALID_FILES, ids=lambda p: p.name)
def test_valid_file_is_ok_for_the_loader(path, tmp_path):
    status, out, err = validate(sim(), path, tmp_path)
    assert (status, out.strip()) == (0, "OK"), err


# ------------------------------------------------------------------------------------------
# Breaks of structure made here, and variations the loader accepts

DELETE = object()


class Case:
    """Changes to the every-key scenario: (path, value) pairs, value DELETE to remove the key.
    where: the JSON path the error is reported at (default: the last change's path); the
    schema may report it there or at the object holding it."""

    def __init__(self, name, *changes, where=None):
        self.name = name
        self.changes = changes
        self.where = list(where if where is not None else changes[-1][0])

    def apply(self, doc):
        doc = copy.deepcopy(doc)
        for path, value in self.changes:
            parent = doc
            for p in path[:-1]:
                parent = parent[p]
            if value is DELETE:
                del parent[path[-1]]
            else:
                parent[path[-1]] = value
        return doc


H0 = ["hosts", 0]
VS0 = H0 + ["vswitches", 0]
VS1 = H0 + ["vswitches", 1]
VM1 = H0 + ["vms", 0]
NESTED = H0 + ["vms", 3]
SW0 = ["switches", 0]
DVS = ["distributedSwitches", 0]
NSX = ["nsx"]

BREAKS = [
    # top level
    Case("top-unknown-key", (["emulation"], [])),
    # real hosts in the loop
    Case("emulate-not-an-array", (["emulate"], {})),
    Case("emulate-tap-too-long", (["emulate"], [{"switch": "pswitch1", "port": "Gi0/9",
                                                 "tap": "a-tap-name-too-long"}]),
         where=["emulate", 0, "tap"]),
    Case("emulate-without-tap", (["emulate"], [{"switch": "pswitch1", "port": "Gi0/9"}]),
         where=["emulate", 0, "tap"]),
    Case("realtime-unknown-mode", (["realtime"], {"synchronization": "hard"}),
         where=["realtime", "synchronization"]),
    Case("top-schema-not-a-string", (["$schema"], 5)),
    Case("top-name-not-a-folder-name", (["name"], "-lab")),
    Case("top-stoptime-without-unit", (["stopTime"], "10")),
    Case("top-description-not-a-string", (["description"], 1)),
    Case("top-hosts-not-an-array", (["hosts"], {})),
    # physical switches
    Case("switch-ports-not-an-array", (["switches", 1, "ports"], {})),
    Case("switch-missing-ports", (["switches", 1, "ports"], DELETE)),
    Case("switch-macagingtime-not-a-time", (SW0 + ["macAgingTime"], "5 min")),
    Case("port-mode-not-a-mode", (SW0 + ["ports", 0, "mode"], "hybrid")),
    Case("port-vlan-on-a-trunk", (SW0 + ["ports", 0, "vlan"], 100)),
    Case("port-vlans-on-an-access-port", (SW0 + ["ports", 6, "vlans"], [100])),
    Case("port-nativevlan-on-a-default-access-port", (SW0 + ["ports", 9, "nativeVlan"], 1)),
    Case("port-vlans-empty", (SW0 + ["ports", 0, "vlans"], [])),
    Case("port-vlans-item-0",
         (SW0 + ["ports", 1, "vlans"], [0]), where=SW0 + ["ports", 1, "vlans", 0]),
    Case("port-access-vlan-4095", (SW0 + ["ports", 6, "vlan"], 4095)),
    Case("port-vlan-a-fraction", (SW0 + ["ports", 6, "vlan"], 100.5)),
    Case("port-unknown-key", (SW0 + ["ports", 2, "speed"], "10G")),
    Case("mirror-direction-not-a-direction", (SW0 + ["mirrors", 0, "direction"], "ingress")),
    Case("mirror-sources-empty", (SW0 + ["mirrors", 0, "sources"], [])),
    Case("mirror-missing-destination", (SW0 + ["mirrors", 0, "destination"], DELETE)),
    Case("lag-missing-members", (["switches", 1, "lags", 0, "members"], DELETE)),
    Case("lag-members-not-names",
         (["switches", 1, "lags", 0, "members"], ["Gi0/1", 2]),
         where=["switches", 1, "lags", 0, "members", 1]),
    Case("switch-host-prefix-33", (SW0 + ["hosts", 0, "ip"], "192.168.100.50/33")),
    Case("switch-host-gateway-without-ip",
         (SW0 + ["hosts", 0, "ip"], DELETE), where=SW0 + ["hosts", 0, "gateway"]),
    Case("switch-host-missing-port", (SW0 + ["hosts", 0, "port"], DELETE)),
    # routers
    Case("router-name-with-a-space", (["routers", 0, "name"], "r 1")),
    Case("router-interfaces-empty", (["routers", 0, "interfaces"], [])),
    Case("router-interface-mtu-67", (["routers", 0, "interfaces", 0, "mtu"], 67)),
    Case("router-interface-missing-ip", (["routers", 0, "interfaces", 2, "ip"], DELETE)),
    Case("router-interface-vlan-0", (["routers", 0, "interfaces", 1, "vlan"], 0)),
    Case("router-multicastrouting-a-string", (["routers", 0, "multicastRouting"], "yes")),
    # ESXi hosts, vSwitches, policies, port groups, vmknics, VMs, nested hosts
    Case("host-name-with-a-slash", (["hosts", 1, "name"], "esxi/02")),
    Case("host-nic-listed-twice",
         (["hosts", 1, "nics"], ["vmnic0", "vmnic1", "vmnic0"]), where=["hosts", 1, "nics", 2]),
    Case("host-unknown-key", (["hosts", 1, "cpu"], 8)),
    Case("vswitch-type-not-a-type", (VS0 + ["type"], "dvs")),
    Case("vswitch-missing-name", (VS0 + ["name"], DELETE)),
    Case("vswitch-uplinks-not-an-array", (VS1 + ["uplinks"], "vmnic2")),
    Case("security-value-not-accept-or-reject", (VS0 + ["security", "promiscuous"], "allow")),
    Case("security-unknown-key", (VS0 + ["security", "forgedTransmit"], "accept")),
    Case("teaming-loadbalancing-not-a-policy", (VS0 + ["teaming", "loadBalancing"], "round-robin")),
    Case("teaming-ip-hash-with-standby",
         (VS0 + ["teaming", "loadBalancing"], "ip-hash"), where=VS0 + ["teaming", "standby"]),
    Case("teaming-physical-nic-load-on-standard",
         (VS0 + ["teaming", "loadBalancing"], "physical-nic-load")),
    Case("teaming-failback-a-string", (VS0 + ["teaming", "failback"], "true")),
    Case("teaming-active-not-an-array", (VS0 + ["teaming", "active"], "vmnic0")),
    Case("teaming-active-listed-twice",
         (VS0 + ["teaming", "active"], ["vmnic0", "vmnic0"]), where=VS0 + ["teaming", "active", 1]),
    Case("teaming-failuredetection-not-a-mode", (VS1 + ["teaming", "failureDetection"], "beacon")),
    Case("learning-on-a-standard-port-group",
         (VS0 + ["portGroups", 0, "macLearning"], {"enabled": True}),
         where=VS0 + ["portGroups", 0, "macLearning", "enabled"]),
    Case("learning-limitpolicy-not-a-policy", (VS1 + ["macLearning", "limitPolicy"], "block")),
    Case("learning-agingtime-without-unit", (VS1 + ["macLearning", "agingTime"], "600")),
    Case("learning-limit-0", (VS1 + ["portGroups", 0, "macLearning", "limit"], 0)),
    Case("port-group-vlan-4096", (VS0 + ["portGroups", 0, "vlan"], 4096)),
    Case("port-group-vlan-a-string", (VS0 + ["portGroups", 0, "vlan"], "100")),
    Case("port-group-missing-name", (VS1 + ["portGroups", 0, "name"], DELETE)),
    Case("vmknic-missing-port-group", (H0 + ["vmknics", 0, "portGroup"], DELETE)),
    Case("vmknic-mac-with-dashes", (H0 + ["vmknics", 0, "mac"], "00-50-56-60-00-11")),
    Case("vm-nics-empty", (H0 + ["vms", 2, "nics"], [])),
    Case("vm-missing-nics", (H0 + ["vms", 2, "nics"], DELETE)),
    Case("vm-name-with-a-colon", (H0 + ["vms", 2, "name"], "vm:5")),
    Case("vm-poweron-not-a-time", (VM1 + ["powerOn"], "soon")),
    Case("vm-nic-gateway-without-ip",
         (H0 + ["vms", 2, "nics", 0, "gateway"], "192.168.100.1"),
         where=H0 + ["vms", 2, "nics", 0, "gateway"]),
    Case("vm-nic-all-zero-mac", (VM1 + ["nics", 0, "mac"], "00:00:00:00:00:00")),
    Case("vm-nic-multicast-mac", (VM1 + ["nics", 0, "mac"], "01:50:56:9d:43:42")),
    Case("vm-nic-promiscuous-a-string", (VM1 + ["nics", 0, "promiscuous"], "on")),
    Case("vm-nic-ip-broadcast", (H0 + ["vms", 2, "nics", 0, "ip"], "255.255.255.255/32")),
    Case("vm-nic-ip-multicast", (H0 + ["vms", 2, "nics", 0, "ip"], "239.255.255.254/24")),
    Case("vm-nic-ip-localhost", (H0 + ["vms", 2, "nics", 0, "ip"], "127.0.0.1/8")),
    Case("vm-nic-ip-prefix-0", (H0 + ["vms", 2, "nics", 0, "ip"], "10.0.0.1/0")),
    Case("vm-nic-ip-prefix-three-digits", (H0 + ["vms", 2, "nics", 0, "ip"], "10.0.0.1/024")),
    Case("vm-nic-gateway-multicast", (VM1 + ["nics", 0, "gateway"], "224.0.0.1")),
    Case("nested-host-with-a-name", (NESTED + ["nestedHost", "name"], "n1")),
    Case("nested-host-vnic-with-an-ip", (NESTED + ["nics", 0, "ip"], "192.168.100.40/24")),
    Case("nested-vm-missing-name", (NESTED + ["nestedHost", "vms", 0, "name"], DELETE)),
    Case("nested-vmknic-unknown-key", (NESTED + ["nestedHost", "vmknics", 0, "vlan"], 100)),
    # distributed switches
    Case("dvs-version-a-number", (DVS + ["version"], 7.0)),
    Case("dvs-version-not-a-version", (DVS + ["version"], "8.0")),
    Case("dvs-mtu-9001", (DVS + ["mtu"], 9001)),
    Case("dvs-uplinks-empty", (DVS + ["uplinks"], [])),
    Case("dvs-uplink-listed-twice",
         (DVS + ["uplinks"], ["Uplink 1", "Uplink 2", "Uplink 1"]), where=DVS + ["uplinks", 2]),
    Case("dvs-6.5-with-mac-learning",
         (DVS + ["version"], "6.5"), where=DVS + ["portGroups", 0, "macLearning", "enabled"]),
    Case("dvs-member-uplink-not-a-name",
         (DVS + ["hosts", 0, "uplinks"], {"Uplink 1": 3}),
         where=DVS + ["hosts", 0, "uplinks", "Uplink 1"]),
    Case("dvs-member-uplinks-an-array", (DVS + ["hosts", 1, "uplinks"], ["vmnic0"])),
    Case("dvs-member-missing-host", (DVS + ["hosts", 1, "host"], DELETE)),
    Case("dvs-port-group-unknown-key", (DVS + ["portGroups", 0, "vlanId"], 100)),
    # links
    Case("link-end-without-colon", (["links", 1, "b"], "pswitch1-Gi0/2")),
    Case("link-datarate-without-bps", (["links", 0, "dataRate"], "10G")),
    Case("link-delay-with-a-space", (["links", 0, "delay"], "1 us")),
    Case("link-mtu-9217", (["links", 0, "mtu"], 9217)),
    Case("link-missing-b", (["links", 1, "b"], DELETE)),
    # nsx
    Case("nsx-not-an-object", (NSX, [])),
    Case("nsx-unknown-key", (NSX + ["transportZones"], [])),
    Case("nsx-controllers-empty", (NSX + ["controllers"], [])),
    Case("nsx-controller-ip-with-prefix", (NSX + ["controllers", 0, "ip"], "192.168.110.201/24")),
    Case("nsx-controller-missing-name", (NSX + ["controllers", 2, "name"], DELETE)),
    Case("nsx-controlplanedelay-without-unit", (NSX + ["controlPlaneDelay"], "2")),
    Case("nsx-udpport-0", (NSX + ["udpPort"], 0)),
    Case("nsx-vni-4999", (NSX + ["logicalSwitches", 0, "vni"], 4999)),
    Case("nsx-vni-16777216", (NSX + ["logicalSwitches", 0, "vni"], 16777216)),
    Case("nsx-replication-not-a-mode", (NSX + ["logicalSwitches", 0, "replication"], "broadcast")),
    Case("nsx-hybrid-without-group", (NSX + ["logicalSwitches", 1, "multicastGroup"], DELETE)),
    Case("nsx-group-not-multicast", (NSX + ["logicalSwitches", 1, "multicastGroup"], "240.0.0.1")),
    Case("nsx-arpsuppression-a-string", (NSX + ["logicalSwitches", 0, "arpSuppression"], "on")),
    Case("nsx-vtep-vmk-not-vmkn", (NSX + ["vteps", 0, "vmk"], "vxlan3")),
    Case("nsx-vtep-vlan-4095", (NSX + ["vteps", 0, "vlan"], 4095)),
    Case("nsx-vtep-missing-ip", (NSX + ["vteps", 1, "ip"], DELETE)),
    Case("nsx-vtep-missing-vswitch", (NSX + ["vteps", 1, "vswitch"], DELETE)),
    Case("nsx-vtep-unknown-key", (NSX + ["vteps", 0, "mtu"], 1600)),
    # traffic
    Case("traffic-type-not-a-type", (["traffic", 0, "type"], "icmp")),
    Case("traffic-missing-type", (["traffic", 0, "type"], DELETE)),
    Case("traffic-not-an-object", (["traffic", 0], "ping vm1")),
    Case("ping-with-rate", (["traffic", 0, "rate"], "1Mbps")),
    Case("ping-to-with-a-port", (["traffic", 0, "to"], "192.168.100.12:80")),
    Case("ping-to-octet-256", (["traffic", 0, "to"], "192.168.100.256")),
    Case("ping-count-0", (["traffic", 0, "count"], 0)),
    Case("ping-size-65001", (["traffic", 0, "size"], 65001)),
    Case("ping-identifier-65536", (["traffic", 0, "identifier"], 65536)),
    Case("ping-interval-with-a-space", (["traffic", 0, "interval"], "1 s")),
    Case("ping-missing-to", (["traffic", 5, "to"], DELETE)),
    Case("udp-to-without-port", (["traffic", 1, "to"], "192.168.100.11")),
    Case("udp-port-0", (["traffic", 1, "to"], "192.168.100.11:0")),
    Case("udp-port-six-digits", (["traffic", 1, "to"], "192.168.100.11:000080")),
    Case("udp-size-0", (["traffic", 1, "size"], 0)),
    Case("udp-rate-with-a-space", (["traffic", 1, "rate"], "10 Mbps")),
    Case("udp-with-interval", (["traffic", 1, "interval"], "1s")),
    Case("tcp-port-65536", (["traffic", 2, "to"], "192.168.100.12:65536")),
    Case("tcp-with-rate", (["traffic", 2, "rate"], "1Gbps")),
    Case("static-arp-missing-mac", (["traffic", 3, "mac"], DELETE)),
    Case("static-arp-ip-with-prefix", (["traffic", 3, "ip"], "192.168.100.50/24")),
    Case("static-arp-with-from", (["traffic", 3, "from"], "vm1")),
    Case("garp-missing-at", (["traffic", 4, "at"], DELETE)),
    Case("garp-with-start", (["traffic", 4, "start"], "1s")),
    # events
    Case("event-missing-at", (["events", 2, "at"], DELETE)),
    Case("event-type-not-a-type", (["events", 2, "type"], "cable-cut")),
    Case("event-not-an-object", (["events", 2], "link-down")),
    Case("link-down-with-port", (["events", 2, "port"], "pswitch1:Gi0/2")),
    Case("link-down-link-without-colon", (["events", 2, "link"], "vmnic1")),
    Case("blackhole-direction-not-a-direction", (["events", 4, "direction"], "in")),
    Case("blackhole-missing-port", (["events", 5, "port"], DELETE)),
    Case("storm-control-missing-level", (["events", 6, "level"], DELETE)),
    Case("storm-control-traffic-not-a-kind", (["events", 6, "traffic"], "bcast")),
    Case("guest-mac-five-bytes", (["events", 7, "mac"], "02:00:00:00:00")),
    Case("guest-mac-missing-vm", (["events", 7, "vm"], DELETE)),
    Case("vnic-reconnect-nic-64", (["events", 8, "nic"], 64)),
    Case("vmotion-missing-to", (["events", 9, "to"], DELETE)),
    Case("vmotion-stun-not-a-time", (["events", 9, "stun"], "half a second")),
    Case("vmotion-with-nic", (["events", 9, "nic"], 0)),
    Case("controller-down-missing-controller", (["events", 0, "controller"], DELETE)),
    # captures
    Case("switch-capture-with-pktcap", (["captures", 4, "pktcap"], "--dir 2")),
    Case("switch-capture-missing-port", (["captures", 4, "port"], DELETE)),
    Case("pktcap-session-with-port", (["captures", 1, "port"], "Gi0/1")),
    Case("pktcap-session-nic-without-vm", (["captures", 1, "nic"], 0)),
    Case("pktcap-session-without-host-or-vm", (["captures", 1, "host"], DELETE)),
    Case("capture-output-summary-json", (["captures", 2, "output"], "summary.json")),
    Case("capture-output-partial", (["captures", 2, "output"], "drops.pcapng.partial")),
    Case("capture-output-hidden", (["captures", 2, "output"], ".drops.pcapng")),
    Case("capture-output-with-a-slash", (["captures", 2, "output"], "out/drops.pcapng")),
    Case("capture-insertvlantag-a-string", (["captures", 0, "insertVlanTag"], "yes")),
    Case("capture-nic-64", (["captures", 0, "nic"], 64)),
    Case("capture-unknown-key", (["captures", 0, "file"], "x.pcap")),
    Case("capture-pktcap-an-array", (["captures", 1, "pktcap"], ["--uplink", "vmnic0"])),
    Case("ip-loopback-but-not-127.0.0.1", (H0 + ["vms", 2, "nics", 0, "ip"], "127.0.0.2/8")),
    Case("ip-class-e", (H0 + ["vms", 2, "nics", 0, "ip"], "240.0.0.5/24")),
    Case("ip-this-network", (H0 + ["vms", 2, "nics", 0, "ip"], "0.1.2.3/8")),
]

ACCEPTED = [
    Case("no-schema-key", (["$schema"], DELETE)),
    Case("emulate-a-free-port-in-real-time",
         (["emulate"], [{"switch": "pswitch1", "port": "Gi0/8", "tap": "vsw0", "create": True,
                         "ip": "192.168.100.200/24"}]),
         (["realtime"], {"synchronization": "hard-limit", "hardLimit": "50ms",
                         "sampleInterval": "5ms", "lateThreshold": "2ms"})),
    Case("integer-written-with-a-fraction", (SW0 + ["ports", 6, "vlan"], 100.0)),
    Case("time-with-exponent", (["stopTime"], "2e1s")),
    Case("time-with-signed-exponent", (["stopTime"], "2E+1s")),
    Case("time-with-trailing-point", (["stopTime"], "20.s")),
    Case("time-fraction-without-leading-digit", (["stopTime"], ".5min")),
    Case("time-in-hours", (["stopTime"], "0.0056h")),
    Case("rate-b-per-s", (["traffic", 1, "rate"], "1.5Mb/s")),
    Case("rate-binary-unit", (["traffic", 1, "rate"], "2KiB/s")),
    Case("rate-bytes", (["links", 0, "dataRate"], "1.25GBps")),
    Case("mac-in-capitals", (VM1 + ["nics", 0, "mac"], "00:50:56:9D:43:4A")),
    Case("ip-with-leading-zeros", (H0 + ["vms", 2, "nics", 0, "ip"], "010.000.000.001/24")),
    Case("ip-prefix-with-leading-zero", (H0 + ["vms", 2, "nics", 0, "ip"], "10.0.0.1/08")),
    Case("ip-prefix-31-network-address", (H0 + ["vms", 2, "nics", 0, "ip"], "10.0.0.0/31")),
    Case("udp-port-with-leading-zero", (["traffic", 1, "to"], "192.168.100.11:09000")),
    Case("udp-port-65535", (["traffic", 1, "to"], "192.168.100.11:65535")),
    Case("trunk-without-vlans", (SW0 + ["ports", 1, "vlans"], DELETE)),
    Case("access-port-without-mode", (SW0 + ["ports", 6, "mode"], DELETE)),
    Case("lag-of-one-member-found-at-build", (["switches", 1, "lags", 0, "members"], ["Gi0/1"])),
    Case("ip-hash-with-empty-standby",
         (VS0 + ["teaming"], {"loadBalancing": "ip-hash", "standby": []})),
    Case("capture-vm-without-host", (["captures", 0, "host"], DELETE)),
    Case("capture-without-pktcap", (["captures", 4], {"host": "esxi01", "vm": "vm1"})),
    Case("nested-host-without-nics", (NESTED + ["nestedHost", "nics"], DELETE)),
    Case("unicast-with-multicast-group-warns",
         (NSX + ["logicalSwitches", 0, "multicastGroup"], "239.0.0.1")),
    Case("empty-vswitch-list-and-vmknics", (["hosts", 1, "vmknics"], [])),
    Case("ping-to-any-address", (["traffic", 0, "to"], "255.255.255.255")),
    # the ends of the ranges
    Case("access-vlan-4094", (SW0 + ["ports", 6, "vlan"], 4094)),
    Case("trunk-vlans-1-and-4094", (SW0 + ["ports", 1, "vlans"], [1, 50, 100, 4094])),
    Case("port-group-vlan-4095", (VS0 + ["portGroups", 0, "vlan"], 4095)),
    Case("learning-limit-1", (VS1 + ["portGroups", 0, "macLearning", "limit"], 1)),
    Case("link-mtu-68-and-9216", (["links", 1, "mtu"], 68), (["links", 2, "mtu"], 9216)),
    Case("dvs-mtu-1280", (DVS + ["mtu"], 1280)),
    Case("router-interface-vlan-4094", (SW0 + ["ports", 8, "vlans"], [250, 4094]),
         (["routers", 0, "interfaces", 1, "vlan"], 4094)),
    Case("vni-5000-and-16777215", (NSX + ["logicalSwitches", 0, "vni"], 5000),
         (NSX + ["logicalSwitches", 1, "vni"], 16777215)),
    Case("udp-port-1-and-size-65000", (["traffic", 1, "to"], "192.168.100.11:1"),
         (["traffic", 1, "size"], 65000)),
    Case("ping-size-0-and-identifier-65535", (["traffic", 0, "size"], 0),
         (["traffic", 0, "identifier"], 65535)),
    Case("storm-control-level-0", (["events", 6, "level"], 0)),
    Case("time-of-40-characters", (["stopTime"], "00000000000000000000000000000000000020.s")),
]


def test_cases_have_unique_names_and_apply():
    names = [c.name for c in BREAKS + ACCEPTED]
    assert len(names) == len(set(names))
    base = load(EVERY_KEY)
    for c in BREAKS + ACCEPTED:
        # As text: 100.0 == 100 in Python, not in the file the loader reads.
        assert json.dumps(c.apply(base)) != json.dumps(base), c.name


@pytest.mark.parametrize("case", BREAKS, ids=lambda c: c.name)
def test_structural_break_fails_the_schema_where_it_is(case):
    errors = schema_errors(case.apply(load(EVERY_KEY)))
    assert errors != [], "the schema accepts it"
    at = [path for path, _ in errors]
    assert case.where in at or case.where[:-1] in at, errors


@pytest.mark.parametrize("case", ACCEPTED, ids=lambda c: c.name)
def test_accepted_variation_passes_the_schema(case):
    assert schema_errors(case.apply(load(EVERY_KEY))) == []


@pytest.mark.parametrize("case", BREAKS, ids=lambda c: c.name)
def test_structural_break_is_an_error_for_the_loader_at_the_same_path(case, tmp_path):
    exe = sim()
    (tmp_path / "case.json").write_text(json.dumps(case.apply(load(EVERY_KEY)), indent=1))
    status, out, err = validate(exe, "case.json", tmp_path)
    assert status == 2, out + err
    where = loader_path(case.where) or "(top level)"
    assert f"case.json: {where}: " in err, err


@pytest.mark.parametrize("case", ACCEPTED, ids=lambda c: c.name)
def test_accepted_variation_is_ok_for_the_loader(case, tmp_path):
    exe = sim()
    (tmp_path / "case.json").write_text(json.dumps(case.apply(load(EVERY_KEY)), indent=1))
    status, out, err = validate(exe, "case.json", tmp_path)
    assert (status, out.strip()) == (0, "OK"), err
