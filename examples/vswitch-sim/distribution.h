/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim --mpi: what a run across MPI ranks needs of MPI, behind an interface so that
 * the runner (and the Python module) does not depend on MPI. The MPI build implements it
 * (mpi-distribution.cc, with ns-3's MpiInterface).
 */
#ifndef VSWITCH_SIM_DISTRIBUTION_H
#define VSWITCH_SIM_DISTRIBUTION_H

#include "ns3/ethernet-helper.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace vsim
{

/**
 * \brief The ranks of a distributed run, as the runner sees them.
 *
 * Every rank runs vsim::Run() on the same options; the simulator of each is ns-3's
 * distributed engine behind ns3::PartitionSimulatorImpl, so each simulates its own part.
 */
class Distribution
{
  public:
    virtual ~Distribution() = default;

    /// \return this process's rank
    virtual uint32_t Rank() const = 0;

    /// \return the number of ranks
    virtual uint32_t Ranks() const = 0;

    /// \return the synchronisation ("granted-time-window", "null-message")
    virtual std::string Engine() const = 0;

    /// \return a helper whose cables between nodes of two ranks are remote cables
    virtual std::unique_ptr<ns3::EthernetHelper> MakeCableHelper() const = 0;

    /**
     * \brief Collective: every rank gives its bytes; rank 0 gets them all.
     * \param mine this rank's bytes
     * \return on rank 0 every rank's, by rank; on the others nothing
     */
    virtual std::vector<std::string> Gather(const std::string& mine) = 0;

    /// \return events this rank's simulator dropped because they were another rank's
    virtual uint64_t DroppedEvents() const = 0;
};

} // namespace vsim

#endif /* VSWITCH_SIM_DISTRIBUTION_H */
