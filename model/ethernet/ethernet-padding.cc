/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ethernet-padding.h"

#include "ns3/log.h"
#include "ns3/packet.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("EthernetPadding");

NS_OBJECT_ENSURE_REGISTERED(EthernetPadding);

TypeId
EthernetPadding::GetTypeId()
{
    static TypeId tid = TypeId("ns3::EthernetPadding")
                            .SetParent<Trailer>()
                            .SetGroupName("VSwitch")
                            .AddConstructor<EthernetPadding>();
    return tid;
}

TypeId
EthernetPadding::GetInstanceTypeId() const
{
    return GetTypeId();
}

EthernetPadding::EthernetPadding(uint32_t bytes)
    : m_bytes(bytes)
{
}

void
EthernetPadding::Add(Ptr<Packet> packet, uint32_t bytes)
{
    if (bytes == 0)
    {
        return;
    }
    packet->AddTrailer(EthernetPadding(bytes));
}

uint32_t
EthernetPadding::GetSerializedSize() const
{
    return m_bytes;
}

void
EthernetPadding::Serialize(Buffer::Iterator end) const
{
    end.Prev(m_bytes);
    for (uint32_t i = 0; i < m_bytes; ++i)
    {
        end.WriteU8(0);
    }
}

uint32_t
EthernetPadding::Deserialize(Buffer::Iterator end)
{
    return m_bytes;
}

void
EthernetPadding::Print(std::ostream& os) const
{
    os << m_bytes << " bytes";
}

} // namespace ns3
