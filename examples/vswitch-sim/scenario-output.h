/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim: summary.json and tables.txt.
 */
#ifndef VSWITCH_SIM_SCENARIO_OUTPUT_H
#define VSWITCH_SIM_SCENARIO_OUTPUT_H

#include "scenario-builder.h"
#include "scenario.h"

#include <boost/json.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>
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
 * \brief The summary as an object, WriteSummary's content.
 * \param s the scenario
 * \param b the built scenario after its run
 * \param facts what the run measured
 * \param framesOfRank the "frames" and "arpDrops" blocks of this MPI rank's nodes only (a
 *        distributed run); none: every node's
 * \return the summary
 */
boost::json::object SummaryObject(const Scenario& s,
                                  const ScenarioBuilder& b,
                                  const RunFacts& facts,
                                  std::optional<uint32_t> framesOfRank = std::nullopt);

/// \brief Write a JSON value as summary.json is written (two-space indent, a final newline).
/// \param f where \param v the value
void PrettyJson(std::ostream& f, const boost::json::value& v);

/// One part of tables.txt and the rank that knows it (0 without --mpi).
struct TableBlock
{
    uint32_t rank{0}; //!< the MPI rank of its switch, router or host
    std::string text; //!< the text
};

/**
 * \brief tables.txt in parts, in its order: each switch's, each router's, the scenario
 *        events', each host's and the NSX tables (WriteTables writes them one after another).
 * \param b the built scenario after its run
 * \return the parts
 */
std::vector<TableBlock> TableBlocks(const ScenarioBuilder& b);

/// \param b the built scenario \return the rank of its NSX hosts (0 without NSX)
uint32_t NsxRank(const ScenarioBuilder& b);

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
/**
 * \brief summary.json and tables.txt, both or neither (WriteResults' files, their text
 *        from two writers).
 * \param dir the folder
 * \param writeSummary writes summary.json's text
 * \param writeTables writes tables.txt's text
 * \param[out] failedFile the file that failed \param[out] reason why
 * \return false when a file could not be written
 */
bool WriteResultFiles(const std::string& dir,
                      const std::function<void(std::ostream&)>& writeSummary,
                      const std::function<void(std::ostream&)>& writeTables,
                      std::string& failedFile,
                      std::string& reason);

bool WriteResults(const std::string& dir,
                  const Scenario& s,
                  const ScenarioBuilder& b,
                  const RunFacts& facts,
                  std::string& failedFile,
                  std::string& reason);

} // namespace vsim

#endif
