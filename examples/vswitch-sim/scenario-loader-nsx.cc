/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim: reading and checking the "nsx" section of a scenario (controllers, logical
 * switches, VTEPs) and the controller-down/up events.
 */
#include "scenario-loader-nsx.h"

#include "scenario-loader-underlay.h"

#include "ns3/log.h"

#include <algorithm>
#include <regex>
#include <sstream>

NS_LOG_COMPONENT_DEFINE("VswitchSimLoaderNsx");

namespace vsim
{

namespace
{

/// The lowest VNI NSX hands out, and the highest a 24-bit VNI can be.
constexpr int64_t kMinVni = 5000;
constexpr int64_t kMaxVni = 16777215;

/// \return "a.b.c.d"
std::string
IpText(ns3::Ipv4Address a)
{
    std::ostringstream os;
    os << a;
    return os.str();
}

/// \return the quoted names, joined ("none" when empty)
std::string
Quoted(const std::vector<std::string>& names)
{
    std::vector<std::string> q;
    for (const auto& n : names)
    {
        q.push_back("\"" + n + "\"");
    }
    return q.empty() ? std::string("none") : JoinList(q);
}

void
ParseController(Checker& c, const json::value& v, const std::string& p, NsxConfig& n)
{
    NsxControllerConfig k;
    k.path = p;
    const json::object* o = c.Object(v, p, {"name", "ip"});
    if (!o)
    {
        return;
    }
    k.name = c.String(*o, "name", p, true, "\"controller-1\"").value_or("");
    if (auto ip = c.String(*o, "ip", p, true, "\"192.168.110.201\""))
    {
        if (!Checker::ParseIp(*ip, k.ip) || k.ip.IsMulticast() || k.ip.IsBroadcast() ||
            k.ip.IsAny())
        {
            c.Error(Checker::Key(p, "ip"),
                    "\"" + *ip +
                        "\" is not a unicast IPv4 address (e.g. \"192.168.110.201\", "
                        "no prefix)");
        }
    }
    n.controllers.push_back(k);
}

void
ParseLogicalSwitch(Checker& c, const json::value& v, const std::string& p, NsxConfig& n)
{
    LogicalSwitchConfig ls;
    ls.path = p;
    const json::object* o =
        c.Object(v, p, {"vni", "name", "replication", "arpSuppression", "multicastGroup"});
    if (!o)
    {
        return;
    }
    if (auto vni = c.Int(*o, "vni", p, 0, 0xffffffffLL, true))
    {
        if (*vni < kMinVni || *vni > kMaxVni)
        {
            c.Error(Checker::Key(p, "vni"),
                    std::to_string(*vni) + " is out of range 5000-16777215 (NSX hands out VNIs "
                                           "from 5000 up; a VNI has 24 bits)");
        }
        ls.vni = static_cast<uint32_t>(*vni);
    }
    ls.name = c.String(*o, "name", p, true, "\"web\"").value_or("");
    ls.replication = c.Choice(*o, "replication", p, {"unicast", "multicast", "hybrid"}, false)
                         .value_or("unicast");
    ls.arpSuppression = c.Bool(*o, "arpSuppression", p).value_or(true);
    if (auto g = c.String(*o, "multicastGroup", p, false, "\"239.0.0.1\""))
    {
        ns3::Ipv4Address a;
        if (!Checker::ParseIp(*g, a) || !a.IsMulticast())
        {
            c.Error(Checker::Key(p, "multicastGroup"),
                    "\"" + *g +
                        "\" is not an IPv4 multicast group (224.0.0.0-239.255.255.255, "
                        "e.g. \"239.0.0.1\")");
        }
        else
        {
            ls.multicastGroup = a;
        }
    }
    if ((ls.replication == "multicast" || ls.replication == "hybrid") &&
        !o->contains("multicastGroup"))
    {
        c.Error(Checker::Key(p, "multicastGroup"),
                "missing: " + ls.replication +
                    " replication sends BUM traffic to the VNI's multicast group (add "
                    "\"multicastGroup\": \"239.0.0.1\", or use \"replication\": \"unicast\")");
    }
    else if (ls.replication == "unicast" && o->contains("multicastGroup"))
    {
        c.Warning(Checker::Key(p, "multicastGroup"),
                  "unicast replication uses no multicast group (this one is not used; set "
                  "\"replication\": \"hybrid\" or \"multicast\" to use it)");
    }
    n.logicalSwitches.push_back(ls);
}

void
ParseVtep(Checker& c, const json::value& v, const std::string& p, NsxConfig& n)
{
    VtepConfig t;
    t.path = p;
    const json::object* o =
        c.Object(v, p, {"host", "vswitch", "vmk", "ip", "gateway", "vlan", "mac"});
    if (!o)
    {
        return;
    }
    t.host = c.String(*o, "host", p, true, "\"esxi01\"").value_or("");
    t.vswitch = c.String(*o, "vswitch", p, true, "\"Compute_VDS\"").value_or("");
    t.vmk = c.String(*o, "vmk", p, false, "\"vmk3\"").value_or("vmk3");
    static const std::regex vmkRe(R"(^vmk[0-9]{1,3}$)");
    if (!std::regex_match(t.vmk, vmkRe))
    {
        c.Error(Checker::Key(p, "vmk"),
                "\"" + t.vmk + "\" is not a VMkernel NIC name (vmk and a number, e.g. \"vmk3\")");
    }
    if (!o->contains("ip"))
    {
        c.Error(Checker::Key(p, "ip"), "missing (required, e.g. \"192.168.250.51/24\")");
    }
    t.ip = c.InterfaceIp(*o, "ip", p);
    t.gateway = ParseGateway(c, *o, p, t.ip);
    t.vlan = static_cast<uint16_t>(c.Int(*o, "vlan", p, 0, 4094, false).value_or(0));
    t.mac = c.Mac(*o, "mac", p, false);
    n.vteps.push_back(t);
}

} // namespace

void
ParseNsx(Checker& c, const json::value& v, NsxConfig& n)
{
    n.present = true;
    const std::string p = "nsx";
    const json::object* o = c.Object(
        v,
        p,
        {"controllers", "controlPlaneDelay", "udpPort", "learnVteps", "logicalSwitches", "vteps"});
    if (!o)
    {
        return;
    }
    if (o->contains("controllers"))
    {
        c.ForEach(*o, "controllers", p, [&](const json::value& cv, const std::string& cp) {
            ParseController(c, cv, cp, n);
        });
        if (const json::value* a = o->if_contains("controllers");
            a && a->is_array() && a->get_array().empty())
        {
            c.Error("nsx.controllers",
                    "the cluster needs at least one controller (remove \"controllers\" for the "
                    "default three, controller-1..3 at 192.168.110.201..203)");
        }
    }
    else
    {
        for (int i = 1; i <= 3; ++i)
        {
            n.controllers.push_back(
                {"",
                 "controller-" + std::to_string(i),
                 ns3::Ipv4Address(("192.168.110." + std::to_string(200 + i)).c_str())});
        }
    }
    n.controlPlaneDelay =
        c.TimeMember(*o, "controlPlaneDelay", p, false, ns3::Seconds(0), ns3::Seconds(10));
    n.learnVteps = c.Bool(*o, "learnVteps", p).value_or(false);
    if (auto port = c.Int(*o, "udpPort", p, 1, 65535, false))
    {
        n.udpPort = static_cast<uint16_t>(*port);
    }
    c.ForEach(*o, "logicalSwitches", p, [&](const json::value& lv, const std::string& lp) {
        ParseLogicalSwitch(c, lv, lp, n);
    });
    c.ForEach(*o, "vteps", p, [&](const json::value& tv, const std::string& tp) {
        ParseVtep(c, tv, tp, n);
    });
}

std::map<std::string, std::set<std::string>>
LogicalSwitchGroups(const NsxConfig& n)
{
    std::map<std::string, std::set<std::string>> out;
    for (const auto& t : n.vteps)
    {
        for (const auto& ls : n.logicalSwitches)
        {
            if (!ls.name.empty())
            {
                out[t.host].insert(ls.name);
            }
        }
    }
    return out;
}

std::string
LogicalSwitchWithoutVtep(const NsxConfig& n, const std::string& host, const std::string& group)
{
    for (const auto& ls : n.logicalSwitches)
    {
        if (ls.name == group && !group.empty())
        {
            return "\"" + group + "\" is logical switch VNI " + std::to_string(ls.vni) + " (" +
                   ls.path + "), and host " + host +
                   " has no VTEP to carry it (add { \"host\": \"" + host +
                   "\", \"vswitch\": ..., \"ip\": ... } to nsx.vteps, or put the VM on a host "
                   "with a VTEP)";
        }
    }
    return "";
}

void
CheckNsx(Checker& c, const Scenario& s, NsxContext& x)
{
    const NsxConfig& n = s.nsx;
    std::map<std::string, std::string> controllerNames; // name -> path
    std::map<uint32_t, std::string> controllerIps;      // ip -> path
    std::vector<std::string> names;
    for (const auto& k : n.controllers)
    {
        if (k.path.empty())
        {
            names.push_back(k.name);
            continue;
        }
        if (!k.name.empty() && !controllerNames.emplace(k.name, k.path).second)
        {
            c.Error(Checker::Key(k.path, "name"),
                    "controller \"" + k.name + "\" already exists (" + controllerNames[k.name] +
                        "; names are unique)");
        }
        else if (!k.name.empty())
        {
            names.push_back(k.name);
        }
        if (!k.ip.IsAny() && !controllerIps.emplace(k.ip.Get(), k.path).second)
        {
            c.Error(Checker::Key(k.path, "ip"),
                    IpText(k.ip) + " is already the address of " + controllerIps[k.ip.Get()] +
                        " (addresses are unique)");
        }
    }

    // Logical switches: VNIs and names unique; a name is no port group of any host.
    std::map<uint32_t, std::string> vnis;
    std::map<std::string, std::string> lsNames;
    for (const auto& ls : n.logicalSwitches)
    {
        if (ls.vni && !vnis.emplace(ls.vni, ls.path).second)
        {
            c.Error(Checker::Key(ls.path, "vni"),
                    "VNI " + std::to_string(ls.vni) + " is already the VNI of " + vnis[ls.vni] +
                        " (one logical switch per VNI; give this one another VNI)");
        }
        if (ls.name.empty())
        {
            continue;
        }
        if (!lsNames.emplace(ls.name, ls.path).second)
        {
            c.Error(Checker::Key(ls.path, "name"),
                    "\"" + ls.name + "\" is already the name of " + lsNames[ls.name] +
                        " (logical switch names are unique: each is a port group on every host "
                        "with a VTEP)");
        }
        for (const auto& [ref, groups] : x.hostGroups)
        {
            if (groups.count(ls.name))
            {
                c.Error(Checker::Key(ls.path, "name"),
                        "\"" + ls.name + "\" is already a port group of host " + ref +
                            " (a logical switch appears as a port group named after it; rename "
                            "the logical switch or the port group)");
                break;
            }
        }
    }

    // VTEPs.
    std::set<uint32_t> routerAddresses;
    for (const auto& r : s.routers)
    {
        for (const auto& i : r.interfaces)
        {
            if (i.hasIp)
            {
                routerAddresses.insert(i.ip.address.Get());
            }
        }
    }
    std::map<std::string, std::string> vtepHosts; // host -> path
    for (const auto& t : n.vteps)
    {
        std::string hp = Checker::Key(t.path, "host");
        auto h = x.hosts.find(t.host);
        if (!t.host.empty() && h == x.hosts.end())
        {
            std::vector<std::string> refs;
            for (const auto& [ref, cfg] : x.hosts)
            {
                refs.push_back(ref);
            }
            c.Error(hp,
                    "\"" + t.host + "\" is no ESXi host (hosts: " +
                        (refs.empty() ? "none" : JoinList(refs)) + ")");
        }
        else if (!t.host.empty() && !vtepHosts.emplace(t.host, t.path).second)
        {
            c.Error(hp,
                    "host " + t.host + " already has a VTEP (" + vtepHosts[t.host] +
                        "; one VTEP per host)");
        }
        if (h != x.hosts.end() && !t.vswitch.empty())
        {
            // The switch: a distributed switch the host is a member of.
            std::vector<std::string> memberOf;
            bool member = false;
            const DistributedSwitchConfig* named = nullptr;
            for (const auto& dvs : s.distributedSwitches)
            {
                bool in = std::any_of(dvs.hosts.begin(), dvs.hosts.end(), [&](const auto& m) {
                    return m.host == t.host;
                });
                if (in)
                {
                    memberOf.push_back(dvs.name);
                }
                if (dvs.name == t.vswitch)
                {
                    named = &dvs;
                    member = in;
                }
            }
            std::string vp = Checker::Key(t.path, "vswitch");
            std::string fix =
                memberOf.empty()
                    ? "add the host to a distributed switch's \"hosts\" under "
                      "\"distributedSwitches\" and name that switch"
                    : "name a distributed switch it is a member of: " + Quoted(memberOf);
            const VSwitchConfig* own = nullptr;
            for (const auto& vs : h->second->vswitches)
            {
                own = vs.name == t.vswitch ? &vs : own;
            }
            if (own && !named)
            {
                c.Error(vp,
                        "\"" + t.vswitch + "\" is a " +
                            (own->distributed ? "host-level distributed" : "standard") +
                            " vSwitch of host " + t.host +
                            ": a VTEP is a vmknic on a vCenter distributed switch (" + fix + ")");
            }
            else if (!named)
            {
                c.Error(vp,
                        "host " + t.host + " has no switch \"" + t.vswitch + "\" (" + fix + ")");
            }
            else if (!member)
            {
                c.Error(vp,
                        "host " + t.host + " is not a member of distributed switch " + t.vswitch +
                            " (add it to " + named->path + ".hosts, or " + fix + ")");
            }
            else if (named->mtu.value_or(1500) < 1550)
            {
                c.Warning(Checker::Key(named->path, "mtu"),
                          std::to_string(named->mtu.value_or(1500)) +
                              ": VXLAN adds 50 bytes, so VM frames over " +
                              std::to_string(named->mtu.value_or(1500) - 50) +
                              " bytes are dropped (reason mtu) at the VTEP of " + t.host +
                              " (NSX needs a transport MTU of at least 1600: set \"mtu\": 1600)");
            }
            for (const auto& k : h->second->vmknics)
            {
                if (k.name == t.vmk)
                {
                    c.Error(Checker::Key(t.path, "vmk"),
                            "host " + t.host + " already has a VMkernel NIC " + t.vmk + " (" +
                                k.path + "; give the VTEP another, e.g. \"vmk" +
                                std::to_string(h->second->vmknics.size() + 2) + "\")");
                }
            }
            x.endpoints.insert(t.host + ":" + t.vmk);
        }
        if (t.ip)
        {
            for (const auto& [other, where] : x.ips)
            {
                if (other.address == t.ip->address)
                {
                    c.Error(Checker::Key(t.path, "ip"),
                            IpText(t.ip->address) + " is already the address of " + where +
                                " (addresses must be unique; every VTEP has its own)");
                    break;
                }
            }
            x.ips.emplace_back(*t.ip, t.path);
        }
        if (t.gateway && !routerAddresses.count(t.gateway->Get()))
        {
            c.Warning(Checker::Key(t.path, "gateway"),
                      IpText(*t.gateway) +
                          " is no router's address (VTEPs in other segments will be unreachable; "
                          "add a router interface with it under \"routers\")");
        }
        if (t.mac)
        {
            std::ostringstream m;
            m << *t.mac;
            auto [it, fresh] = x.macs.emplace(m.str(), t.path);
            if (!fresh)
            {
                c.Error(Checker::Key(t.path, "mac"),
                        m.str() + " is already the MAC of " + it->second +
                            " (MACs must be unique)");
            }
        }
    }
    // From here on the logical switches are port groups of the hosts with a VTEP.
    for (const auto& [host, groups] : LogicalSwitchGroups(n))
    {
        x.hostGroups[host].insert(groups.begin(), groups.end());
    }

    // Controller events.
    for (const auto& e : s.events)
    {
        if ((e.type != "controller-down" && e.type != "controller-up") || e.controller.empty())
        {
            continue;
        }
        std::string p = Checker::Key(e.path, "controller");
        if (!n.present)
        {
            c.Error(p,
                    "the scenario has no \"nsx\" section, so no controllers (add \"nsx\": { ... }; "
                    "its default controllers are controller-1..3)");
        }
        else if (std::find(names.begin(), names.end(), e.controller) == names.end())
        {
            c.Error(p,
                    "no controller \"" + e.controller + "\" (controllers: " + Quoted(names) + ")");
        }
    }
}

} // namespace vsim
