/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim: the vMotion timeline (where each VM is at each move, destinations and
 * their port groups, no overlapping moves, no vNIC event during a move).
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

NS_LOG_COMPONENT_DEFINE("VswitchSimChecksVmotion");

namespace vsim
{
namespace loader
{

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

} // namespace loader
} // namespace vsim
