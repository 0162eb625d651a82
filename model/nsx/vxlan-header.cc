/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "vxlan-header.h"

#include "ns3/config-error.h"
#include "ns3/log.h"

#include <iomanip>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("VxlanHeader");

NS_OBJECT_ENSURE_REGISTERED(VxlanHeader);

TypeId
VxlanHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::VxlanHeader")
                            .SetParent<Header>()
                            .SetGroupName("VSwitch")
                            .AddConstructor<VxlanHeader>();
    return tid;
}

TypeId
VxlanHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

VxlanHeader::VxlanHeader()
    : m_flags(kFlagI),
      m_vni(0)
{
}

VxlanHeader::VxlanHeader(uint32_t vni)
    : VxlanHeader()
{
    SetVni(vni);
}

void
VxlanHeader::SetVni(uint32_t vni)
{
    NS_LOG_FUNCTION(this << vni);
    if (vni > kMaxVni)
    {
        VSWITCH_CONFIG_ERROR("VXLAN: VNI " << vni << " does not fit in 24 bits (0.." << kMaxVni
                                           << ")");
    }
    m_vni = vni;
}

uint32_t
VxlanHeader::GetVni() const
{
    return m_vni;
}

void
VxlanHeader::SetReplicate(bool replicate)
{
    NS_LOG_FUNCTION(this << replicate);
    if (replicate)
    {
        m_flags |= kFlagReplicate;
    }
    else
    {
        m_flags &= ~kFlagReplicate;
    }
}

bool
VxlanHeader::GetReplicate() const
{
    return (m_flags & kFlagReplicate) != 0;
}

bool
VxlanHeader::IsValid() const
{
    return (m_flags & kFlagI) != 0;
}

uint8_t
VxlanHeader::GetFlags() const
{
    return m_flags;
}

void
VxlanHeader::Print(std::ostream& os) const
{
    std::ios state(nullptr);
    state.copyfmt(os);
    os << "VXLAN flags 0x" << std::hex << std::setw(2) << std::setfill('0')
       << static_cast<unsigned>(m_flags);
    os.copyfmt(state);
    os << " vni " << m_vni;
    if (!IsValid())
    {
        os << " (I flag clear)";
    }
    if (GetReplicate())
    {
        os << " replicate-locally";
    }
}

uint32_t
VxlanHeader::GetSerializedSize() const
{
    return kSize;
}

void
VxlanHeader::Serialize(Buffer::Iterator start) const
{
    Buffer::Iterator i = start;
    // Flags byte, then the 24 reserved bits.
    i.WriteHtonU32(static_cast<uint32_t>(m_flags) << 24);
    // VNI in the upper 24 bits, then the last 8 reserved bits.
    i.WriteHtonU32(m_vni << 8);
}

uint32_t
VxlanHeader::Deserialize(Buffer::Iterator start)
{
    Buffer::Iterator i = start;
    uint32_t first = i.ReadNtohU32();
    uint32_t second = i.ReadNtohU32();
    // Reserved bits are ignored on receipt (RFC 7348); only I and ours are kept.
    m_flags = static_cast<uint8_t>(first >> 24) & (kFlagI | kFlagReplicate);
    m_vni = second >> 8;
    NS_LOG_LOGIC("VNI " << m_vni << " flags " << static_cast<unsigned>(m_flags));
    return kSize;
}

} // namespace ns3
