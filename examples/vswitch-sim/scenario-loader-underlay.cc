/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim: reading and checking the routed underlay of a scenario ("routers", and the
 * "gateway" of switch hosts, VM NICs and vmknics).
 */
#include "scenario-loader-underlay.h"

#include "ns3/log.h"

#include <algorithm>
#include <sstream>

NS_LOG_COMPONENT_DEFINE("VswitchSimLoaderUnderlay");

namespace vsim
{

namespace
{

/// \return "a.b.c.d"
std::string
IpText(ns3::Ipv4Address a)
{
    std::ostringstream os;
    os << a;
    return os.str();
}

/// \return whether two subnets share an address
bool
Overlap(const IfAddress& a, const IfAddress& b)
{
    ns3::Ipv4Mask shorter = a.prefix < b.prefix ? a.Mask() : b.Mask();
    return a.address.CombineMask(shorter) == b.address.CombineMask(shorter);
}

/// \return whether two addresses are in the same subnet (same network, same prefix)
bool
SameSubnet(const IfAddress& a, const IfAddress& b)
{
    return a.prefix == b.prefix &&
           a.address.CombineMask(a.Mask()) == b.address.CombineMask(b.Mask());
}

/// \return "a.b.c.d/len" of the subnet
std::string
SubnetText(const IfAddress& a)
{
    return IpText(a.address.CombineMask(a.Mask())) + "/" + std::to_string(a.prefix);
}

/// One NIC that may carry a gateway, and the IP stack (node) it belongs to.
struct GatewayUse
{
    std::string path;                        //!< the NIC's JSON path
    std::string stack;                       //!< which IP stack ("host esxi01", "VM vm1")
    std::optional<ns3::Ipv4Address> gateway; //!< its gateway
};

/// Collect the NICs of a host (nested hosts too) that carry a gateway.
void
CollectGateways(const HostConfig& h, std::vector<GatewayUse>& out)
{
    for (const auto& k : h.vmknics)
    {
        out.push_back({k.path, "host " + h.ref, k.gateway});
    }
    for (const auto& vm : h.vms)
    {
        for (const auto& nic : vm.nics)
        {
            out.push_back({nic.path, "VM " + vm.ref, nic.gateway});
        }
        if (vm.nested)
        {
            CollectGateways(*vm.nested, out);
        }
    }
}

} // namespace

std::optional<ns3::Ipv4Address>
ParseGateway(Checker& c,
             const json::object& o,
             const std::string& path,
             const std::optional<IfAddress>& ip)
{
    auto s = c.String(o, "gateway", path, false, "\"192.168.50.1\"");
    if (!s)
    {
        return std::nullopt;
    }
    std::string p = Checker::Key(path, "gateway");
    ns3::Ipv4Address gw;
    if (!Checker::ParseIp(*s, gw) || gw.IsMulticast() || gw.IsBroadcast() || gw.IsAny())
    {
        c.Error(p,
                "\"" + *s + "\" is not a unicast IPv4 address (e.g. \"192.168.50.1\", no prefix)");
        return std::nullopt;
    }
    if (!o.contains("ip"))
    {
        c.Error(
            p,
            "a gateway needs an address on the same NIC (add \"ip\", e.g. \"192.168.50.11/24\")");
        return std::nullopt;
    }
    if (!ip)
    {
        return std::nullopt; // the bad "ip" is reported already
    }
    if (gw == ip->address)
    {
        c.Error(p, *s + " is the NIC's own address (the gateway is the router's address)");
        return std::nullopt;
    }
    if (!ip->Mask().IsMatch(gw, ip->address))
    {
        c.Error(p,
                *s + " is not in the subnet of \"ip\" " + ip->ToString() + " (" + SubnetText(*ip) +
                    "; a gateway is on the same link, e.g. the router's " + "address in " +
                    SubnetText(*ip) + ")");
        return std::nullopt;
    }
    return gw;
}

void
ParseRouter(Checker& c, const json::value& v, const std::string& path, RouterConfig& r)
{
    r.path = path;
    const json::object* o = c.Object(v, path, {"name", "interfaces", "multicastRouting"});
    if (!o)
    {
        return;
    }
    r.name = c.String(*o, "name", path, true, "\"r1\"").value_or("");
    if (r.name.find_first_of("/: ") != std::string::npos)
    {
        c.Error(Checker::Key(path, "name"),
                "\"" + r.name +
                    "\" has a '/', ':' or space (a router name is one word, e.g. \"r1\")");
    }
    if (!o->contains("interfaces"))
    {
        c.Error(Checker::Key(path, "interfaces"),
                "missing (required, e.g. [ { \"switch\": \"pswitch1\", \"port\": \"Gi0/20\", "
                "\"ip\": \"192.168.250.2/24\" } ])");
    }
    c.ForEach(*o, "interfaces", path, [&](const json::value& iv, const std::string& p) {
        RouterInterfaceConfig i;
        i.path = p;
        const json::object* io = c.Object(iv, p, {"switch", "port", "ip", "mtu", "vlan"});
        if (!io)
        {
            return;
        }
        i.sw = c.String(*io, "switch", p, true, "\"pswitch1\"").value_or("");
        i.port = c.String(*io, "port", p, true, "\"Gi0/20\"").value_or("");
        if (!io->contains("ip"))
        {
            c.Error(Checker::Key(p, "ip"), "missing (required, e.g. \"192.168.250.2/24\")");
        }
        if (auto a = c.InterfaceIp(*io, "ip", p))
        {
            i.ip = *a;
            i.hasIp = true;
        }
        if (auto m = c.Int(*io, "mtu", p, 68, 9216, false))
        {
            i.mtu = static_cast<uint16_t>(*m);
        }
        i.vlan = static_cast<uint16_t>(c.Int(*io, "vlan", p, 1, 4094, false).value_or(0));
        r.interfaces.push_back(i);
    });
    if (const json::value* a = o->if_contains("interfaces");
        a && a->is_array() && a->get_array().empty())
    {
        c.Error(Checker::Key(path, "interfaces"),
                "a router needs at least one interface (one per switch port it is plugged into)");
    }
    r.multicastRouting = c.Bool(*o, "multicastRouting", path).value_or(false);
}

void
CheckUnderlay(Checker& c,
              const Scenario& s,
              std::set<std::string>& used,
              std::map<std::string, std::string>& usedBy,
              std::vector<std::pair<IfAddress, std::string>>& ips,
              const std::set<std::string>& names)
{
    std::map<std::string, const SwitchConfig*> switches;
    std::vector<std::string> switchNames;
    for (const auto& sw : s.switches)
    {
        if (!sw.name.empty() && switches.emplace(sw.name, &sw).second)
        {
            switchNames.push_back(sw.name);
        }
    }
    std::set<std::string> routerNames;

    struct Placed
    {
        IfAddress ip;       //!< address
        std::string path;   //!< JSON path of the interface
        std::string router; //!< its router
    };

    std::vector<Placed> placed;
    std::set<uint32_t> routerAddresses;
    for (const auto& r : s.routers)
    {
        if (!r.name.empty() && !routerNames.insert(r.name).second)
        {
            c.Error(Checker::Key(r.path, "name"), "router \"" + r.name + "\" already exists");
        }
        else if (names.count(r.name))
        {
            c.Error(Checker::Key(r.path, "name"),
                    "\"" + r.name +
                        "\" is already the name of a switch, host or VM (names must differ)");
        }
        for (const auto& i : r.interfaces)
        {
            auto sw = switches.find(i.sw);
            if (!i.sw.empty() && sw == switches.end())
            {
                c.Error(Checker::Key(i.path, "switch"),
                        "no switch \"" + i.sw + "\" (switches: " +
                            (switchNames.empty() ? "none" : JoinList(switchNames)) + ")");
            }
            const SwitchPortConfig* port = nullptr;
            if (sw != switches.end() && !i.port.empty())
            {
                std::vector<std::string> portNames;
                for (const auto& pc : sw->second->ports)
                {
                    portNames.push_back(pc.name);
                    port = pc.name == i.port ? &pc : port;
                }
                if (!port)
                {
                    std::string known = portNames.empty() ? "none"
                                        : portNames.size() > 12
                                            ? portNames.front() + " .. " + portNames.back()
                                            : JoinList(portNames);
                    c.Error(Checker::Key(i.path, "port"),
                            "switch " + i.sw + " has no port \"" + i.port + "\" (ports: " + known +
                                "; add it to the switch's \"ports\")");
                }
            }
            if (port)
            {
                std::string key = i.sw + ":" + i.port;
                if (used.count(key))
                {
                    c.Error(Checker::Key(i.path, "port"),
                            key + " already has something plugged in (" + usedBy[key] +
                                "; a router interface takes a port of its own)");
                }
                used.insert(key);
                usedBy.emplace(key, i.path);
                if (i.vlan && !port->trunk)
                {
                    c.Error(Checker::Key(i.path, "vlan"),
                            key + " is an access port in VLAN " + std::to_string(port->vlan) +
                                ": a tagged sub-interface needs a trunk (remove \"vlan\" to use "
                                "the access VLAN, or give the port \"mode\": \"trunk\")");
                }
                else if (i.vlan && !port->vlans.empty() &&
                         std::find(port->vlans.begin(), port->vlans.end(), i.vlan) ==
                             port->vlans.end())
                {
                    c.Error(Checker::Key(i.path, "vlan"),
                            "trunk " + key + " does not carry VLAN " + std::to_string(i.vlan) +
                                " (add it to the port's \"vlans\")");
                }
            }
            if (!i.hasIp)
            {
                continue;
            }
            std::string ipPath = Checker::Key(i.path, "ip");
            for (const auto& other : placed)
            {
                if (!Overlap(i.ip, other.ip))
                {
                    continue;
                }
                if (other.router == r.name)
                {
                    c.Error(ipPath,
                            i.ip.ToString() + " overlaps " + other.ip.ToString() + " of " +
                                other.path +
                                " on the same router (each interface needs a subnet of its own)");
                    break;
                }
                if (!SameSubnet(i.ip, other.ip))
                {
                    c.Error(ipPath,
                            SubnetText(i.ip) + " overlaps " + SubnetText(other.ip) + " of " +
                                other.path +
                                " (routers on one segment use the same network and prefix; "
                                "other subnets must not overlap)");
                    break;
                }
            }
            for (const auto& [addr, where] : ips)
            {
                if (addr.address == i.ip.address)
                {
                    c.Error(ipPath,
                            IpText(i.ip.address) + " is already the address of " + where +
                                " (addresses must be unique)");
                    break;
                }
            }
            ips.emplace_back(i.ip, i.path);
            placed.push_back({i.ip, i.path, r.name});
            routerAddresses.insert(i.ip.address.Get());
        }
    }

    // Gateways: one default route per IP stack, and the address should be a router's.
    std::vector<GatewayUse> uses;
    for (const auto& sw : s.switches)
    {
        for (const auto& h : sw.hosts)
        {
            uses.push_back({h.path, "switch host " + h.name, h.gateway});
        }
    }
    for (const auto& h : s.hosts)
    {
        CollectGateways(h, uses);
    }
    std::map<std::string, std::string> stackGateway;
    for (const auto& u : uses)
    {
        if (!u.gateway)
        {
            continue;
        }
        std::string p = Checker::Key(u.path, "gateway");
        auto [it, fresh] = stackGateway.emplace(u.stack, u.path);
        if (!fresh)
        {
            c.Error(p,
                    "the " + u.stack + " has one IP stack and one default route, and " +
                        it->second + " already sets it (keep one \"gateway\")");
            continue;
        }
        if (!routerAddresses.count(u.gateway->Get()))
        {
            c.Warning(p,
                      IpText(*u.gateway) +
                          " is no router's address (traffic to other subnets will go unanswered; "
                          "add a router interface with it under \"routers\")");
        }
    }
}

} // namespace vsim
