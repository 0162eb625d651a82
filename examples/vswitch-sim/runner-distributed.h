/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim --mpi: the runner's part of a distributed run (partition, gathering on rank 0).
 */
#ifndef VSWITCH_SIM_RUNNER_DISTRIBUTED_H
#define VSWITCH_SIM_RUNNER_DISTRIBUTED_H

#include "distribution.h"
#include "partition.h"
#include "runner.h"
#include "scenario-builder.h"
#include "scenario-output.h"

#include <boost/json.hpp>

#include <memory>
#include <string>
#include <vector>

namespace vsim
{

/// What rank 0 writes after a distributed run.
struct GatheredResults
{
    boost::json::object summary;                              //!< summary.json
    std::string tables;                                       //!< tables.txt
    std::vector<std::pair<std::string, std::string>> files;   //!< other ranks' captures
    std::vector<std::string> errors;                          //!< ranks that failed, and why
    uint64_t droppedEvents{0};                                //!< other ranks' events, dropped

    /// What one rank did.
    struct Rank
    {
        uint64_t events{0};      //!< events its simulator ran
        double wallSeconds{0};   //!< its wall time of the run
        uint64_t maxRssKiB{0};   //!< its peak resident memory so far
    };

    std::vector<Rank> ranks; //!< by rank
};

/**
 * \brief The partition of a distributed run, and the builder set up for it.
 * \param o the options (o.distribution set)
 * \param s the checked scenario
 * \param b the builder, before Build()
 * \param[out] r Invalid with the reasons when the scenario cannot be distributed
 * \return the partition (null with r Invalid)
 */
std::unique_ptr<Partition> SetUpDistributedRun(const RunOptions& o,
                                               const Scenario& s,
                                               ScenarioBuilder& b,
                                               RunResult& r);

/**
 * \brief Collective, after the run (also a failed one): every rank sends its summary, its
 *        tables and its capture files to rank 0, which merges them.
 * \param o the options
 * \param s the scenario
 * \param b this rank's builder, its captures stopped
 * \param facts what this rank measured
 * \param failure this rank's failure ("" when it ran to the end)
 * \param dir this rank's output folder ("" without files)
 * \param[out] out on rank 0, what to write
 * \return true on rank 0
 */
bool GatherResults(const RunOptions& o,
                   const Scenario& s,
                   const ScenarioBuilder& b,
                   const RunFacts& facts,
                   const std::string& failure,
                   const std::string& dir,
                   GatheredResults& out);

/**
 * \brief What vswitch-sim prints after a distributed run, from the merged summary.
 * \param s the scenario
 * \param g the gathered results
 * \param p the partition
 * \param d the ranks
 * \param outputDir the results folder ("" without files)
 * \return the text
 */
std::string DistributedReport(const Scenario& s,
                              const GatheredResults& g,
                              const Partition& p,
                              const Distribution& d,
                              const std::string& outputDir);

} // namespace vsim

#endif /* VSWITCH_SIM_RUNNER_DISTRIBUTED_H */
