/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim: the cross-checks of one host and of the distributed switches: teaming and
 * MAC learning against the switch, MACs and addresses unique, port groups, uplinks and
 * nested hosts, dvUplinks and member hosts.
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

NS_LOG_COMPONENT_DEFINE("VswitchSimChecksHosts");

namespace vsim
{
namespace loader
{

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

void
CheckPolicies(Checker& c,
              const std::string& path,
              const VSwitchConfig& vs,
              const ns3::TeamingPolicy& t,
              const ns3::MacLearningPolicy& l,
              const std::string& kind)
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

} // namespace loader
} // namespace vsim
