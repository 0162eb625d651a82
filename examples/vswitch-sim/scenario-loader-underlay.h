/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim: the routed underlay in a scenario file: "routers" and the "gateway" of switch
 * hosts, VM NICs and vmknics (doc/scenario-format.rst, "Routers").
 */
#ifndef VSWITCH_SIM_SCENARIO_LOADER_UNDERLAY_H
#define VSWITCH_SIM_SCENARIO_LOADER_UNDERLAY_H

#include "scenario-checker.h"
#include "scenario.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace vsim
{

/**
 * \brief Read one entry of "routers".
 * \param c the checker
 * \param v the JSON value
 * \param path its JSON path
 * \param r filled in
 */
void ParseRouter(Checker& c, const json::value& v, const std::string& path, RouterConfig& r);

/**
 * \brief Read the optional "gateway" of a NIC and check it against the NIC's address.
 * \param c the checker
 * \param o the NIC's object
 * \param path its JSON path
 * \param ip the NIC's address, if any
 * \return the gateway
 */
std::optional<ns3::Ipv4Address> ParseGateway(Checker& c,
                                             const json::object& o,
                                             const std::string& path,
                                             const std::optional<IfAddress>& ip);

/**
 * \brief The cross-checks of the routers and gateways: names, switch ports (known, used
 *        once, access or trunk as the interface needs), prefixes (no overlaps), addresses
 *        (unique), gateways (one per IP stack; a warning when no router has the address).
 * \param c the checker
 * \param s the scenario
 * \param used "switch:port" of every port something is plugged into (router ports added)
 * \param usedBy the JSON path of what is plugged into each (router ports added)
 * \param ips every address with its JSON path (router addresses added)
 * \param names names of switches, hosts and VMs (a router's must differ)
 */
void CheckUnderlay(Checker& c,
                   const Scenario& s,
                   std::set<std::string>& used,
                   std::map<std::string, std::string>& usedBy,
                   std::vector<std::pair<IfAddress, std::string>>& ips,
                   const std::set<std::string>& names);

} // namespace vsim

#endif
