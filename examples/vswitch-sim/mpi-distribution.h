/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim --mpi: the Distribution of an MPI build (ns-3's MpiInterface), compiled into
 * vswitch-sim only when VSWITCH_MPI=ON.
 */
#ifndef VSWITCH_SIM_MPI_DISTRIBUTION_H
#define VSWITCH_SIM_MPI_DISTRIBUTION_H

#include "distribution.h"

namespace vsim
{

/**
 * \brief MPI for vswitch-sim: starts ns-3's MPI interface with the chosen engine under
 *        ns3::PartitionSimulatorImpl, and ends it when destroyed.
 */
class MpiDistribution : public Distribution
{
  public:
    /**
     * \brief MPI_Init (through MpiInterface::Enable) with the engine's interface.
     * \param argc main's \param argv main's
     * \param nullMessage the null-message engine; false: granted time window
     */
    MpiDistribution(int* argc, char*** argv, bool nullMessage);
    ~MpiDistribution() override;

    /// \return the attribute and global that choose the simulator of this run, for
    ///         RunOptions (SimulatorImplementationType, ns3::PartitionSimulatorImpl::Inner)
    std::string InnerEngineType() const;

    uint32_t Rank() const override;
    uint32_t Ranks() const override;
    std::string Engine() const override;
    std::unique_ptr<ns3::EthernetHelper> MakeCableHelper() const override;
    std::vector<std::string> Gather(const std::string& mine) override;
    uint64_t DroppedEvents() const override;

  private:
    bool m_nullMessage; //!< the null-message engine
};

} // namespace vsim

#endif /* VSWITCH_SIM_MPI_DISTRIBUTION_H */
