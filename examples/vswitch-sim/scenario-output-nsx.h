/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim: the NSX part of summary.json (the "nsx" block) and of tables.txt (the
 * controller and host views of seed 2).
 */
#ifndef VSWITCH_SIM_SCENARIO_OUTPUT_NSX_H
#define VSWITCH_SIM_SCENARIO_OUTPUT_NSX_H

#include "scenario-builder.h"

#include "ns3/drop-reason.h"

#include <boost/json.hpp>
#include <map>
#include <ostream>

namespace vsim
{

/**
 * \brief The summary's "nsx" block: per VNI, the owner's tables and each host's view, as
 *        they stand at the end of the run (empty without NSX).
 * \param b the built (and run) scenario
 * \return the block
 */
boost::json::object NsxSummary(const ScenarioBuilder& b);

/**
 * \brief What the VTEPs dropped (VXLAN packets and frames), by the VTEP's port.
 * \param b the built (and run) scenario
 * \return the vmknic port of each VTEP -> its drops
 */
std::map<const ns3::VSwitchPort*, ns3::DropCounters> VtepDrops(const ScenarioBuilder& b);

/**
 * \brief The NSX views of tables.txt: per VNI the controller's `show control-cluster
 *        logical-switches vni|vtep-table|mac-table|arp-table`, then per host with a VTEP the
 *        netcpa connections, the vxlan netstack's routes and neighbours and, per VNI,
 *        `esxcli network vswitch dvs vmware vxlan network vtep|mac|arp list`.
 * \param f the stream
 * \param b the built (and run) scenario
 */
void WriteNsxTables(std::ostream& f, const ScenarioBuilder& b);

} // namespace vsim

#endif
