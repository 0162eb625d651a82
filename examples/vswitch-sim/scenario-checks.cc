/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim: the checks across sections once everything is read: names and
 * references (switches, hosts, VMs, ports, links, traffic, events, captures), duplicates,
 * then the checks of each host, distributed switch, NSX and the underlay.
 */
#include "scenario-checker.h"
#include "scenario-loader-emulate.h"
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

NS_LOG_COMPONENT_DEFINE("VswitchSimChecks");

namespace vsim
{
namespace loader
{

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
                if (std::find(m.sources.begin(), m.sources.begin() + i, m.sources[i]) !=
                    m.sources.begin() + i)
                {
                    c.Error(Checker::Index(Checker::Key(m.path, "sources"), i),
                            "\"" + m.sources[i] +
                                "\" is already a source of this session (name each port once)");
                }
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

} // namespace loader
} // namespace vsim
