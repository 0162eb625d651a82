/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim: summary.json and tables.txt.
 */
#ifndef VSWITCH_SIM_SCENARIO_OUTPUT_H
#define VSWITCH_SIM_SCENARIO_OUTPUT_H

#include "scenario-builder.h"
#include "scenario.h"

#include <cstdint>
#include <string>

namespace vsim
{

/// What the run itself measured.
struct RunFacts
{
    std::string stopTime;  //!< simulated time, as given
    double wallSeconds{0}; //!< wall-clock time of the run
    uint64_t events{0};    //!< simulator events executed
};

/**
 * \brief Write summary.json (keys as in the scenario-format contract).
 * \param path the file
 * \param s the scenario
 * \param b the built (and run) scenario
 * \param facts run facts
 */
void WriteSummary(const std::string& path,
                  const Scenario& s,
                  const ScenarioBuilder& b,
                  const RunFacts& facts);

/**
 * \brief Write tables.txt: `show mac address-table` per physical switch, `show ip interface
 *        brief` and `show ip route` per router, and per ESXi host
 *        `net-stats -l`, esxtop's network view and `esxcli network vm port list`.
 * \param path the file
 * \param b the built (and run) scenario
 */
void WriteTables(const std::string& path, const ScenarioBuilder& b);

} // namespace vsim

#endif
