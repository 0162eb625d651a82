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
#include <ostream>
#include <string>

namespace vsim
{

/// What the run itself measured.
struct RunFacts
{
    std::string stopTime;    //!< simulated time, as given
    double wallSeconds{0};   //!< wall-clock time of the run
    uint64_t events{0};      //!< simulator events executed
    bool interrupted{false}; //!< SIGINT or SIGTERM stopped the simulation
    double stoppedAt{0};     //!< simulated seconds reached
};

/**
 * \brief Write summary.json (keys as in the scenario-format contract).
 * \param f the stream
 * \param s the scenario
 * \param b the built (and run) scenario
 * \param facts run facts
 */
void WriteSummary(std::ostream& f,
                  const Scenario& s,
                  const ScenarioBuilder& b,
                  const RunFacts& facts);

/**
 * \brief Write tables.txt: `show mac address-table` per physical switch, `show ip interface
 *        brief` and `show ip route` per router, and per ESXi host
 *        `net-stats -l`, esxtop's network view and `esxcli network vm port list`.
 * \param f the stream
 * \param b the built (and run) scenario
 */
void WriteTables(std::ostream& f, const ScenarioBuilder& b);

/**
 * \brief Write summary.json and tables.txt into a folder, both or neither: each is written
 *        under its temporary name (`.summary.json.tmp`, `.tables.txt.tmp`, OutputFile's
 *        Mode::Replace), every write and close checked, and both are renamed into place only
 *        once both are whole. On a failure the temporaries are removed.
 * \param dir the output folder
 * \param s the scenario
 * \param b the built (and run) scenario
 * \param facts run facts
 * \param failedFile set to the file that failed
 * \param reason set to why ("cannot write: No space left on device")
 * \return true when both files are in place
 */
bool WriteResults(const std::string& dir,
                  const Scenario& s,
                  const ScenarioBuilder& b,
                  const RunFacts& facts,
                  std::string& failedFile,
                  std::string& reason);

} // namespace vsim

#endif
