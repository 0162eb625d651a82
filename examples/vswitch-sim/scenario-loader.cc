/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim: reading a scenario file and checking all of it before anything is built.
 * Every problem is collected (not only the first) as "FILE: JSON.PATH: what is wrong (what
 * would be right)".
 */
#include "scenario-checker.h"
#include "scenario-loader-emulate.h"
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
#include <functional>
#include <regex>
#include <set>
#include <sstream>

NS_LOG_COMPONENT_DEFINE("VswitchSimLoader");

namespace vsim
{

ns3::Ipv4Mask
IfAddress::Mask() const
{
    uint32_t m = prefix == 0 ? 0 : (0xffffffffu << (32 - prefix));
    return ns3::Ipv4Mask(m);
}

std::string
IfAddress::ToString() const
{
    std::ostringstream os;
    os << address << "/" << prefix;
    return os.str();
}

bool
ParseTime(const std::string& text, ns3::Time& out)
{
    static const std::regex re(
        R"(^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,3})?(y|d|h|min|s|ms|us|ns|ps|fs)$)");
    if (text.size() > 40 || !std::regex_match(text, re))
    {
        return false;
    }
    out = ns3::Time(text);
    return true;
}

namespace
{

const ns3::Time kMaxTime = ns3::Seconds(86400);

/// The StunTime attribute's value for new VMotion objects (--ns3::VMotion::StunTime changes it).
ns3::Time
DefaultStunTime()
{
    ns3::TypeId::AttributeInformation info;
    if (ns3::VMotion::GetTypeId().LookupAttributeByName("StunTime", &info))
    {
        if (auto t = ns3::DynamicCast<const ns3::TimeValue>(info.initialValue))
        {
            return t->Get();
        }
    }
    return ns3::MilliSeconds(300);
}

// -------------------------------------------------------------------------------------------
// Parsing, section by section

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
    if (auto t = c.TimeMember(*o, "agingTime", p, false, ns3::Seconds(1), kMaxTime))
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
    vm.powerOn = c.TimeMember(*o, "powerOn", path, false, ns3::Time(0), kMaxTime);
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
        c.Object(v, path, {"name", "macAgingTime", "ports", "mirrors", "lags", "hosts"});
    if (!o)
    {
        return;
    }
    sw.name = c.String(*o, "name", path, true, "\"pswitch1\"").value_or("");
    sw.macAgingTime = c.TimeMember(*o, "macAgingTime", path, false, ns3::Seconds(1), kMaxTime);
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
                    if (n)
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

// -------------------------------------------------------------------------------------------
// Cross-checks: names, references, duplicates

/// The entry of a switch port, by name (nullptr when the switch has none).
const SwitchPortConfig*
PortEntry(const SwitchConfig& sw, const std::string& name)
{
    for (const auto& p : sw.ports)
    {
        if (p.name == name)
        {
            return &p;
        }
    }
    return nullptr;
}

/// A port entry's 802.1Q configuration, as the builder gives it to the switch.
ns3::PhysicalSwitch::VlanConfig
VlanConfigOf(const SwitchPortConfig& p)
{
    ns3::PhysicalSwitch::VlanConfig c;
    c.mode = p.trunk ? ns3::PhysicalSwitch::PortMode::Trunk : ns3::PhysicalSwitch::PortMode::Access;
    c.accessVlan = p.vlan;
    c.nativeVlan = p.nativeVlan;
    for (uint16_t v : p.vlans)
    {
        c.allowed.set(v);
    }
    if (p.vlans.empty())
    {
        c.allowed.set();
        c.allowed.reset(0);
        c.allowed.reset(4095);
    }
    return c;
}

struct Directory
{
    std::map<std::string, const SwitchConfig*> switches;
    std::map<std::string, const HostConfig*> hosts;     //!< by ref, nested ones too
    std::map<std::string, const VmConfig*> vms;         //!< "vm1" and "esxi01/vm1", nested by path
    std::map<std::string, const HostConfig*> vmHost;    //!< VM ref -> its host
    std::set<std::string> endpoints;                    //!< traffic senders
    std::map<std::string, std::string> macs;            //!< MAC -> path of its owner
    std::vector<std::pair<IfAddress, std::string>> ips; //!< address, path
    std::map<std::string, std::set<std::string>> dvGroups;   //!< host ref -> its dvPortgroups
    std::map<std::string, std::set<std::string>> hostGroups; //!< host ref -> every port group
    std::map<std::string, std::set<std::string>> lsGroups;   //!< host ref -> logical switches
    const NsxConfig* nsx{nullptr};                           //!< the NSX section
};

void
CheckPolicies(Checker& c,
              const std::string& path,
              const VSwitchConfig& vs,
              const ns3::TeamingPolicy& t,
              const ns3::MacLearningPolicy& l,
              const std::string& kind = "uplink")
{
    std::string tp = Checker::Key(path, "teaming");
    std::set<std::string> seen;
    for (const auto* list : {&t.active, &t.standby})
    {
        if (!*list)
        {
            continue;
        }
        const char* key = list == &t.active ? "active" : "standby";
        for (std::size_t i = 0; i < (*list)->size(); ++i)
        {
            const std::string& u = (**list)[i];
            std::string p = Checker::Index(Checker::Key(tp, key), i);
            if (std::find(vs.uplinks.begin(), vs.uplinks.end(), u) == vs.uplinks.end())
            {
                c.Error(p,
                        "\"" + u + "\" is not " + (kind == "uplink" ? "an " : "a ") + kind +
                            " of " + vs.name + " (" + kind +
                            "s: " + (vs.uplinks.empty() ? "none" : JoinList(vs.uplinks)) + ")");
            }
            else if (!seen.insert(u).second)
            {
                c.Error(p,
                        "\"" + u + "\" is listed twice (" + (kind == "uplink" ? "an " : "a ") +
                            kind + " is active, standby or unused)");
            }
        }
    }
    if (t.loadBalancing == ns3::LoadBalancing::PhysicalNicLoad && !vs.distributed)
    {
        c.Error(Checker::Key(tp, "loadBalancing"),
                "physical-nic-load needs a distributed switch (set \"type\": \"distributed\")");
    }
    if (t.loadBalancing == ns3::LoadBalancing::IpHash && t.standby && !t.standby->empty())
    {
        c.Error(Checker::Key(tp, "standby"),
                "ip-hash teaming needs every uplink active (no standby)");
    }
    if (l.enabled.value_or(false) && !vs.distributed)
    {
        c.Error(Checker::Key(Checker::Key(path, "macLearning"), "enabled"),
                "MAC learning needs a distributed switch (set \"type\": \"distributed\")");
    }
}

void
CheckMacAndIp(Checker& c,
              Directory& d,
              const std::string& path,
              const std::optional<ns3::Mac48Address>& mac,
              const std::optional<IfAddress>& ip)
{
    if (mac)
    {
        std::ostringstream m;
        m << *mac;
        auto it = d.macs.find(m.str());
        if (it != d.macs.end())
        {
            c.Error(Checker::Key(path, "mac"),
                    m.str() + " is already the MAC of " + it->second + " (MACs must be unique)");
        }
        else
        {
            d.macs[m.str()] = path;
        }
    }
    if (ip)
    {
        for (const auto& [other, where] : d.ips)
        {
            if (other.address == ip->address)
            {
                std::ostringstream a;
                a << ip->address;
                c.Error(Checker::Key(path, "ip"),
                        a.str() + " is already the address of " + where +
                            " (addresses in a subnet must be unique)");
                break;
            }
        }
        d.ips.emplace_back(*ip, path);
    }
}

void
CheckHost(Checker& c, Directory& d, const HostConfig& h)
{
    if (!h.ref.empty() && !d.hosts.emplace(h.ref, &h).second && !h.nested)
    {
        // Reported by the caller (duplicate host name).
    }
    std::set<std::string> nics;
    for (std::size_t i = 0; i < h.nics.size(); ++i)
    {
        if (!nics.insert(h.nics[i]).second)
        {
            c.Error(Checker::Index(Checker::Key(h.path, "nics"), i),
                    "\"" + h.nics[i] + "\" is listed twice");
        }
    }
    std::map<std::string, std::string> uplinkOwner;
    std::set<std::string> vswitchNames;
    std::set<std::string> groups;
    for (const auto& vs : h.vswitches)
    {
        std::string where = vs.path.empty() ? h.path : vs.path;
        if (!vs.path.empty() && !vswitchNames.insert(vs.name).second)
        {
            c.Error(Checker::Key(vs.path, "name"),
                    "vSwitch \"" + vs.name + "\" already exists on this host");
        }
        for (std::size_t i = 0; i < vs.uplinks.size(); ++i)
        {
            const std::string& u = vs.uplinks[i];
            std::string p = Checker::Index(Checker::Key(vs.path, "uplinks"), i);
            if (!nics.count(u))
            {
                c.Error(p,
                        "\"" + u + "\" is not a NIC of host " + h.name +
                            " (NICs: " + (h.nics.empty() ? "none" : JoinList(h.nics)) + ")");
            }
            else if (uplinkOwner.count(u))
            {
                c.Error(p,
                        "\"" + u + "\" is already an uplink of " + uplinkOwner[u] +
                            " (a NIC is the uplink of one vSwitch)");
            }
            else
            {
                uplinkOwner[u] = vs.name;
            }
        }
        if (!vs.path.empty())
        {
            CheckPolicies(c, vs.path, vs, vs.teaming, vs.learning);
        }
        for (const auto& g : vs.portGroups)
        {
            if (!groups.insert(g.name).second)
            {
                c.Error(Checker::Key(g.path, "name"),
                        "port group \"" + g.name + "\" already exists on host " + h.name +
                            " (names are unique per host)");
            }
            CheckPolicies(c, g.path, vs, g.teaming, g.learning);
            if (g.learning.enabled.value_or(false) && !vs.distributed)
            {
                // Reported by CheckPolicies.
            }
        }
        (void)where;
    }
    // The dvPortgroups of the distributed switches it joins (clashes are reported with the
    // distributed switches).
    auto dv = d.dvGroups.find(h.ref);
    if (dv != d.dvGroups.end())
    {
        groups.insert(dv->second.begin(), dv->second.end());
    }
    d.hostGroups[h.ref] = groups;
    auto groupList = [&]() {
        std::vector<std::string> v(groups.begin(), groups.end());
        std::vector<std::string> q;
        for (const auto& s : v)
        {
            q.push_back("\"" + s + "\"");
        }
        return q.empty() ? std::string("none") : JoinList(q);
    };
    std::set<std::string> vmks;
    for (const auto& k : h.vmknics)
    {
        if (!vmks.insert(k.name).second)
        {
            c.Error(Checker::Key(k.path, "name"), "VMkernel NIC \"" + k.name + "\" already exists");
        }
        if (!k.portGroup.empty() && !groups.count(k.portGroup))
        {
            c.Error(Checker::Key(k.path, "portGroup"),
                    "host " + h.name + " has no port group \"" + k.portGroup +
                        "\" (port groups: " + groupList() + ")");
        }
        CheckMacAndIp(c, d, k.path, k.mac, k.ip);
        d.endpoints.insert(h.ref + ":" + k.name);
    }
    std::set<std::string> vmNames;
    for (const auto& vm : h.vms)
    {
        if (vm.name.empty())
        {
            continue;
        }
        if (!vmNames.insert(vm.name).second)
        {
            c.Error(Checker::Key(vm.path, "name"),
                    "VM \"" + vm.name + "\" already exists on host " + h.name);
        }
        else if (!h.nested)
        {
            auto it = d.vms.find(vm.name);
            if (it != d.vms.end())
            {
                c.Error(Checker::Key(vm.path, "name"),
                        "a VM named \"" + vm.name + "\" already exists at " + it->second->path +
                            " (VM names are unique; traffic names VMs by name)");
            }
            d.vms[vm.name] = &vm;
            d.vmHost[vm.name] = &h;
        }
        d.vms[vm.ref] = &vm;
        d.vmHost[vm.ref] = &h;
        d.endpoints.insert(vm.ref);
        if (!h.nested)
        {
            d.endpoints.insert(vm.name);
        }
        for (const auto& nic : vm.nics)
        {
            std::string noVtep =
                d.nsx ? LogicalSwitchWithoutVtep(*d.nsx, h.ref, nic.portGroup) : std::string();
            if (!nic.portGroup.empty() && !groups.count(nic.portGroup) &&
                d.lsGroups[h.ref].count(nic.portGroup))
            {
                // A logical switch's port group on a host with a VTEP.
            }
            else if (!nic.portGroup.empty() && !groups.count(nic.portGroup) && !noVtep.empty())
            {
                c.Error(Checker::Key(nic.path, "portGroup"), noVtep);
            }
            else if (!nic.portGroup.empty() && !groups.count(nic.portGroup))
            {
                c.Error(Checker::Key(nic.path, "portGroup"),
                        "host " + h.name + " has no port group \"" + nic.portGroup +
                            "\" (port groups: " + groupList() + ")");
            }
            CheckMacAndIp(c, d, nic.path, nic.mac, nic.ip);
        }
        if (vm.nested)
        {
            CheckHost(c, d, *vm.nested);
        }
    }
}

/// The host references, for "(hosts: ...)".
std::string
HostList(const Directory& d)
{
    std::vector<std::string> names;
    for (const auto& [ref, h] : d.hosts)
    {
        names.push_back(ref);
    }
    return names.empty() ? std::string("none") : JoinList(names);
}

/// The MAC learning of a switch or port group on a distributed switch of some version.
void
CheckLearningVersion(Checker& c,
                     const std::string& path,
                     const DistributedSwitchConfig& dvs,
                     const ns3::MacLearningPolicy& l)
{
    if (l.enabled.value_or(false) && dvs.version == "6.5")
    {
        c.Error(Checker::Key(Checker::Key(path, "macLearning"), "enabled"),
                "MAC learning needs a version 6.7 or later distributed switch (" + dvs.name +
                    " is version 6.5; set its \"version\" to \"6.7\" or \"7.0\")");
    }
}

/**
 * Distributed switches: names, dvUplinks, policies and version, dvPortgroups (unique on
 * every member host, against its own port groups too), member hosts and their uplink maps.
 * Runs after CheckHost has listed the hosts.
 */
void
CheckDistributed(Checker& c, Directory& d, const Scenario& s)
{
    std::map<std::string, std::string> names;                               // name -> path
    std::map<std::string, std::map<std::string, std::string>> dvNicOwner;   // host -> nic -> dvs
    std::map<std::string, std::map<std::string, std::string>> dvGroupOwner; // host -> pg -> dvs
    for (const auto& dvs : s.distributedSwitches)
    {
        if (!dvs.name.empty() && !names.emplace(dvs.name, dvs.path).second)
        {
            c.Error(Checker::Key(dvs.path, "name"),
                    "distributed switch \"" + dvs.name + "\" already exists (" + names[dvs.name] +
                        ")");
        }
        // Policies: teaming lists name dvUplinks.
        VSwitchConfig self;
        self.name = dvs.name;
        self.distributed = true;
        self.uplinks = dvs.uplinks;
        CheckPolicies(c, dvs.path, self, dvs.teaming, dvs.learning, "dvUplink");
        CheckLearningVersion(c, dvs.path, dvs, dvs.learning);
        std::map<std::string, std::string> groups; // name -> path
        for (const auto& g : dvs.portGroups)
        {
            if (!g.name.empty() && !groups.emplace(g.name, g.path).second)
            {
                c.Error(Checker::Key(g.path, "name"),
                        "dvPortgroup \"" + g.name + "\" already exists on " + dvs.name + " (" +
                            groups[g.name] + ")");
            }
            CheckPolicies(c, g.path, self, g.teaming, g.learning, "dvUplink");
            CheckLearningVersion(c, g.path, dvs, g.learning);
        }
        // Members.
        std::map<std::string, std::string> members; // host -> path
        for (const auto& m : dvs.hosts)
        {
            if (m.host.empty())
            {
                continue;
            }
            std::string hp = Checker::Key(m.path, "host");
            auto it = d.hosts.find(m.host);
            if (it == d.hosts.end())
            {
                c.Error(hp, "\"" + m.host + "\" is no ESXi host (hosts: " + HostList(d) + ")");
                continue;
            }
            if (!members.emplace(m.host, m.path).second)
            {
                c.Error(hp,
                        m.host + " is already a member of " + dvs.name + " (" + members[m.host] +
                            "; a host joins a distributed switch once)");
                continue;
            }
            const HostConfig& h = *it->second;
            std::map<std::string, std::string> ownNic; // nic -> vSwitch
            for (const auto& vs : h.vswitches)
            {
                if (vs.name == dvs.name)
                {
                    c.Error(hp,
                            "host " + m.host + " already has a vSwitch named \"" + dvs.name +
                                "\" (" + (vs.path.empty() ? h.path : vs.path) +
                                "; its proxy switch takes the distributed switch's name)");
                }
                for (const auto& u : vs.uplinks)
                {
                    ownNic.emplace(u,
                                   vs.path.empty() ? vs.name + ", the default vSwitch that "
                                                               "takes every NIC (give the "
                                                               "host \"vswitches\")"
                                                   : vs.name + " (" + vs.path + ")");
                }
                for (const auto& hg : vs.portGroups)
                {
                    if (groups.count(hg.name))
                    {
                        c.Error(Checker::Key(groups[hg.name], "name"),
                                "port group \"" + hg.name + "\" already exists on member host " +
                                    m.host + " (" + hg.path +
                                    "; port group names are unique on a host across its "
                                    "switches)");
                    }
                }
            }
            for (const auto& [name, path] : groups)
            {
                auto other = dvGroupOwner[m.host].find(name);
                if (other != dvGroupOwner[m.host].end())
                {
                    c.Error(Checker::Key(path, "name"),
                            "port group \"" + name + "\" is already a dvPortgroup of " +
                                other->second + " on member host " + m.host +
                                " (port group names are unique on a host across its switches)");
                }
            }
            for (const auto& [name, path] : groups)
            {
                dvGroupOwner[m.host].emplace(name, dvs.name);
            }
            std::set<std::string> mapped;
            for (const auto& [dvUplink, nic] : m.uplinks)
            {
                std::string p = Checker::Key(m.path, "uplinks") + "[\"" + dvUplink + "\"]";
                if (std::find(dvs.uplinks.begin(), dvs.uplinks.end(), dvUplink) ==
                    dvs.uplinks.end())
                {
                    c.Error(p,
                            "\"" + dvUplink + "\" is not a dvUplink of " + dvs.name +
                                " (dvUplinks: " +
                                (dvs.uplinks.empty() ? "none" : JoinList(dvs.uplinks)) + ")");
                    continue;
                }
                if (std::find(h.nics.begin(), h.nics.end(), nic) == h.nics.end())
                {
                    c.Error(p,
                            "\"" + nic + "\" is not a NIC of host " + m.host +
                                " (NICs: " + (h.nics.empty() ? "none" : JoinList(h.nics)) + ")");
                }
                else if (!mapped.insert(nic).second)
                {
                    c.Error(p,
                            "\"" + nic + "\" is already mapped to another dvUplink of " + dvs.name +
                                " (one vmnic per dvUplink)");
                }
                else if (ownNic.count(nic))
                {
                    c.Error(p,
                            "\"" + nic + "\" is already an uplink of " + ownNic[nic] + " on host " +
                                m.host + " (a NIC is the uplink of one switch)");
                }
                else if (dvNicOwner[m.host].count(nic))
                {
                    c.Error(p,
                            "\"" + nic + "\" is already an uplink of distributed switch " +
                                dvNicOwner[m.host][nic] + " on host " + m.host +
                                " (a NIC is the uplink of one switch)");
                }
                else
                {
                    dvNicOwner[m.host][nic] = dvs.name;
                }
            }
        }
    }
}

/**
 * IP hash teaming spreads one port's frames over its uplinks, so the switch ports they face
 * must be one static LAG: otherwise the switch floods broadcast back in on the other
 * uplinks (duplicates, loop drops) and sees the VM's MAC flap between ports. Valid, and
 * what a real network does, so a warning. Only top-level hosts: a nested host's uplinks
 * face a vSwitch, which has no LAGs.
 */
void
CheckIpHashFacesLags(Checker& c, const Scenario& s)
{
    std::map<std::string, const Endpoint*> peer; // "node:interface" -> the other end
    for (const auto& l : s.links)
    {
        peer[l.a.text] = &l.b;
        peer[l.b.text] = &l.a;
    }
    auto lagOf = [&](const Endpoint& e) -> std::string {
        for (const auto& sw : s.switches)
        {
            for (const auto& l : sw.lags)
            {
                if (sw.name == e.node &&
                    std::find(l.members.begin(), l.members.end(), e.interface) != l.members.end())
                {
                    return l.name;
                }
            }
        }
        return "";
    };
    auto isSwitch = [&](const std::string& name) {
        return std::any_of(s.switches.begin(), s.switches.end(), [&](const SwitchConfig& sw) {
            return sw.name == name;
        });
    };
    // A distributed switch, as one member host sees it: its mapped vmnics, teaming lists in
    // vmnics (unmapped dvUplinks left out); paths stay the distributed switch's.
    std::vector<std::pair<const HostConfig*, VSwitchConfig>> switches;
    for (const auto& h : s.hosts)
    {
        for (const auto& vs : h.vswitches)
        {
            switches.emplace_back(&h, vs);
        }
    }
    for (const auto& dvs : s.distributedSwitches)
    {
        for (const auto& m : dvs.hosts)
        {
            const HostConfig* h = nullptr;
            for (const auto& top : s.hosts)
            {
                h = top.name == m.host ? &top : h;
            }
            if (!h)
            {
                continue; // unknown, or nested (its uplinks face a vSwitch)
            }
            std::map<std::string, std::string> map(m.uplinks.begin(), m.uplinks.end());
            auto translate = [&](ns3::TeamingPolicy t) {
                for (auto* list : {&t.active, &t.standby})
                {
                    if (*list)
                    {
                        std::vector<std::string> nics;
                        for (const auto& u : **list)
                        {
                            if (map.count(u))
                            {
                                nics.push_back(map[u]);
                            }
                        }
                        *list = nics;
                    }
                }
                return t;
            };
            VSwitchConfig vs;
            vs.path = dvs.path;
            vs.name = dvs.name;
            vs.distributed = true;
            for (const auto& u : dvs.uplinks)
            {
                if (map.count(u))
                {
                    vs.uplinks.push_back(map[u]);
                }
            }
            vs.teaming = translate(dvs.teaming);
            for (const auto& g : dvs.portGroups)
            {
                PortGroupConfig pg = g;
                pg.teaming = translate(g.teaming);
                vs.portGroups.push_back(pg);
            }
            switches.emplace_back(h, vs);
        }
    }
    for (const auto& [hp, vs] : switches)
    {
        const HostConfig& h = *hp;
        {
            std::set<std::string> warned;
            for (const auto& g : vs.portGroups)
            {
                ns3::TeamingPolicy t = vs.teaming.OverriddenBy(g.teaming);
                if (t.loadBalancing != ns3::LoadBalancing::IpHash)
                {
                    continue;
                }
                bool own = g.teaming.loadBalancing || g.teaming.active || g.teaming.standby;
                std::string path = own ? g.path : vs.path;
                std::string who = h.name + " " + vs.name +
                                  (own ? " port group \"" + g.name + "\"" : std::string());
                if (!warned.insert(path).second)
                {
                    continue;
                }
                std::vector<std::string> uplinks;
                std::vector<std::string> faces;
                std::set<std::string> switches;
                std::set<std::string> lags;
                for (const auto& u : t.active ? *t.active : vs.uplinks)
                {
                    auto it = peer.find(h.name + ":" + u);
                    if (std::find(vs.uplinks.begin(), vs.uplinks.end(), u) == vs.uplinks.end() ||
                        it == peer.end())
                    {
                        continue; // not an uplink (an error) or no cable: carries nothing
                    }
                    uplinks.push_back(u);
                    faces.push_back(it->second->text);
                    switches.insert(isSwitch(it->second->node) ? it->second->node : "");
                    lags.insert(lagOf(*it->second));
                }
                if (uplinks.size() < 2 || (switches.size() == 1 && !switches.count("") &&
                                           lags.size() == 1 && !lags.count("")))
                {
                    continue;
                }
                std::string what = "ip-hash teaming on " + who + " uplinks " + JoinList(uplinks) +
                                   ": the facing ports " + JoinList(faces);
                if (switches.size() == 1 && !switches.count(""))
                {
                    what += " are not one static LAG (expect duplicate frames and loop drops; "
                            "configure \"lags\" on " +
                            *switches.begin() + ")";
                }
                else
                {
                    what += " are not ports of one switch, so they cannot be one static LAG "
                            "(expect duplicate frames and loop drops; cable the uplinks to one "
                            "switch and configure \"lags\" there)";
                }
                c.Warning(path, what);
            }
        }
    }
}

/**
 * vMotion events, in time order (file order for events at the same time): where the VM is
 * then (after the moves before), the destination and its port groups, no move of a VM while
 * it is already moving, and no vNIC event (guest-mac, vnic-reconnect) of a VM while it moves.
 * Fills in each event's "from".
 */
void
CheckVmotions(Checker& c, const Directory& d, Scenario& s)
{
    std::vector<EventConfig*> motions;
    for (auto& e : s.events)
    {
        if (e.type == "vmotion")
        {
            motions.push_back(&e);
        }
    }
    std::stable_sort(motions.begin(),
                     motions.end(),
                     [](const EventConfig* a, const EventConfig* b) { return a->at < b->at; });

    /// One move of a VM: from its start to its switchover.
    struct Move
    {
        ns3::Time start;  //!< pre-copy begins
        ns3::Time end;    //!< switchover
        std::string path; //!< the event
        std::string to;   //!< destination
    };

    std::map<const VmConfig*, std::vector<Move>> moves;
    auto text = [](ns3::Time t) { return Checker::TimeText(t); };
    for (EventConfig* e : motions)
    {
        if (e->vm.empty())
        {
            continue; // reported (missing)
        }
        std::string vp = Checker::Key(e->path, "vm");
        auto vm = d.vms.find(e->vm);
        if (vm == d.vms.end())
        {
            c.Error(vp, "\"" + e->vm + "\" is no VM (a VM by name, or by path \"esxi01/vm1\")");
            continue;
        }
        const VmConfig* v = vm->second;
        const HostConfig* home = d.vmHost.at(e->vm);
        if (home->nested)
        {
            c.Error(vp,
                    "\"" + e->vm + "\" is a VM of the nested host " + home->ref +
                        ": not supported: move the nested ESXi VM itself (\"vm\": \"" + home->ref +
                        "\" moves the nested host with every VM in it)");
            continue;
        }
        std::vector<Move>& past = moves[v];
        std::string from = past.empty() ? home->ref : past.back().to;
        e->from = from;
        if (!past.empty() && e->at <= past.back().end)
        {
            c.Error(Checker::Key(e->path, "at"),
                    v->name + " is still moving at " + text(e->at) + " (" + past.back().path +
                        " moves it from " + text(past.back().start) + " until its switchover at " +
                        text(past.back().end) + "; start this vMotion after that)");
            continue;
        }
        if (e->to.empty())
        {
            continue; // reported (missing)
        }
        std::string tp = Checker::Key(e->path, "to");
        auto to = d.hosts.find(e->to);
        if (to == d.hosts.end())
        {
            c.Error(tp, "\"" + e->to + "\" is no ESXi host (hosts: " + HostList(d) + ")");
            continue;
        }
        if (e->to == from)
        {
            c.Error(
                tp,
                v->name + " runs on " + from + " at " + text(e->at) +
                    (past.empty() ? std::string() : ", where " + past.back().path + " moved it") +
                    " (a vMotion goes to another host)");
            continue;
        }
        if (e->to == v->ref || e->to.rfind(v->ref + "/", 0) == 0)
        {
            c.Error(tp, e->to + " runs inside " + v->name + " (a VM cannot move into itself)");
            continue;
        }
        const std::set<std::string>& groups =
            d.hostGroups.count(e->to) ? d.hostGroups.at(e->to) : std::set<std::string>();
        std::vector<std::string> missing;
        for (std::size_t i = 0; i < v->nics.size(); ++i)
        {
            const std::string& g = v->nics[i].portGroup;
            if (!g.empty() && !groups.count(g) &&
                std::find(missing.begin(), missing.end(), "\"" + g + "\"") == missing.end())
            {
                missing.push_back("\"" + g + "\"");
            }
        }
        if (!missing.empty())
        {
            c.Error(tp,
                    "host " + e->to + " has no port group " + JoinList(missing, " or ") +
                        ", which " + v->name + "'s NICs use (every port group of the VM must " +
                        "exist on the destination)");
            continue;
        }
        past.push_back(Move{e->at, e->at + e->duration + e->stun, e->path, e->to});
    }
    // A vNIC event of a VM while it moves: its port is on its way.
    for (const auto& e : s.events)
    {
        if (e.type != "guest-mac" && e.type != "vnic-reconnect")
        {
            continue;
        }
        auto vm = d.vms.find(e.vm);
        if (vm == d.vms.end() || !moves.count(vm->second))
        {
            continue;
        }
        for (const auto& m : moves.at(vm->second))
        {
            if (e.at >= m.start && e.at <= m.end)
            {
                c.Error(Checker::Key(e.path, "at"),
                        vm->second->name + " is moving at " + text(e.at) + " (" + m.path +
                            " moves it from " + text(m.start) + " until its switchover at " +
                            text(m.end) + "; a " + e.type + " event goes before or after)");
            }
        }
    }
}

void
CheckAll(Checker& c, Scenario& s)
{
    Directory d;
    std::set<std::string> used; // switch ports and host NICs with a cable
    std::map<std::string, std::string> usedBy;
    for (const auto& sw : s.switches)
    {
        if (sw.name.empty())
        {
            continue;
        }
        if (!d.switches.emplace(sw.name, &sw).second)
        {
            c.Error(Checker::Key(sw.path, "name"), "switch \"" + sw.name + "\" already exists");
        }
        std::set<std::string> ports;
        std::vector<std::string> portList;
        for (const auto& p : sw.ports)
        {
            if (!p.name.empty() && !ports.insert(p.name).second)
            {
                c.Error(Checker::Key(p.path, "name"), "port \"" + p.name + "\" already exists");
            }
            portList.push_back(p.name);
        }
        std::string known = portList.empty() ? "none" : JoinList(portList);
        if (portList.size() > 12)
        {
            known = portList.front() + " .. " + portList.back();
        }
        auto checkPort = [&](const std::string& path, const std::string& port) {
            if (!port.empty() && !ports.count(port))
            {
                c.Error(path,
                        "switch " + sw.name + " has no port \"" + port + "\" (ports: " + known +
                            ")");
                return false;
            }
            return true;
        };
        std::set<std::string> mirrorDest;
        for (const auto& m : sw.mirrors)
        {
            for (std::size_t i = 0; i < m.sources.size(); ++i)
            {
                checkPort(Checker::Index(Checker::Key(m.path, "sources"), i), m.sources[i]);
                if (m.sources[i] == m.destination)
                {
                    c.Error(Checker::Key(m.path, "destination"),
                            "\"" + m.destination + "\" is also a source of this session");
                }
            }
            checkPort(Checker::Key(m.path, "destination"), m.destination);
        }
        std::set<std::string> lagNames;
        std::map<std::string, std::string> member;
        for (const auto& l : sw.lags)
        {
            if (ports.count(l.name) || !lagNames.insert(l.name).second)
            {
                c.Error(Checker::Key(l.path, "name"),
                        "\"" + l.name + "\" is already a port or LAG name on " + sw.name);
            }
            const SwitchPortConfig* first = nullptr;
            for (std::size_t i = 0; i < l.members.size(); ++i)
            {
                std::string p = Checker::Index(Checker::Key(l.path, "members"), i);
                if (!checkPort(p, l.members[i]))
                {
                    continue;
                }
                if (member.count(l.members[i]))
                {
                    c.Error(p,
                            "\"" + l.members[i] + "\" is already a member of " +
                                member[l.members[i]]);
                }
                member[l.members[i]] = l.name;
                // Members carry the same VLANs the same way, or a real switch suspends one.
                const SwitchPortConfig* port = PortEntry(sw, l.members[i]);
                if (!port)
                {
                    continue;
                }
                if (!first)
                {
                    first = port;
                }
                else if (!VlanConfigOf(*port).SameAs(VlanConfigOf(*first)))
                {
                    c.Error(p,
                            ns3::PhysicalSwitch::LagMemberMismatch(l.name,
                                                                   first->name,
                                                                   VlanConfigOf(*first),
                                                                   port->name,
                                                                   VlanConfigOf(*port)) +
                                " (give their port entries the same \"mode\" and \"vlan\", "
                                "or \"vlans\" and \"nativeVlan\")");
                }
            }
        }
        for (const auto& h : sw.hosts)
        {
            if (checkPort(Checker::Key(h.path, "port"), h.port) && !h.port.empty())
            {
                std::string key = sw.name + ":" + h.port;
                if (used.count(key))
                {
                    c.Error(Checker::Key(h.path, "port"),
                            key + " already has something plugged in (" + usedBy[key] + ")");
                }
                used.insert(key);
                usedBy[key] = h.path;
            }
            if (!h.name.empty())
            {
                if (d.endpoints.count(h.name))
                {
                    c.Error(Checker::Key(h.path, "name"),
                            "\"" + h.name + "\" is already a host name");
                }
                d.endpoints.insert(h.name);
            }
            CheckMacAndIp(c, d, h.path, h.mac, h.ip);
        }
    }
    for (const auto& dvs : s.distributedSwitches)
    {
        for (const auto& m : dvs.hosts)
        {
            for (const auto& g : dvs.portGroups)
            {
                if (!g.name.empty())
                {
                    d.dvGroups[m.host].insert(g.name);
                }
            }
        }
    }
    d.nsx = &s.nsx;
    d.lsGroups = LogicalSwitchGroups(s.nsx);
    for (auto& h : s.hosts)
    {
        if (h.name.empty())
        {
            continue;
        }
        if (d.hosts.count(h.name) || d.switches.count(h.name))
        {
            c.Error(Checker::Key(h.path, "name"),
                    "\"" + h.name + "\" is already the name of a host or switch");
            continue;
        }
        CheckHost(c, d, h);
    }
    CheckDistributed(c, d, s);
    {
        NsxContext x{d.hosts, d.hostGroups, d.endpoints, d.macs, d.ips};
        CheckNsx(c, s, x);
    }
    {
        std::set<std::string> names = d.endpoints;
        for (const auto& [name, h] : d.hosts)
        {
            names.insert(name);
        }
        for (const auto& [name, sw] : d.switches)
        {
            names.insert(name);
        }
        CheckUnderlay(c, s, used, usedBy, d.ips, names);
    }
    for (const auto& [name, sw] : d.switches)
    {
        if (d.endpoints.count(name))
        {
            c.Error(Checker::Key(sw->path, "name"),
                    "\"" + name + "\" is also the name of a host or VM (names must differ)");
        }
    }

    // Links.
    auto resolveEndpoint = [&](const Endpoint& e, const std::string& path) {
        if (e.node.empty())
        {
            return false;
        }
        auto sw = d.switches.find(e.node);
        if (sw != d.switches.end())
        {
            for (const auto& p : sw->second->ports)
            {
                if (p.name == e.interface)
                {
                    return true;
                }
            }
            c.Error(path, "switch " + e.node + " has no port \"" + e.interface + "\"");
            return false;
        }
        auto h = d.hosts.find(e.node);
        if (h != d.hosts.end())
        {
            if (h->second->nested)
            {
                c.Error(path,
                        e.node + " is a nested host: its NICs are vNICs of its VM, not cables");
                return false;
            }
            const auto& nics = h->second->nics;
            if (std::find(nics.begin(), nics.end(), e.interface) == nics.end())
            {
                c.Error(path,
                        "host " + e.node + " has no NIC \"" + e.interface +
                            "\" (NICs: " + (nics.empty() ? "none" : JoinList(nics)) + ")");
                return false;
            }
            return true;
        }
        c.Error(path,
                "\"" + e.node +
                    "\" is neither a switch nor an ESXi host (write \"host:nic\" "
                    "or \"switch:port\")");
        return false;
    };
    std::set<std::string> cabled;
    for (auto& l : s.links)
    {
        for (const Endpoint* e : {&l.a, &l.b})
        {
            std::string p = Checker::Key(l.path, e == &l.a ? "a" : "b");
            if (!resolveEndpoint(*e, p))
            {
                continue;
            }
            if (used.count(e->text))
            {
                c.Error(p,
                        e->text + " is already cabled (by " + usedBy[e->text] +
                            "; one link per port)");
                continue;
            }
            used.insert(e->text);
            usedBy[e->text] = l.path;
            cabled.insert(e->text);
        }
        if (!l.a.text.empty() && l.a.text == l.b.text)
        {
            c.Error(Checker::Key(l.path, "b"), "a link needs two different ends");
        }
    }
    CheckEmulate(c, s, used, usedBy);

    // Traffic.
    for (auto& t : s.traffic)
    {
        std::string fromKey = t.type == "static-arp" ? "on" : "from";
        if (!t.from.empty() && !d.endpoints.count(t.from))
        {
            std::vector<std::string> names;
            for (const auto& n : d.endpoints)
            {
                if (names.size() < 8)
                {
                    names.push_back(n);
                }
            }
            c.Error(Checker::Key(t.path, fromKey),
                    "\"" + t.from + "\" is no VM, vmknic (host:vmkN) or switch host (known: " +
                        (names.empty() ? "none" : JoinList(names)) +
                        (d.endpoints.size() > 8 ? ", ..." : "") + ")");
        }
        if (t.type == "garp" && d.endpoints.count(t.from))
        {
            auto vm = d.vms.find(t.from);
            if (vm == d.vms.end())
            {
                c.Error(Checker::Key(t.path, "from"),
                        "\"" + t.from + "\" is no VM (a gratuitous ARP comes from a VM's guest)");
            }
            else if (std::none_of(vm->second->nics.begin(),
                                  vm->second->nics.end(),
                                  [](const VmNicConfig& n) { return n.ip.has_value(); }))
            {
                c.Error(Checker::Key(t.path, "from"),
                        "VM " + t.from +
                            " has no NIC with an \"ip\" (a gratuitous ARP announces the "
                            "NIC's address; give a NIC an \"ip\")");
            }
        }
        if ((t.type == "udp" || t.type == "tcp") && !t.to.empty())
        {
            bool found = false;
            for (const auto& [a, where] : d.ips)
            {
                found = found || a.address == t.toIp;
            }
            if (!found)
            {
                c.Error(Checker::Key(t.path, "to"),
                        t.to + ": no VM, vmknic or switch host has this address (" + t.type +
                            " needs a receiver)");
            }
        }
    }

    // Events.
    for (auto& e : s.events)
    {
        if (e.type == "link-down" || e.type == "link-up")
        {
            if (!e.link.text.empty() && !cabled.count(e.link.text))
            {
                c.Error(Checker::Key(e.path, "link"),
                        "\"" + e.link.text + "\" is no end of a link in \"links\"");
            }
        }
        else if (e.type == "blackhole" || e.type == "storm-control")
        {
            auto sw = d.switches.find(e.port.node);
            if (!e.port.text.empty())
            {
                if (sw == d.switches.end())
                {
                    c.Error(Checker::Key(e.path, "port"), "\"" + e.port.node + "\" is no switch");
                }
                else
                {
                    // Storm control may also name a port-channel (it applies to the members).
                    bool found = PortEntry(*sw->second, e.port.interface) != nullptr;
                    for (const auto& l : sw->second->lags)
                    {
                        found = found || (e.type == "storm-control" && l.name == e.port.interface);
                    }
                    if (!found)
                    {
                        c.Error(Checker::Key(e.path, "port"),
                                "switch " + e.port.node + " has no port \"" + e.port.interface +
                                    "\"");
                    }
                }
            }
        }
        else if (e.type == "vmotion")
        {
            // Checked below, in time order.
        }
        else if (e.type == "guest-mac" || e.type == "vnic-reconnect")
        {
            auto vm = d.vms.find(e.vm);
            if (!e.vm.empty() && vm == d.vms.end())
            {
                c.Error(Checker::Key(e.path, "vm"), "\"" + e.vm + "\" is no VM");
            }
            else if (vm != d.vms.end() && e.nic >= vm->second->nics.size())
            {
                c.Error(Checker::Key(e.path, "nic"),
                        std::to_string(e.nic) + " is out of range 0-" +
                            std::to_string(vm->second->nics.size() - 1) + " (VM " + e.vm + " has " +
                            std::to_string(vm->second->nics.size()) + " vNIC(s))");
            }
        }
    }

    CheckVmotions(c, d, s);

    // Captures.
    std::set<std::string> outputs;
    for (auto& cap : s.captures)
    {
        if (!cap.output.empty())
        {
            if (!outputs.insert(cap.output).second)
            {
                c.Error(Checker::Key(cap.path, "output"),
                        "\"" + cap.output + "\" is already written by another capture");
            }
        }
        if (!cap.sw.empty())
        {
            auto sw = d.switches.find(cap.sw);
            if (sw == d.switches.end())
            {
                c.Error(Checker::Key(cap.path, "switch"), "\"" + cap.sw + "\" is no switch");
                continue;
            }
            bool found = false;
            for (const auto& p : sw->second->ports)
            {
                found = found || p.name == cap.port;
            }
            if (!found && !cap.port.empty())
            {
                c.Error(Checker::Key(cap.path, "port"),
                        "switch " + cap.sw + " has no port \"" + cap.port + "\"");
            }
            continue;
        }
        const VmConfig* vm = nullptr;
        if (!cap.vm.empty())
        {
            auto it = d.vms.find(cap.vm);
            if (it == d.vms.end())
            {
                c.Error(Checker::Key(cap.path, "vm"), "\"" + cap.vm + "\" is no VM");
            }
            else
            {
                vm = it->second;
                const HostConfig* h = d.vmHost[cap.vm];
                if (cap.host.empty())
                {
                    cap.host = h->ref;
                }
                else if (cap.host != h->ref)
                {
                    c.Error(Checker::Key(cap.path, "vm"),
                            "VM " + cap.vm + " runs on " + h->ref + ", not on " + cap.host);
                }
                if (cap.nic >= vm->nics.size())
                {
                    c.Error(Checker::Key(cap.path, "nic"),
                            std::to_string(cap.nic) + " is out of range 0-" +
                                std::to_string(vm->nics.size() - 1));
                }
            }
        }
        if (!cap.host.empty() && !d.hosts.count(cap.host))
        {
            c.Error(Checker::Key(cap.path, "host"), "\"" + cap.host + "\" is no ESXi host");
        }
    }
}

} // namespace

// -------------------------------------------------------------------------------------------

std::vector<std::string>
LoadScenario(const std::string& text,
             const std::string& file,
             Scenario& s,
             const std::string& stopTimeOption)
{
    std::vector<std::string> errors;
    s.file = file;

    // --stopTime replaces the file's stopTime, and what comes after it is checked the same
    // way. A bad one is listed after the file's errors.
    std::optional<ns3::Time> stopOverride;
    std::string stopOptionError;
    if (!stopTimeOption.empty())
    {
        ns3::Time t;
        if (!ParseTime(stopTimeOption, t) || t.IsZero() || t > kMaxTime)
        {
            stopOptionError =
                "--stopTime=" + stopTimeOption + ": not a time in 1ms-86400s (e.g. --stopTime=10s)";
        }
        else
        {
            stopOverride = t;
        }
    }
    auto done = [&]() {
        if (!stopOptionError.empty())
        {
            errors.push_back(stopOptionError);
        }
        return errors;
    };

    // Syntax, with line and column.
    json::stream_parser parser;
    boost::system::error_code ec;
    std::size_t n = parser.write_some(text.data(), text.size(), ec);
    std::size_t offset = n;
    if (!ec && n < text.size())
    {
        std::size_t rest = text.find_first_not_of(" \t\r\n", n);
        if (rest != std::string::npos)
        {
            offset = rest;
            ec = json::error::extra_data;
        }
    }
    if (!ec)
    {
        parser.finish(ec);
        offset = text.size();
    }
    if (ec)
    {
        std::size_t line = 1;
        std::size_t col = 1;
        for (std::size_t i = 0; i < offset && i < text.size(); ++i)
        {
            if (text[i] == '\n')
            {
                ++line;
                col = 1;
            }
            else
            {
                ++col;
            }
        }
        std::string hint = ec == json::error::extra_data
                               ? "text after the end of the scenario object"
                           : offset >= text.size() ? "the file ends inside a value (a '}' or ']' "
                                                     "missing?)"
                                                   : ec.message();
        errors.push_back(file + ": line " + std::to_string(line) + ", column " +
                         std::to_string(col) + ": JSON syntax error: " + hint +
                         " (keys and strings in double quotes, no trailing commas, no comments)");
        return done();
    }
    json::value root = parser.release();

    Checker c(file, errors, s.warnings);
    const json::object* top = c.Object(root,
                                       "",
                                       {"name",
                                        "description",
                                        "stopTime",
                                        "switches",
                                        "routers",
                                        "hosts",
                                        "distributedSwitches",
                                        "links",
                                        "nsx",
                                        "traffic",
                                        "events",
                                        "captures",
                                        "emulate",
                                        "realtime",
                                        "$schema"});
    if (!top)
    {
        return done();
    }
    // "$schema" points an editor at examples/vswitch-sim/scenario.schema.json; the runner only
    // checks that it is a string.
    c.String(*top, "$schema", "", false);
    std::string base = file;
    auto slash = base.find_last_of('/');
    if (slash != std::string::npos)
    {
        base = base.substr(slash + 1);
    }
    if (base.size() > 5 && base.substr(base.size() - 5) == ".json")
    {
        base = base.substr(0, base.size() - 5);
    }
    s.name = c.String(*top, "name", "", false).value_or(base);
    static const std::regex nameRe(R"(^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$)");
    if (!std::regex_match(s.name, nameRe))
    {
        c.Error("name",
                "\"" + s.name +
                    "\" cannot name the output folder (letters, digits, '.', '_', '-')");
    }
    s.description = c.String(*top, "description", "", false).value_or("");
    s.stopTime = c.TimeMember(*top, "stopTime", "", false, ns3::MilliSeconds(1), kMaxTime)
                     .value_or(ns3::Seconds(10));
    s.stopTimeText = c.String(*top, "stopTime", "", false).value_or("10s");
    std::string stopName = "stopTime " + s.stopTimeText;
    if (stopOverride)
    {
        s.stopTime = *stopOverride;
        s.stopTimeText = stopTimeOption;
        stopName = "--stopTime=" + stopTimeOption;
    }
    if (const json::value* nsx = top->if_contains("nsx"))
    {
        ParseNsx(c, *nsx, s.nsx);
    }
    ParseEmulate(c, *top, s);

    c.ForEach(*top, "switches", "", [&](const json::value& v, const std::string& p) {
        SwitchConfig sw;
        ParseSwitch(c, v, p, sw);
        s.switches.push_back(std::move(sw));
    });
    c.ForEach(*top, "routers", "", [&](const json::value& v, const std::string& p) {
        RouterConfig r;
        ParseRouter(c, v, p, r);
        s.routers.push_back(std::move(r));
    });
    c.ForEach(*top, "hosts", "", [&](const json::value& v, const std::string& p) {
        HostConfig h;
        const json::object* o = c.Object(v, p, {"name", "nics", "vswitches", "vmknics", "vms"});
        if (!o)
        {
            return;
        }
        h.name = c.String(*o, "name", p, true, "\"esxi01\"").value_or("");
        if (h.name.find_first_of("/:") != std::string::npos)
        {
            c.Error(Checker::Key(p, "name"),
                    "\"" + h.name + "\" contains '/' or ':' (they separate names in references)");
        }
        h.ref = h.name;
        ParseHostBody(c, *o, p, h, 0);
        s.hosts.push_back(std::move(h));
    });
    c.ForEach(*top, "distributedSwitches", "", [&](const json::value& v, const std::string& p) {
        DistributedSwitchConfig dvs;
        ParseDistributedSwitch(c, v, p, dvs);
        s.distributedSwitches.push_back(std::move(dvs));
    });
    c.ForEach(*top, "links", "", [&](const json::value& v, const std::string& p) {
        LinkConfig l;
        l.path = p;
        const json::object* o = c.Object(v, p, {"a", "b", "dataRate", "delay", "mtu"});
        if (!o)
        {
            return;
        }
        for (const char* k : {"a", "b"})
        {
            auto e = c.String(*o, k, p, true, "\"esxi01:vmnic2\"");
            Endpoint& ep = std::string(k) == "a" ? l.a : l.b;
            if (e && !SplitEndpoint(*e, ep))
            {
                c.Error(Checker::Key(p, k),
                        "\"" + *e + "\" is not \"host:nic\" or \"switch:port\"");
            }
        }
        l.dataRate = c.Rate(*o, "dataRate", p, false);
        l.delay = c.TimeMember(*o, "delay", p, false, ns3::Seconds(0), ns3::Seconds(1));
        if (auto m = c.Int(*o, "mtu", p, 68, 9216, false))
        {
            l.mtu = static_cast<uint16_t>(*m);
        }
        s.links.push_back(l);
    });
    c.ForEach(*top, "traffic", "", [&](const json::value& v, const std::string& p) {
        TrafficConfig t;
        t.path = p;
        if (!v.is_object())
        {
            c.Object(v, p, {});
            return;
        }
        auto type =
            c.Choice(v.get_object(), "type", p, {"ping", "udp", "tcp", "static-arp", "garp"}, true);
        if (!type)
        {
            return;
        }
        t.type = *type;
        std::vector<std::string> keys;
        if (t.type == "ping")
        {
            keys = {"type",
                    "from",
                    "to",
                    "start",
                    "stop",
                    "interval",
                    "count",
                    "size",
                    "identifier",
                    "dontFragment"};
        }
        else if (t.type == "udp")
        {
            keys = {"type", "from", "to", "start", "stop", "rate", "size"};
        }
        else if (t.type == "tcp")
        {
            keys = {"type", "from", "to", "start", "stop", "size"};
        }
        else if (t.type == "garp")
        {
            keys = {"type", "from", "at"};
        }
        else
        {
            keys = {"type", "on", "ip", "mac"};
        }
        const json::object* o = c.Object(v, p, keys);
        if (t.type == "static-arp")
        {
            t.from = c.String(*o, "on", p, true, "\"vm1\"").value_or("");
            if (auto ip = c.String(*o, "ip", p, true, "\"192.168.100.12\""))
            {
                if (!Checker::ParseIp(*ip, t.toIp))
                {
                    c.Error(Checker::Key(p, "ip"), "\"" + *ip + "\" is not an IPv4 address");
                }
                t.to = *ip;
            }
            t.mac = c.Mac(*o, "mac", p, true).value_or(ns3::Mac48Address());
            s.traffic.push_back(t);
            return;
        }
        t.from = c.String(*o, "from", p, true, "\"vm1\"").value_or("");
        if (t.type == "garp")
        {
            t.start = c.TimeMember(*o, "at", p, true, ns3::Seconds(0), kMaxTime)
                          .value_or(ns3::Seconds(0));
            s.traffic.push_back(t);
            return;
        }
        bool withPort = t.type != "ping";
        if (auto to = c.String(*o,
                               "to",
                               p,
                               true,
                               withPort ? "\"192.168.100.12:9000\"" : "\"192.168.100.12\""))
        {
            t.to = *to;
            std::string ip = *to;
            bool ok = true;
            if (withPort)
            {
                auto colon = to->rfind(':');
                ok = colon != std::string::npos;
                if (ok)
                {
                    ip = to->substr(0, colon);
                    std::string port = to->substr(colon + 1);
                    ok = !port.empty() && port.size() <= 5 &&
                         std::all_of(port.begin(),
                                     port.end(),
                                     [](char ch) { return std::isdigit(ch); }) &&
                         std::stoul(port) >= 1 && std::stoul(port) <= 65535;
                    if (ok)
                    {
                        t.toPort = static_cast<uint16_t>(std::stoul(port));
                    }
                }
            }
            if (!ok || !Checker::ParseIp(ip, t.toIp))
            {
                c.Error(Checker::Key(p, "to"),
                        "\"" + *to + "\" is not " +
                            (withPort ? "an IPv4 address and port (e.g. \"192.168.100.12:9000\")"
                                      : "an IPv4 address (e.g. \"192.168.100.12\")"));
            }
        }
        t.start = c.TimeMember(*o, "start", p, false, ns3::Seconds(0), kMaxTime)
                      .value_or(ns3::Seconds(1));
        t.stop = c.TimeMember(*o, "stop", p, false, ns3::Seconds(0), kMaxTime);
        if (t.stop && *t.stop <= t.start)
        {
            c.Error(Checker::Key(p, "stop"), "must be after \"start\"");
        }
        if (t.type == "ping")
        {
            t.interval =
                c.TimeMember(*o, "interval", p, false, ns3::MilliSeconds(1), ns3::Seconds(3600))
                    .value_or(ns3::Seconds(1));
            if (auto n = c.Int(*o, "count", p, 1, 1000000, false))
            {
                t.count = static_cast<uint32_t>(*n);
            }
            t.size = static_cast<uint32_t>(c.Int(*o, "size", p, 0, 65000, false).value_or(56));
            if (auto id = c.Int(*o, "identifier", p, 0, 65535, false))
            {
                t.identifier = static_cast<int32_t>(*id);
            }
            t.dontFragment = c.Bool(*o, "dontFragment", p).value_or(false);
        }
        else if (t.type == "udp")
        {
            t.rate = c.Rate(*o, "rate", p, false).value_or(ns3::DataRate("1Mbps"));
            if (t.rate.GetBitRate() > 10000000000ULL)
            {
                c.Error(Checker::Key(p, "rate"), "is out of range 1kbps-10Gbps");
            }
            t.size = static_cast<uint32_t>(c.Int(*o, "size", p, 1, 65000, false).value_or(1000));
        }
        else
        {
            t.size = static_cast<uint32_t>(c.Int(*o, "size", p, 1, 65000, false).value_or(1448));
        }
        s.traffic.push_back(t);
    });
    c.ForEach(*top, "events", "", [&](const json::value& v, const std::string& p) {
        EventConfig e;
        e.path = p;
        if (!v.is_object())
        {
            c.Object(v, p, {});
            return;
        }
        auto type = c.Choice(v.get_object(),
                             "type",
                             p,
                             {"link-down",
                              "link-up",
                              "blackhole",
                              "storm-control",
                              "guest-mac",
                              "vnic-reconnect",
                              "vmotion",
                              "controller-down",
                              "controller-up"},
                             true);
        if (!type)
        {
            return;
        }
        e.type = *type;
        std::vector<std::string> keys = {"at", "type"};
        if (e.type == "link-down" || e.type == "link-up")
        {
            keys.push_back("link");
        }
        else if (e.type == "blackhole")
        {
            keys.insert(keys.end(), {"port", "direction"});
        }
        else if (e.type == "storm-control")
        {
            keys.insert(keys.end(), {"port", "traffic", "level"});
        }
        else if (e.type == "guest-mac")
        {
            keys.insert(keys.end(), {"vm", "nic", "mac"});
        }
        else if (e.type == "vnic-reconnect")
        {
            keys.insert(keys.end(), {"vm", "nic"});
        }
        else if (e.type == "controller-down" || e.type == "controller-up")
        {
            keys.push_back("controller");
        }
        else
        {
            keys.insert(keys.end(), {"vm", "to", "duration", "stun"});
        }
        const json::object* o = c.Object(v, p, keys);
        e.at = c.TimeMember(*o, "at", p, true, ns3::Seconds(0), kMaxTime).value_or(ns3::Seconds(0));
        if (e.type == "link-down" || e.type == "link-up")
        {
            if (auto l = c.String(*o, "link", p, true, "\"esxi01:vmnic3\""))
            {
                if (!SplitEndpoint(*l, e.link))
                {
                    c.Error(Checker::Key(p, "link"),
                            "\"" + *l + "\" is not \"host:nic\" or \"switch:port\"");
                }
            }
        }
        else if (e.type == "blackhole" || e.type == "storm-control")
        {
            if (auto l = c.String(*o, "port", p, true, "\"pswitch1:Gi0/2\""))
            {
                if (!SplitEndpoint(*l, e.port))
                {
                    c.Error(Checker::Key(p, "port"), "\"" + *l + "\" is not \"switch:port\"");
                }
            }
            if (e.type == "blackhole")
            {
                e.direction = c.Choice(*o, "direction", p, {"both", "rx", "tx", "none"}, false)
                                  .value_or("both");
            }
            else
            {
                e.traffic = c.Choice(*o, "traffic", p, {"broadcast", "multicast", "unicast"}, true)
                                .value_or("");
                e.level = static_cast<uint32_t>(c.Int(*o, "level", p, 0, 100, true).value_or(100));
            }
        }
        else if (e.type == "controller-down" || e.type == "controller-up")
        {
            e.controller = c.String(*o, "controller", p, true, "\"controller-2\"").value_or("");
        }
        else if (e.type == "vmotion")
        {
            e.vm = c.String(*o, "vm", p, true, "\"vm1\"").value_or("");
            e.to = c.String(*o, "to", p, true, "\"esxi02\"").value_or("");
            e.duration = c.TimeMember(*o, "duration", p, true, ns3::Seconds(0), kMaxTime)
                             .value_or(ns3::Seconds(0));
            e.stun = c.TimeMember(*o, "stun", p, false, ns3::Seconds(0), ns3::Seconds(3600))
                         .value_or(DefaultStunTime());
        }
        else
        {
            e.vm = c.String(*o, "vm", p, true, "\"vm1\"").value_or("");
            e.nic = static_cast<uint32_t>(c.Int(*o, "nic", p, 0, 63, false).value_or(0));
            if (e.type == "guest-mac")
            {
                e.mac = c.Mac(*o, "mac", p, true).value_or(ns3::Mac48Address());
            }
        }
        s.events.push_back(e);
    });
    c.ForEach(*top, "captures", "", [&](const json::value& v, const std::string& p) {
        CaptureConfig cap;
        cap.path = p;
        const json::object* o =
            c.Object(v,
                     p,
                     {"host", "vm", "nic", "pktcap", "output", "switch", "port", "insertVlanTag"});
        if (!o)
        {
            return;
        }
        cap.output = c.String(*o, "output", p, false).value_or("");
        if (o->contains("output") && o->at("output").is_string())
        {
            // Not starting with '-' either: the builder hands it to pktcap-uw as "-o FILE",
            // where "-o -x.pcap" would read as an option.
            static const std::regex fileRe(R"(^[A-Za-z0-9._-]{1,100}$)");
            const std::string partial = ".partial";
            if (!std::regex_match(cap.output, fileRe) || cap.output[0] == '.' ||
                cap.output[0] == '-' || cap.output == "summary.json" ||
                cap.output == "tables.txt" || cap.output == "captures.txt" ||
                (cap.output.size() > partial.size() &&
                 cap.output.compare(cap.output.size() - partial.size(), partial.size(), partial) ==
                     0))
            {
                c.Error(Checker::Key(p, "output"),
                        "\"" + cap.output +
                            "\" is not a plain file name for the output folder (letters, digits, "
                            "'.', '_', '-', not starting with '.' or '-'; not summary.json, "
                            "tables.txt or captures.txt, not ending in .partial)");
                cap.output.clear();
            }
        }
        if (o->contains("switch"))
        {
            cap.sw = c.String(*o, "switch", p, true, "\"pswitch1\"").value_or("");
            cap.port = c.String(*o, "port", p, true, "\"Gi0/3\"").value_or("");
            for (const char* k : {"host", "vm", "nic", "pktcap", "insertVlanTag"})
            {
                if (o->contains(k))
                {
                    c.Error(Checker::Key(p, k),
                            "a switch port capture takes \"switch\", \"port\" and \"output\" only");
                }
            }
            s.captures.push_back(cap);
            return;
        }
        if (o->contains("port"))
        {
            c.Error(Checker::Key(p, "port"),
                    "\"port\" goes with \"switch\" (a physical switch port)");
        }
        cap.host = c.String(*o, "host", p, !o->contains("vm"), "\"esxi01\"").value_or("");
        cap.vm = c.String(*o, "vm", p, false).value_or("");
        cap.nic = static_cast<uint32_t>(c.Int(*o, "nic", p, 0, 63, false).value_or(0));
        if (o->contains("nic") && !o->contains("vm"))
        {
            c.Error(Checker::Key(p, "nic"), "\"nic\" goes with \"vm\"");
        }
        cap.pktcap = c.String(*o, "pktcap", p, false).value_or("");
        cap.insertVlanTag = c.Bool(*o, "insertVlanTag", p).value_or(false);
        try
        {
            // "vm" fills in --switchport (any ID will do for the check).
            const std::string given =
                (cap.vm.empty() ? std::string() : "--switchport 50331649 ") + cap.pktcap;
            ns3::PktcapOptions opts;
            if (cap.output.empty() || given.find("-o") != std::string::npos)
            {
                opts = ns3::PktcapOptions::Parse(given);
            }
            else
            {
                // As the builder runs it: "output" becomes -o, so --ng (pcapng) goes with it.
                ns3::PktcapOptions::Parse(given + " -o " + cap.output);
            }
            if (!opts.GetOutFile().empty())
            {
                if (!cap.output.empty())
                {
                    c.Error(Checker::Key(p, "pktcap"),
                            "-o/--outfile and \"output\" both given (use \"output\")");
                }
                else
                {
                    c.Error(Checker::Key(p, "pktcap"),
                            "write the file name in \"output\", not with -o/--outfile");
                }
            }
        }
        catch (const std::exception& e)
        {
            c.Error(Checker::Key(p, "pktcap"), e.what());
        }
        s.captures.push_back(cap);
    });

    // Times after the end, then the cross-checks.
    for (const auto& e : s.events)
    {
        if (e.at > s.stopTime)
        {
            c.Error(Checker::Key(e.path, "at"),
                    Checker::TimeText(e.at) + " is after " + stopName +
                        " (the event would never happen)");
        }
    }
    for (const auto& t : s.traffic)
    {
        if (t.type != "static-arp" && t.start >= s.stopTime)
        {
            c.Error(Checker::Key(t.path, t.type == "garp" ? "at" : "start"),
                    Checker::TimeText(t.start) + " is not before " + stopName);
        }
    }
    CheckAll(c, s);
    CheckIpHashFacesLags(c, s);
    return done();
}

} // namespace vsim
