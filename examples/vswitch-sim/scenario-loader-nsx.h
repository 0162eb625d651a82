/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim: NSX in a scenario file: the "nsx" section (controllers, logical switches,
 * VTEPs) and the controller-down/up events (doc/scenario-format.rst, "NSX").
 */
#ifndef VSWITCH_SIM_SCENARIO_LOADER_NSX_H
#define VSWITCH_SIM_SCENARIO_LOADER_NSX_H

#include "scenario-checker.h"
#include "scenario.h"

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace vsim
{

/**
 * \brief Read the "nsx" section (the controllers default to controller-1..3,
 *        192.168.110.201..203).
 * \param c the checker
 * \param v the JSON value
 * \param n filled in
 */
void ParseNsx(Checker& c, const json::value& v, NsxConfig& n);

/**
 * \brief The names of the logical switches, and the hosts that carry them (those with a
 *        VTEP): a VM NIC on one of these hosts may name a logical switch in "portGroup".
 * \param n the NSX section
 * \return host reference -> logical switch names
 */
std::map<std::string, std::set<std::string>> LogicalSwitchGroups(const NsxConfig& n);

/**
 * \brief The error for a VM NIC whose "portGroup" names a logical switch on a host that has
 *        no VTEP, or "" when the name is no logical switch.
 * \param n the NSX section
 * \param host the VM's host (reference)
 * \param group the port group the NIC names
 * \return the message
 */
std::string LogicalSwitchWithoutVtep(const NsxConfig& n,
                                     const std::string& host,
                                     const std::string& group);

/// What the NSX cross-checks need from the rest of the scenario's checks.
struct NsxContext
{
    const std::map<std::string, const HostConfig*>& hosts;    //!< hosts by reference
    std::map<std::string, std::set<std::string>>& hostGroups; //!< host -> port groups
    std::set<std::string>& endpoints;                         //!< traffic senders
    std::map<std::string, std::string>& macs;                 //!< MAC -> owner path
    std::vector<std::pair<IfAddress, std::string>>& ips;      //!< address, path
};

/**
 * \brief The cross-checks of the "nsx" section and the controller events: controller names
 *        and addresses, logical switch VNIs and names (unique, not a port group's), VTEP
 *        hosts (one VTEP each, on a distributed switch they are members of), addresses and
 *        MACs (unique), vmknic names; then the logical switches become port groups of every
 *        host with a VTEP, and "host:vmk" a traffic sender.
 * \param c the checker
 * \param s the scenario
 * \param x what the other checks collected (updated)
 */
void CheckNsx(Checker& c, const Scenario& s, NsxContext& x);

} // namespace vsim

#endif
