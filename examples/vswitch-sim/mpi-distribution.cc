/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim --mpi: the Distribution of an MPI build (mpi-distribution.h).
 */
#include "mpi-distribution.h"

#include "ns3/ethernet-mpi-helper.h"
#include "ns3/global-value.h"
#include "ns3/log.h"
#include "ns3/mpi-interface.h"
#include "ns3/partition-simulator-impl.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

#include <climits>
#include <mpi.h>
#include <stdexcept>

NS_LOG_COMPONENT_DEFINE("VswitchSimMpi");

namespace vsim
{

MpiDistribution::MpiDistribution(int* argc, char*** argv, bool nullMessage)
    : m_nullMessage(nullMessage)
{
    // MpiInterface picks its interface by the simulator's type name: the inner engine's.
    ns3::GlobalValue::Bind("SimulatorImplementationType", ns3::StringValue(InnerEngineType()));
    ns3::MpiInterface::Enable(argc, argv);
}

MpiDistribution::~MpiDistribution()
{
    ns3::MpiInterface::Disable();
}

std::string
MpiDistribution::InnerEngineType() const
{
    return m_nullMessage ? "ns3::NullMessageSimulatorImpl" : "ns3::DistributedSimulatorImpl";
}

uint32_t
MpiDistribution::Rank() const
{
    return ns3::MpiInterface::GetSystemId();
}

uint32_t
MpiDistribution::Ranks() const
{
    return ns3::MpiInterface::GetSize();
}

std::string
MpiDistribution::Engine() const
{
    return m_nullMessage ? "null-message" : "granted-time-window";
}

std::unique_ptr<ns3::EthernetHelper>
MpiDistribution::MakeCableHelper() const
{
    return std::make_unique<ns3::EthernetMpiHelper>();
}

std::vector<std::string>
MpiDistribution::Gather(const std::string& mine)
{
    MPI_Comm comm = ns3::MpiInterface::GetCommunicator();
    if (mine.size() > static_cast<std::size_t>(INT_MAX))
    {
        throw std::runtime_error("rank " + std::to_string(Rank()) + ": its results (" +
                                 std::to_string(mine.size()) +
                                 " bytes) are over MPI's 2 GiB message");
    }
    int size = static_cast<int>(mine.size());
    std::vector<int> sizes(Ranks());
    MPI_Gather(&size, 1, MPI_INT, sizes.data(), 1, MPI_INT, 0, comm);
    std::vector<int> offsets(Ranks(), 0);
    long long total = 0;
    for (uint32_t r = 0; r < Ranks(); ++r)
    {
        offsets[r] = static_cast<int>(total);
        total += sizes[r];
    }
    if (Rank() == 0 && total > INT_MAX)
    {
        throw std::runtime_error("the ranks' results (" + std::to_string(total) +
                                 " bytes) are over MPI's 2 GiB message");
    }
    std::string all(Rank() == 0 ? static_cast<std::size_t>(total) : 0, '\0');
    MPI_Gatherv(mine.data(),
                size,
                MPI_CHAR,
                all.data(),
                sizes.data(),
                offsets.data(),
                MPI_CHAR,
                0,
                comm);
    std::vector<std::string> out;
    if (Rank() == 0)
    {
        for (uint32_t r = 0; r < Ranks(); ++r)
        {
            out.push_back(all.substr(offsets[r], sizes[r]));
        }
    }
    return out;
}

uint64_t
MpiDistribution::DroppedEvents() const
{
    ns3::Ptr<ns3::PartitionSimulatorImpl> impl =
        ns3::DynamicCast<ns3::PartitionSimulatorImpl>(ns3::Simulator::GetImplementation());
    return impl ? impl->GetDroppedEventCount() : 0;
}

} // namespace vsim
