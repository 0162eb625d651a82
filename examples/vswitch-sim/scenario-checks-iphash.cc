/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim: IP-hash teaming against the physical switch's LAGs (a warning per host
 * whose ip-hash uplinks do not face one static LAG).
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

NS_LOG_COMPONENT_DEFINE("VswitchSimChecksIpHash");

namespace vsim
{
namespace loader
{

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
                bool own = g.teaming.loadBalancing || g.teaming.active || g.teaming.standby;
                std::string path = own ? g.path : vs.path;
                std::string who = h.name + " " + vs.name +
                                  (own ? " port group \"" + g.name + "\"" : std::string());
                if (t.loadBalancing != ns3::LoadBalancing::IpHash)
                {
                    // Spec section 3: a policy that needs no LAG must not face one. The
                    // switch hashes the VM's frames to any member, and reverse teaming drops
                    // what arrives on an uplink the port is not teamed to.
                    std::vector<std::string> uplinks;
                    std::vector<std::string> members;
                    for (const auto& u : vs.uplinks)
                    {
                        auto it = peer.find(h.name + ":" + u);
                        if (it != peer.end() && !lagOf(*it->second).empty())
                        {
                            uplinks.push_back(u);
                            members.push_back(it->second->text + " (" + lagOf(*it->second) + ")");
                        }
                    }
                    if (!uplinks.empty() && warned.insert(path).second)
                    {
                        c.Warning(path,
                                  std::string(ns3::LoadBalancingToString(t.loadBalancing.value_or(
                                      ns3::LoadBalancing::OriginatingPort))) +
                                      " teaming on " + who + ": uplinks " + JoinList(uplinks) +
                                      " face LAG members " + JoinList(members) +
                                      "; a LAG needs ip-hash teaming (expect frames the switch "
                                      "hashes to another member dropped by reverse teaming; "
                                      "use \"loadBalancing\": \"ip-hash\" or remove the LAG)");
                    }
                    continue;
                }
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

} // namespace loader
} // namespace vsim
