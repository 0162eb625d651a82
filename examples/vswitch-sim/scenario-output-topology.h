/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim: topology.dot and topology.svg, a picture of the scenario.
 */
#ifndef VSWITCH_SIM_SCENARIO_OUTPUT_TOPOLOGY_H
#define VSWITCH_SIM_SCENARIO_OUTPUT_TOPOLOGY_H

#include "scenario.h"

#include <ostream>
#include <string>
#include <vector>

namespace vsim
{

/**
 * \brief Run a program (found on PATH) and wait for it; its output goes to ours.
 * \param args the program and its arguments
 * \param exitStatus set to its exit status (-1 when a signal ended it or it did not run)
 * \param spawnError set to the errno of a failed start (ENOENT: not installed), else 0
 * \return "" when it ran to its end, else why not ("cannot run dot: ...")
 */
std::string RunProgram(const std::vector<std::string>& args, int& exitStatus, int& spawnError);

/**
 * \brief Write the scenario's topology as a Graphviz graph: physical switches (with their
 *        LAGs and SPAN sessions), routers, bare-metal hosts, ESXi hosts as boxes holding
 *        their vmnics, standard switches and distributed-switch proxies (port groups as
 *        fields, with their VLANs), vmknics and VMs; nested hosts inside the VM they run
 *        in; distributed switches and the hosts they span; VTEPs, logical switches and
 *        controllers; cables with the switch port at the switch's end.
 * \param os the stream
 * \param s the scenario (as loaded and checked)
 */
void WriteTopologyDot(std::ostream& os, const Scenario& s);

/**
 * \brief Write DIR/topology.dot, and DIR/topology.svg from it with Graphviz's `dot` when it
 *        is installed. Each file is written under a temporary name and renamed into place
 *        once whole.
 * \param dir the output folder
 * \param s the scenario
 * \param problem set when topology.dot could not be written (the file and the reason)
 * \param warning set when topology.svg was not made: "graphviz's dot is not installed
 *        (apt-get install graphviz)", or dot's failure
 * \return false when topology.dot could not be written
 */
bool WriteTopology(const std::string& dir,
                   const Scenario& s,
                   std::string& problem,
                   std::string& warning);

} // namespace vsim

#endif
