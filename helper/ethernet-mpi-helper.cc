/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ethernet-mpi-helper.h"

#include "ns3/abort.h"
#include "ns3/ethernet-remote-channel.h"
#include "ns3/log.h"
#include "ns3/mpi-interface.h"
#include "ns3/mpi-receiver.h"
#include "ns3/node.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("EthernetMpiHelper");

EthernetMpiHelper::EthernetMpiHelper()
{
}

bool
EthernetMpiHelper::IsLocal(Ptr<Node> node)
{
    return node->GetSystemId() == GetRank();
}

uint32_t
EthernetMpiHelper::GetRank()
{
    return MpiInterface::IsEnabled() ? MpiInterface::GetSystemId() : 0;
}

uint32_t
EthernetMpiHelper::GetRanks()
{
    return MpiInterface::IsEnabled() ? MpiInterface::GetSize() : 1;
}

Ptr<EthernetChannel>
EthernetMpiHelper::CreateChannel(Ptr<EthernetNetDevice> a, Ptr<EthernetNetDevice> b)
{
    uint32_t systemA = a->GetNode()->GetSystemId();
    uint32_t systemB = b->GetNode()->GetSystemId();
    if (!MpiInterface::IsEnabled() || systemA == systemB)
    {
        return EthernetHelper::CreateChannel(a, b);
    }
    NS_ABORT_MSG_IF(systemA >= GetRanks() || systemB >= GetRanks(),
                    "EthernetMpiHelper: a cable joins nodes of ranks "
                        << systemA << " and " << systemB << " but the run has " << GetRanks()
                        << " ranks (mpirun -np N); give nodes system ids below N");
    NS_LOG_INFO("cable between node " << a->GetNode()->GetId() << " (rank " << systemA
                                      << ") and node " << b->GetNode()->GetId() << " (rank "
                                      << systemB << ") crosses ranks");
    ObjectFactory factory = GetChannelFactory();
    factory.SetTypeId(EthernetRemoteChannel::GetTypeId());
    Ptr<EthernetRemoteChannel> channel = factory.Create<EthernetRemoteChannel>();
    for (const auto& device : {a, b})
    {
        Ptr<MpiReceiver> receiver = CreateObject<MpiReceiver>();
        receiver->SetReceiveCallback(MakeCallback(&EthernetNetDevice::Receive, device));
        device->AggregateObject(receiver);
    }
    return channel;
}

} // namespace ns3
