/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ethernet-vlan-header.h"

#include "ns3/assert.h"
#include "ns3/log.h"

#include <cstring>
#include <iomanip>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("EthernetVlanHeader");

NS_OBJECT_ENSURE_REGISTERED(EthernetVlanHeader);

TypeId
EthernetVlanHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::EthernetVlanHeader")
                            .SetParent<Header>()
                            .SetGroupName("VSwitch")
                            .AddConstructor<EthernetVlanHeader>();
    return tid;
}

TypeId
EthernetVlanHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

EthernetVlanHeader::EthernetVlanHeader()
    : m_destination(0),
      m_source(0),
      m_etherType(0),
      m_tci(0),
      m_tagged(false)
{
}

EthernetVlanHeader::EthernetVlanHeader(Mac48Address source,
                                       Mac48Address destination,
                                       uint16_t etherType)
    : m_destination(MacToKey(destination)),
      m_source(MacToKey(source)),
      m_etherType(etherType),
      m_tci(0),
      m_tagged(false)
{
}

void
EthernetVlanHeader::SetSource(Mac48Address source)
{
    m_source = MacToKey(source);
}

Mac48Address
EthernetVlanHeader::GetSource() const
{
    return KeyToMac(m_source);
}

void
EthernetVlanHeader::SetDestination(Mac48Address destination)
{
    m_destination = MacToKey(destination);
}

Mac48Address
EthernetVlanHeader::GetDestination() const
{
    return KeyToMac(m_destination);
}

void
EthernetVlanHeader::SetEtherType(uint16_t etherType)
{
    m_etherType = etherType;
}

uint16_t
EthernetVlanHeader::GetEtherType() const
{
    return m_etherType;
}

void
EthernetVlanHeader::SetVlanTag(uint16_t vid, uint8_t pcp, bool dei)
{
    NS_ASSERT_MSG(vid <= 4095, "VLAN ID " << vid << " does not fit in 12 bits");
    NS_ASSERT_MSG(pcp <= 7, "PCP " << +pcp << " does not fit in 3 bits");
    m_tci = static_cast<uint16_t>((pcp << 13) | (dei ? 0x1000 : 0) | vid);
    m_tagged = true;
}

void
EthernetVlanHeader::RemoveVlanTag()
{
    m_tagged = false;
    m_tci = 0;
}

bool
EthernetVlanHeader::HasVlanTag() const
{
    return m_tagged;
}

uint16_t
EthernetVlanHeader::GetVlanId() const
{
    return m_tci & 0x0fff;
}

uint8_t
EthernetVlanHeader::GetPcp() const
{
    return static_cast<uint8_t>(m_tci >> 13);
}

bool
EthernetVlanHeader::GetDei() const
{
    return (m_tci & 0x1000) != 0;
}

uint64_t
EthernetVlanHeader::GetDestinationKey() const
{
    return m_destination;
}

uint64_t
EthernetVlanHeader::GetSourceKey() const
{
    return m_source;
}

bool
EthernetVlanHeader::IsGroupDestination() const
{
    return (m_destination & (uint64_t(1) << 40)) != 0;
}

uint64_t
EthernetVlanHeader::MacToKey(Mac48Address mac)
{
    uint8_t b[6];
    mac.CopyTo(b);
    return (uint64_t(b[0]) << 40) | (uint64_t(b[1]) << 32) | (uint64_t(b[2]) << 24) |
           (uint64_t(b[3]) << 16) | (uint64_t(b[4]) << 8) | uint64_t(b[5]);
}

Mac48Address
EthernetVlanHeader::KeyToMac(uint64_t key)
{
    uint8_t b[6];
    for (int i = 5; i >= 0; --i)
    {
        b[i] = static_cast<uint8_t>(key & 0xff);
        key >>= 8;
    }
    Mac48Address mac;
    mac.CopyFrom(b);
    return mac;
}

void
EthernetVlanHeader::Print(std::ostream& os) const
{
    os << GetSource() << " > " << GetDestination();
    if (m_tagged)
    {
        os << " vlan " << GetVlanId() << " pcp " << +GetPcp();
    }
    os << " type 0x" << std::hex << std::setw(4) << std::setfill('0') << m_etherType << std::dec
       << std::setfill(' ');
}

uint32_t
EthernetVlanHeader::GetSerializedSize() const
{
    return m_tagged ? kTaggedSize : kUntaggedSize;
}

void
EthernetVlanHeader::Serialize(Buffer::Iterator start) const
{
    // One Write() of the whole header: Buffer's 16/32-bit writes check the zero area each
    // (NS_ASSERT, compiled into this module), a byte array is checked once.
    uint8_t b[kTaggedSize];
    for (int k = 0; k < 6; ++k)
    {
        b[k] = static_cast<uint8_t>(m_destination >> (40 - 8 * k));
        b[6 + k] = static_cast<uint8_t>(m_source >> (40 - 8 * k));
    }
    uint32_t n = 12;
    if (m_tagged)
    {
        b[n++] = static_cast<uint8_t>(kTpid >> 8);
        b[n++] = static_cast<uint8_t>(kTpid);
        b[n++] = static_cast<uint8_t>(m_tci >> 8);
        b[n++] = static_cast<uint8_t>(m_tci);
    }
    b[n++] = static_cast<uint8_t>(m_etherType >> 8);
    b[n++] = static_cast<uint8_t>(m_etherType);
    start.Write(b, n);
}

uint32_t
EthernetVlanHeader::Deserialize(Buffer::Iterator start)
{
    Buffer::Iterator i = start;
    m_destination = uint64_t(i.ReadNtohU32()) << 16;
    m_destination |= i.ReadNtohU16();
    m_source = uint64_t(i.ReadNtohU32()) << 16;
    m_source |= i.ReadNtohU16();
    uint16_t type = i.ReadNtohU16();
    if (type == kTpid)
    {
        m_tagged = true;
        m_tci = i.ReadNtohU16();
        m_etherType = i.ReadNtohU16();
    }
    else
    {
        m_tagged = false;
        m_tci = 0;
        m_etherType = type;
    }
    return GetSerializedSize();
}

} // namespace ns3
