/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "rarp-header.h"

#include "ns3/address-utils.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RarpHeader");

NS_OBJECT_ENSURE_REGISTERED(RarpHeader);

TypeId
RarpHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::RarpHeader")
                            .SetParent<Header>()
                            .SetGroupName("VSwitch")
                            .AddConstructor<RarpHeader>();
    return tid;
}

TypeId
RarpHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

RarpHeader::RarpHeader()
    : m_opcode(kRequestReverse)
{
}

RarpHeader::RarpHeader(Mac48Address mac)
    : m_opcode(kRequestReverse),
      m_sender(mac),
      m_target(mac)
{
}

uint16_t
RarpHeader::GetOpcode() const
{
    return m_opcode;
}

Mac48Address
RarpHeader::GetSenderHardwareAddress() const
{
    return m_sender;
}

Mac48Address
RarpHeader::GetTargetHardwareAddress() const
{
    return m_target;
}

void
RarpHeader::Print(std::ostream& os) const
{
    os << "RARP op " << m_opcode << " who is " << m_target << " tell " << m_sender;
}

uint32_t
RarpHeader::GetSerializedSize() const
{
    return 28;
}

void
RarpHeader::Serialize(Buffer::Iterator start) const
{
    Buffer::Iterator i = start;
    i.WriteHtonU16(1);      // Ethernet
    i.WriteHtonU16(0x0800); // IPv4
    i.WriteU8(6);
    i.WriteU8(4);
    i.WriteHtonU16(m_opcode);
    WriteTo(i, m_sender);
    i.WriteHtonU32(0);
    WriteTo(i, m_target);
    i.WriteHtonU32(0);
}

uint32_t
RarpHeader::Deserialize(Buffer::Iterator start)
{
    Buffer::Iterator i = start;
    i.Next(6);
    m_opcode = i.ReadNtohU16();
    ReadFrom(i, m_sender);
    i.Next(4);
    ReadFrom(i, m_target);
    i.Next(4);
    return 28;
}

} // namespace ns3
