/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim --mpi: one summary.json and one tables.txt from the parts of every rank.
 */
#ifndef VSWITCH_SIM_SUMMARY_MERGE_H
#define VSWITCH_SIM_SUMMARY_MERGE_H

#include "scenario-builder.h"
#include "scenario-output.h"

#include <boost/json.hpp>

#include <string>
#include <vector>

namespace vsim
{

/**
 * \brief summary.json of a distributed run, as a one-process run writes it, from the
 *        summary each rank made (SummaryObject with framesOfRank set to the rank).
 *
 * Every rank builds the whole scenario, so each rank's summary has every row; each row is
 * taken from the rank that simulated what it describes (a traffic row from its sender's
 * rank, with "received" summed over the ranks, as a sink may be on another; a port, drop
 * or uplink row from its host's or switch's rank; a MAC table from its switch's; NSX from
 * the NSX hosts' rank; the scenario events from rank 0, as they run on every rank).
 * "events" is the sum over the ranks, "wallSeconds" the longest; the "frames" ledgers are
 * put back in node order and their total summed.
 *
 * \param ranks each rank's summary, by rank
 * \param b this rank's builder (it knows which rank has what)
 * \return the summary
 * \throws std::logic_error for a key it has no rule for (a new summary key needs one)
 */
boost::json::object MergeSummaries(const std::vector<boost::json::object>& ranks,
                                   const ScenarioBuilder& b);

/**
 * \brief tables.txt of a distributed run: block k from the rank TableBlocks gives it.
 * \param blocks this rank's blocks (their ranks say whose each is)
 * \param texts by rank, each rank's text of every block (only its own are used)
 * \return the text
 */
std::string MergeTables(const std::vector<TableBlock>& blocks,
                        const std::vector<std::vector<std::string>>& texts);

} // namespace vsim

#endif /* VSWITCH_SIM_SUMMARY_MERGE_H */
