/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim: real hosts in the loop in the results: the "realtime" and "emulate" blocks
 * of summary.json and their lines in the report printed at the end of a run.
 */
#ifndef VSWITCH_SIM_SCENARIO_OUTPUT_EMULATE_H
#define VSWITCH_SIM_SCENARIO_OUTPUT_EMULATE_H

#include "scenario-builder.h"

#include <boost/json.hpp>
#include <string>

namespace vsim
{

/**
 * \brief Add "realtime" (the lag of a real-time run) and "emulate" (per tap: switch, port,
 *        tap, frames in and out) to the summary; nothing for a run that is not in real time.
 * \param root the summary
 * \param s the scenario
 * \param b the built (and run) scenario
 */
void AddEmulateSummary(boost::json::object& root, const Scenario& s, const ScenarioBuilder& b);

/**
 * \param b the built (and run) scenario
 * \return the report's lines for the real-time lag and the taps ("" when not in real time)
 */
std::string EmulateReport(const ScenarioBuilder& b);

} // namespace vsim

#endif
