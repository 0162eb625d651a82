/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim: reading the sections that describe equipment: physical switches (ports,
 * mirrors, LAGs), ESXi hosts (NICs, vSwitches, port groups and their policies, vmknics,
 * VMs, nested hosts) and distributed switches; and "host:nic" link ends.
 */
#include "scenario-checker.h"
#include "scenario-loader-internal.h"
#include "scenario-loader-nsx.h"
#include "scenario-loader-underlay.h"
#include "scenario.h"

#include "ns3/config-error.h"
#include "ns3/log.h"
#include "ns3/physical-switch.h"
#include "ns3/pktcap-options.h"
#include "ns3/vmotion.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <cstdlib>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <sstream>

NS_LOG_COMPONENT_DEFINE("VswitchSimLoaderHosts");

namespace vsim
{
namespace loader
{

ns3::SecurityPolicy
ParseSecurity(Checker& c, const json::object& parent, const std::string& path)
{
    ns3::SecurityPolicy s;
    const json::value* v = parent.if_contains("security");
    if (!v)
    {
        return s;
    }
    std::string p = Checker::Key(path, "security");
    const json::object* o = c.Object(*v, p, {"promiscuous", "macChanges", "forgedTransmits"});
    if (!o)
    {
        return s;
    }
    auto set = [&](const char* key, ns3::PolicySetting& out) {
        auto val = c.Choice(*o, key, p, {"accept", "reject"}, false);
        if (val)
        {
            out = *val == "accept" ? ns3::PolicySetting::Accept : ns3::PolicySetting::Reject;
        }
    };
    set("promiscuous", s.promiscuous);
    set("macChanges", s.macChanges);
    set("forgedTransmits", s.forgedTransmits);
    return s;
}

ns3::TeamingPolicy
ParseTeaming(Checker& c, const json::object& parent, const std::string& path)
{
    ns3::TeamingPolicy t;
    const json::value* v = parent.if_contains("teaming");
    if (!v)
    {
        return t;
    }
    std::string p = Checker::Key(path, "teaming");
    const json::object* o = c.Object(
        *v,
        p,
        {"loadBalancing", "active", "standby", "failureDetection", "notifySwitches", "failback"});
    if (!o)
    {
        return t;
    }
    auto lb = c.Choice(
        *o,
        "loadBalancing",
        p,
        {"originating-port", "source-mac", "ip-hash", "explicit-failover", "physical-nic-load"},
        false);
    if (lb)
    {
        ns3::LoadBalancing x;
        ns3::LoadBalancingFromString(*lb, x);
        t.loadBalancing = x;
    }
    if (o->contains("active"))
    {
        t.active = c.StringList(*o, "active", p, "\"vmnic2\"");
    }
    if (o->contains("standby"))
    {
        t.standby = c.StringList(*o, "standby", p, "\"vmnic3\"");
    }
    auto fd = c.Choice(*o, "failureDetection", p, {"link-status", "beacon-probing"}, false);
    if (fd)
    {
        ns3::FailureDetection x;
        ns3::FailureDetectionFromString(*fd, x);
        t.failureDetection = x;
    }
    if (auto b = c.Bool(*o, "notifySwitches", p))
    {
        t.notifySwitches = *b;
    }
    if (auto b = c.Bool(*o, "failback", p))
    {
        t.failback = *b;
    }
    return t;
}

ns3::MacLearningPolicy
ParseLearning(Checker& c, const json::object& parent, const std::string& path)
{
    ns3::MacLearningPolicy l;
    const json::value* v = parent.if_contains("macLearning");
    if (!v)
    {
        return l;
    }
    std::string p = Checker::Key(path, "macLearning");
    const json::object* o =
        c.Object(*v, p, {"enabled", "allowUnicastFlooding", "limit", "limitPolicy", "agingTime"});
    if (!o)
    {
        return l;
    }
    if (auto b = c.Bool(*o, "enabled", p))
    {
        l.enabled = *b;
    }
    if (auto b = c.Bool(*o, "allowUnicastFlooding", p))
    {
        l.allowUnicastFlooding = *b;
    }
    if (auto n = c.Int(*o, "limit", p, 1, 4096, false))
    {
        l.limit = static_cast<uint32_t>(*n);
    }
    if (auto s = c.Choice(*o, "limitPolicy", p, {"drop", "allow"}, false))
    {
        l.limitPolicy = *s == "drop" ? ns3::MacLimitPolicy::Drop : ns3::MacLimitPolicy::Allow;
    }
    if (auto t = c.TimeMember(*o, "agingTime", p, false, ns3::Seconds(1), MaxTime()))
    {
        l.agingTime = *t;
    }
    return l;
}

/// A port group (of a vSwitch, or a dvPortgroup); false when it is not an object.
bool
ParsePortGroup(Checker& c, const json::value& v, const std::string& path, PortGroupConfig& g)
{
    g.path = path;
    const json::object* o =
        c.Object(v, path, {"name", "vlan", "security", "teaming", "macLearning"});
    if (!o)
    {
        return false;
    }
    g.name = c.String(*o, "name", path, true, "\"VM Network\"").value_or("");
    g.vlan = static_cast<uint16_t>(c.Int(*o, "vlan", path, 0, 4095, false).value_or(0));
    g.security = ParseSecurity(c, *o, path);
    g.teaming = ParseTeaming(c, *o, path);
    g.learning = ParseLearning(c, *o, path);
    return true;
}

void ParseHostBody(Checker& c,
                   const json::object& o,
                   const std::string& path,
                   HostConfig& h,
                   int depth);

void
ParseVm(Checker& c,
        const json::value& v,
        const std::string& path,
        VmConfig& vm,
        const HostConfig& host,
        int depth)
{
    vm.path = path;
    const json::object* o = c.Object(v, path, {"name", "nics", "nestedHost", "powerOn"});
    if (!o)
    {
        return;
    }
    vm.name = c.String(*o, "name", path, true, "\"vm1\"").value_or("");
    vm.powerOn = c.TimeMember(*o, "powerOn", path, false, ns3::Time(0), MaxTime());
    if (vm.name.find_first_of("/:") != std::string::npos)
    {
        c.Error(Checker::Key(path, "name"),
                "\"" + vm.name + "\" contains '/' or ':' (they separate names in references)");
    }
    vm.ref = host.ref + "/" + vm.name;
    if (!o->contains("nics"))
    {
        c.Error(
            Checker::Key(path, "nics"),
            "missing (required: at least one vNIC, e.g. [ { \"portGroup\": \"VM Network\" } ])");
    }
    c.ForEach(*o, "nics", path, [&](const json::value& nv, const std::string& np) {
        VmNicConfig nic;
        nic.path = np;
        const json::object* no =
            c.Object(nv, np, {"portGroup", "mac", "ip", "gateway", "promiscuous"});
        if (!no)
        {
            vm.nics.push_back(nic);
            return;
        }
        nic.portGroup = c.String(*no, "portGroup", np, true, "\"VM Network\"").value_or("");
        nic.mac = c.Mac(*no, "mac", np, false);
        nic.ip = c.InterfaceIp(*no, "ip", np);
        nic.gateway = ParseGateway(c, *no, np, nic.ip);
        nic.promiscuous = c.Bool(*no, "promiscuous", np).value_or(false);
        vm.nics.push_back(nic);
    });
    if (o->contains("nics") && vm.nics.empty() && o->at("nics").is_array())
    {
        c.Error(Checker::Key(path, "nics"), "a VM needs at least one vNIC");
    }
    if (const json::value* nv = o->if_contains("nestedHost"))
    {
        std::string np = Checker::Key(path, "nestedHost");
        if (depth >= 8)
        {
            c.Error(np, "nested more than 8 levels deep (flatten the scenario)");
            return;
        }
        const json::object* no = c.Object(*nv, np, {"nics", "vswitches", "vmknics", "vms"});
        if (!no)
        {
            return;
        }
        vm.nested = std::make_unique<HostConfig>();
        vm.nested->name = vm.name;
        vm.nested->ref = vm.ref;
        vm.nested->nested = true;
        ParseHostBody(c, *no, np, *vm.nested, depth + 1);
        // The nested host's NICs are the VM's vNICs, vmnic0 being nics[0].
        std::vector<std::string> expected;
        for (std::size_t i = 0; i < vm.nics.size(); ++i)
        {
            expected.push_back("vmnic" + std::to_string(i));
        }
        if (!no->contains("nics"))
        {
            vm.nested->nics = expected;
            for (auto& vs : vm.nested->vswitches)
            {
                if (vs.uplinks.empty() && vs.path.empty())
                {
                    vs.uplinks = expected;
                }
            }
        }
        else if (vm.nested->nics != expected)
        {
            c.Error(Checker::Key(np, "nics"),
                    "a nested host's NICs are its VM's vNICs in order: expected [" +
                        JoinList(expected) + "] for " + std::to_string(vm.nics.size()) +
                        " vNIC(s)");
        }
        for (const auto& nic : vm.nics)
        {
            if (nic.ip)
            {
                c.Error(Checker::Key(nic.path, "ip"),
                        "a nested host's vNIC is its uplink and carries no IP (give a vmknic of "
                        "the nested host the address)");
            }
        }
    }
}

void
ParseHostBody(Checker& c, const json::object& o, const std::string& path, HostConfig& h, int depth)
{
    h.path = path;
    h.nics = c.StringList(o, "nics", path, "\"vmnic0\"");
    if (!o.contains("vswitches"))
    {
        // Like a fresh ESXi install: vSwitch0 with every NIC as an uplink.
        VSwitchConfig vs;
        vs.name = "vSwitch0";
        vs.uplinks = h.nics;
        h.vswitches.push_back(vs);
    }
    c.ForEach(o, "vswitches", path, [&](const json::value& v, const std::string& p) {
        VSwitchConfig vs;
        vs.path = p;
        const json::object* so = c.Object(
            v,
            p,
            {"name", "type", "uplinks", "security", "teaming", "macLearning", "portGroups"});
        if (!so)
        {
            return;
        }
        vs.name = c.String(*so, "name", p, true, "\"vSwitch0\"").value_or("");
        vs.distributed =
            c.Choice(*so, "type", p, {"standard", "distributed"}, false).value_or("standard") ==
            "distributed";
        vs.uplinks = c.StringList(*so, "uplinks", p, "\"vmnic0\"");
        vs.security = ParseSecurity(c, *so, p);
        vs.teaming = ParseTeaming(c, *so, p);
        vs.learning = ParseLearning(c, *so, p);
        c.ForEach(*so, "portGroups", p, [&](const json::value& gv, const std::string& gp) {
            PortGroupConfig g;
            if (ParsePortGroup(c, gv, gp, g))
            {
                vs.portGroups.push_back(std::move(g));
            }
        });
        h.vswitches.push_back(std::move(vs));
    });
    c.ForEach(o, "vmknics", path, [&](const json::value& v, const std::string& p) {
        VmknicConfig k;
        k.path = p;
        const json::object* ko = c.Object(v, p, {"name", "portGroup", "ip", "mac", "gateway"});
        if (!ko)
        {
            return;
        }
        k.name = c.String(*ko, "name", p, true, "\"vmk0\"").value_or("");
        k.portGroup = c.String(*ko, "portGroup", p, true, "\"Management\"").value_or("");
        k.ip = c.InterfaceIp(*ko, "ip", p);
        k.mac = c.Mac(*ko, "mac", p, false);
        k.gateway = ParseGateway(c, *ko, p, k.ip);
        h.vmknics.push_back(k);
    });
    c.ForEach(o, "vms", path, [&](const json::value& v, const std::string& p) {
        VmConfig vm;
        ParseVm(c, v, p, vm, h, depth);
        h.vms.push_back(std::move(vm));
    });
}

void
ParseSwitch(Checker& c, const json::value& v, const std::string& path, SwitchConfig& sw)
{
    sw.path = path;
    const json::object* o =
        c.Object(v, path, {"name", "macAgingTime", "rank", "ports", "mirrors", "lags", "hosts"});
    if (!o)
    {
        return;
    }
    sw.name = c.String(*o, "name", path, true, "\"pswitch1\"").value_or("");
    sw.macAgingTime = c.TimeMember(*o, "macAgingTime", path, false, ns3::Seconds(1), MaxTime());
    if (auto rank = c.Int(*o, "rank", path, 0, kMaxRank, false))
    {
        sw.rank = static_cast<uint32_t>(*rank);
    }
    if (!o->contains("ports"))
    {
        c.Error(Checker::Key(path, "ports"),
                "missing (required, e.g. [ { \"name\": \"Gi0/1\", \"mode\": \"trunk\" } ])");
    }
    c.ForEach(*o, "ports", path, [&](const json::value& pv, const std::string& p) {
        SwitchPortConfig port;
        port.path = p;
        const json::object* po = c.Object(pv, p, {"name", "mode", "vlans", "nativeVlan", "vlan"});
        if (!po)
        {
            return;
        }
        port.name = c.String(*po, "name", p, true, "\"Gi0/1\"").value_or("");
        port.trunk =
            c.Choice(*po, "mode", p, {"access", "trunk"}, false).value_or("access") == "trunk";
        if (port.trunk)
        {
            if (po->contains("vlan"))
            {
                c.Error(Checker::Key(p, "vlan"),
                        "a trunk port has \"vlans\" and \"nativeVlan\", not \"vlan\"");
            }
            if (const json::array* a = c.Array(*po, "vlans", p))
            {
                for (std::size_t i = 0; i < a->size(); ++i)
                {
                    auto n =
                        c.IntValue((*a)[i], Checker::Index(Checker::Key(p, "vlans"), i), 1, 4094);
                    if (n &&
                        std::find(port.vlans.begin(), port.vlans.end(), *n) != port.vlans.end())
                    {
                        c.Error(Checker::Index(Checker::Key(p, "vlans"), i),
                                "VLAN " + std::to_string(*n) +
                                    " is already in the list (name each VLAN once)");
                    }
                    else if (n)
                    {
                        port.vlans.push_back(static_cast<uint16_t>(*n));
                    }
                }
                if (a->empty())
                {
                    c.Error(Checker::Key(p, "vlans"),
                            "an empty list carries nothing (leave the key out for all VLANs)");
                }
            }
            port.nativeVlan =
                static_cast<uint16_t>(c.Int(*po, "nativeVlan", p, 1, 4094, false).value_or(1));
        }
        else
        {
            for (const char* k : {"vlans", "nativeVlan"})
            {
                if (po->contains(k))
                {
                    c.Error(Checker::Key(p, k),
                            "an access port has one \"vlan\" (or set \"mode\": \"trunk\")");
                }
            }
            port.vlan = static_cast<uint16_t>(c.Int(*po, "vlan", p, 1, 4094, false).value_or(1));
        }
        sw.ports.push_back(port);
    });
    c.ForEach(*o, "mirrors", path, [&](const json::value& mv, const std::string& p) {
        MirrorConfig m;
        m.path = p;
        const json::object* mo = c.Object(mv, p, {"sources", "direction", "destination"});
        if (!mo)
        {
            return;
        }
        m.sources = c.StringList(*mo, "sources", p, "\"Gi0/1\"");
        if (m.sources.empty())
        {
            c.Error(Checker::Key(p, "sources"),
                    "missing or empty (the ports to copy, e.g. [\"Gi0/1\"])");
        }
        m.direction = c.Choice(*mo, "direction", p, {"both", "rx", "tx"}, false).value_or("both");
        m.destination = c.String(*mo, "destination", p, true, "\"Gi0/3\"").value_or("");
        sw.mirrors.push_back(m);
    });
    c.ForEach(*o, "lags", path, [&](const json::value& lv, const std::string& p) {
        LagConfig l;
        l.path = p;
        const json::object* lo = c.Object(lv, p, {"name", "members"});
        if (!lo)
        {
            return;
        }
        l.name = c.String(*lo, "name", p, true, "\"Po1\"").value_or("");
        l.members = c.StringList(*lo, "members", p, "\"Gi0/3\"");
        if (l.members.empty())
        {
            c.Error(Checker::Key(p, "members"),
                    "missing or empty (member ports, e.g. [\"Gi0/3\", \"Gi0/4\"])");
        }
        sw.lags.push_back(l);
    });
    c.ForEach(*o, "hosts", path, [&](const json::value& hv, const std::string& p) {
        SwitchHostConfig h;
        h.path = p;
        const json::object* ho = c.Object(hv, p, {"name", "port", "ip", "mac", "gateway"});
        if (!ho)
        {
            return;
        }
        h.name = c.String(*ho, "name", p, true, "\"laptop\"").value_or("");
        h.port = c.String(*ho, "port", p, true, "\"Gi0/5\"").value_or("");
        h.ip = c.InterfaceIp(*ho, "ip", p);
        h.mac = c.Mac(*ho, "mac", p, false);
        h.gateway = ParseGateway(c, *ho, p, h.ip);
        sw.hosts.push_back(h);
    });
}

void
ParseDistributedSwitch(Checker& c,
                       const json::value& v,
                       const std::string& path,
                       DistributedSwitchConfig& dvs)
{
    dvs.path = path;
    const json::object* o = c.Object(v,
                                     path,
                                     {"name",
                                      "version",
                                      "mtu",
                                      "uplinks",
                                      "security",
                                      "teaming",
                                      "macLearning",
                                      "portGroups",
                                      "hosts"});
    if (!o)
    {
        return;
    }
    dvs.name = c.String(*o, "name", path, true, "\"DSwitch\"").value_or("");
    dvs.version = c.Choice(*o, "version", path, {"7.0", "6.7", "6.5"}, false).value_or("7.0");
    if (auto m = c.Int(*o, "mtu", path, 1280, 9000, false))
    {
        dvs.mtu = static_cast<uint16_t>(*m);
    }
    if (o->contains("uplinks"))
    {
        dvs.uplinks = c.StringList(*o, "uplinks", path, "\"Uplink 1\"");
        if (o->at("uplinks").is_array() && o->at("uplinks").get_array().empty())
        {
            c.Error(Checker::Key(path, "uplinks"),
                    "a distributed switch needs at least one dvUplink (e.g. [\"Uplink 1\"])");
        }
        std::set<std::string> seen;
        for (std::size_t i = 0; i < dvs.uplinks.size(); ++i)
        {
            if (!seen.insert(dvs.uplinks[i]).second)
            {
                c.Error(Checker::Index(Checker::Key(path, "uplinks"), i),
                        "\"" + dvs.uplinks[i] + "\" is listed twice (dvUplink names are unique)");
            }
        }
    }
    else
    {
        dvs.uplinks = {"Uplink 1", "Uplink 2", "Uplink 3", "Uplink 4"}; // vCenter's default
    }
    dvs.security = ParseSecurity(c, *o, path);
    dvs.teaming = ParseTeaming(c, *o, path);
    dvs.learning = ParseLearning(c, *o, path);
    c.ForEach(*o, "portGroups", path, [&](const json::value& gv, const std::string& gp) {
        PortGroupConfig g;
        if (ParsePortGroup(c, gv, gp, g))
        {
            dvs.portGroups.push_back(std::move(g));
        }
    });
    c.ForEach(*o, "hosts", path, [&](const json::value& hv, const std::string& hp) {
        DvsHostConfig h;
        h.path = hp;
        const json::object* ho = c.Object(hv, hp, {"host", "uplinks"});
        if (!ho)
        {
            return;
        }
        h.host = c.String(*ho, "host", hp, true, "\"esxi01\"").value_or("");
        if (const json::value* uv = ho->if_contains("uplinks"))
        {
            std::string up = Checker::Key(hp, "uplinks");
            if (!uv->is_object())
            {
                c.Error(up,
                        "expected an object { \"Uplink 1\": \"vmnic0\", ... } (dvUplink to "
                        "vmnic), got " +
                            Describe(*uv));
            }
            else
            {
                for (const auto& kv : uv->get_object())
                {
                    std::string key(kv.key());
                    if (!kv.value().is_string() || kv.value().get_string().empty())
                    {
                        c.Error(up + "[\"" + key + "\"]",
                                "expected a vmnic name like \"vmnic0\", got " +
                                    Describe(kv.value()));
                        continue;
                    }
                    h.uplinks.emplace_back(key, std::string(kv.value().get_string()));
                }
            }
        }
        dvs.hosts.push_back(std::move(h));
    });
}

bool
SplitEndpoint(const std::string& text, Endpoint& e)
{
    auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == text.size())
    {
        return false;
    }
    e.text = text;
    e.node = text.substr(0, colon);
    e.interface = text.substr(colon + 1);
    return true;
}

} // namespace loader
} // namespace vsim
