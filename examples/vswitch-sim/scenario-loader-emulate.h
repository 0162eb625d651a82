/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim: real hosts in the loop: the "emulate" and "realtime" keys of a scenario file
 * and the preflight of their taps (doc/scenario-format.rst, "Real hosts in the loop").
 */
#ifndef VSWITCH_SIM_SCENARIO_LOADER_EMULATE_H
#define VSWITCH_SIM_SCENARIO_LOADER_EMULATE_H

#include "scenario-checker.h"
#include "scenario.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace vsim
{

/**
 * \brief Read the top level's optional "emulate" array and "realtime" object.
 * \param c the checker
 * \param top the top-level object
 * \param s filled in (emulate, realtime)
 */
void ParseEmulate(Checker& c, const json::object& top, Scenario& s);

/**
 * \brief The cross-checks of the emulate entries: the switch and its port exist, nothing
 *        else is plugged into the port (it is no LAG member either), each tap is named once.
 * \param c the checker
 * \param s the scenario
 * \param used "switch:port" of every port something is plugged into (tap ports added)
 * \param usedBy the JSON path of what is plugged into each (tap ports added)
 */
void CheckEmulate(Checker& c,
                  const Scenario& s,
                  std::set<std::string>& used,
                  std::map<std::string, std::string>& usedBy);

/**
 * \brief What the machine must allow before a scenario with taps runs: CAP_NET_ADMIN, and
 *        each tap existing, a tap, not in use (or, with "create", free to create).
 *        Nothing is kept open; nothing is built.
 * \param s a checked scenario
 * \return one "FILE: emulate[i].tap: what is wrong (what to do)" line per problem; empty
 *         when the taps can be used (or there are none)
 */
std::vector<std::string> PreflightEmulate(const Scenario& s);

} // namespace vsim

#endif
