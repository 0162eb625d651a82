/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "capture-filter.h"

#include "ns3/ethernet-vlan-header.h"
#include "ns3/log.h"
#include "ns3/packet.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CaptureFilter");

namespace
{

constexpr uint16_t kEtherTypeIpv4 = 0x0800;
constexpr uint8_t kProtoTcp = 6;
constexpr uint8_t kProtoUdp = 17;
constexpr uint16_t kVxlanPort = 4789;       //!< IANA
constexpr uint16_t kVxlanLegacyPort = 8472; //!< NSX-V, Linux default
constexpr std::size_t kUdpHeaderSize = 8;
constexpr std::size_t kVxlanHeaderSize = 8;

inline uint16_t
Read16(const uint8_t* p)
{
    return static_cast<uint16_t>((p[0] << 8) | p[1]);
}

inline uint32_t
Read32(const uint8_t* p)
{
    return (static_cast<uint32_t>(p[0]) << 24) | (static_cast<uint32_t>(p[1]) << 16) |
           (static_cast<uint32_t>(p[2]) << 8) | p[3];
}

inline uint64_t
Read48(const uint8_t* p)
{
    uint64_t v = 0;
    for (int i = 0; i < 6; ++i)
    {
        v = (v << 8) | p[i];
    }
    return v;
}

} // namespace

CaptureFilter::CaptureFilter()
{
    NS_LOG_FUNCTION(this);
}

CaptureFilter::CaptureFilter(const PktcapOptions& options)
    : CaptureFilter(options.GetFilter())
{
}

CaptureFilter::CaptureFilter(const PktcapOptions::FilterSpec& spec)
{
    NS_LOG_FUNCTION(this);
    if (spec.ipProto)
    {
        m_set |= kProto;
        m_proto = *spec.ipProto;
    }
    if (spec.etherType)
    {
        m_set |= kEtherType;
        m_etherType = *spec.etherType;
    }
    if (spec.srcMac)
    {
        m_set |= kSrcMac;
        m_srcMac = EthernetVlanHeader::MacToKey(*spec.srcMac);
    }
    if (spec.dstMac)
    {
        m_set |= kDstMac;
        m_dstMac = EthernetVlanHeader::MacToKey(*spec.dstMac);
    }
    if (spec.mac)
    {
        m_set |= kMac;
        m_mac = EthernetVlanHeader::MacToKey(*spec.mac);
    }
    if (spec.srcIp)
    {
        m_set |= kSrcIp;
        m_srcIp = spec.srcIp->Get();
    }
    if (spec.dstIp)
    {
        m_set |= kDstIp;
        m_dstIp = spec.dstIp->Get();
    }
    if (spec.ip)
    {
        m_set |= kIp;
        m_ip = spec.ip->Get();
    }
    if (spec.vlan)
    {
        m_set |= kVlan;
        m_vlan = *spec.vlan;
    }
    if (spec.srcPort)
    {
        m_set |= kSrcPort;
        m_srcPort = *spec.srcPort;
    }
    if (spec.dstPort)
    {
        m_set |= kDstPort;
        m_dstPort = *spec.dstPort;
    }
    if (spec.tcpPort)
    {
        m_set |= kTcpPort;
        m_tcpPort = *spec.tcpPort;
    }
    if (spec.vxlan)
    {
        m_set |= kVxlan;
        m_vxlan = *spec.vxlan;
    }
}

bool
CaptureFilter::IsEmpty() const
{
    return m_set == 0;
}

bool
CaptureFilter::Matches(const uint8_t* frame, std::size_t len, uint16_t vlanMeta) const
{
    if (m_set == 0)
    {
        return true;
    }
    // Ethernet II, optional 802.1Q tag.
    if (len < EthernetVlanHeader::kUntaggedSize)
    {
        return false;
    }
    const uint64_t dst = Read48(frame);
    const uint64_t src = Read48(frame + 6);
    if (((m_set & kDstMac) && dst != m_dstMac) || ((m_set & kSrcMac) && src != m_srcMac) ||
        ((m_set & kMac) && dst != m_mac && src != m_mac))
    {
        return false;
    }
    std::size_t offset = 12;
    uint16_t etherType = Read16(frame + offset);
    uint16_t vlan = vlanMeta;
    if (etherType == EthernetVlanHeader::kTpid)
    {
        if (len < EthernetVlanHeader::kTaggedSize)
        {
            return false;
        }
        vlan = Read16(frame + 14) & 0x0fff;
        etherType = Read16(frame + 16);
        offset = EthernetVlanHeader::kTaggedSize;
    }
    else
    {
        offset = EthernetVlanHeader::kUntaggedSize;
    }
    if (((m_set & kVlan) && vlan != m_vlan) || ((m_set & kEtherType) && etherType != m_etherType))
    {
        return false;
    }
    if ((m_set & kL3) == 0)
    {
        return true;
    }

    // IPv4.
    if (etherType != kEtherTypeIpv4 || len < offset + 20)
    {
        return false;
    }
    const uint8_t* ip = frame + offset;
    const std::size_t ihl = static_cast<std::size_t>(ip[0] & 0x0f) * 4;
    if ((ip[0] >> 4) != 4 || ihl < 20 || len < offset + ihl)
    {
        return false;
    }
    const uint8_t proto = ip[9];
    const uint32_t srcIp = Read32(ip + 12);
    const uint32_t dstIp = Read32(ip + 16);
    if (((m_set & kProto) && proto != m_proto) || ((m_set & kSrcIp) && srcIp != m_srcIp) ||
        ((m_set & kDstIp) && dstIp != m_dstIp) || ((m_set & kIp) && srcIp != m_ip && dstIp != m_ip))
    {
        return false;
    }
    if ((m_set & kL4) == 0)
    {
        return true;
    }

    // TCP or UDP ports (first fragment only), then VXLAN.
    const bool firstFragment = (Read16(ip + 6) & 0x1fff) == 0;
    offset += ihl;
    if (!firstFragment || (proto != kProtoTcp && proto != kProtoUdp) || len < offset + 4)
    {
        return false;
    }
    const uint16_t srcPort = Read16(frame + offset);
    const uint16_t dstPort = Read16(frame + offset + 2);
    if (((m_set & kSrcPort) && srcPort != m_srcPort) ||
        ((m_set & kDstPort) && dstPort != m_dstPort) ||
        ((m_set & kTcpPort) &&
         (proto != kProtoTcp || (srcPort != m_tcpPort && dstPort != m_tcpPort))))
    {
        return false;
    }
    if (m_set & kVxlan)
    {
        if (proto != kProtoUdp || (dstPort != kVxlanPort && dstPort != kVxlanLegacyPort) ||
            len < offset + kUdpHeaderSize + kVxlanHeaderSize)
        {
            return false;
        }
        const uint8_t* vxlan = frame + offset + kUdpHeaderSize;
        const uint32_t vni = (static_cast<uint32_t>(vxlan[4]) << 16) |
                             (static_cast<uint32_t>(vxlan[5]) << 8) | vxlan[6];
        if (vni != m_vxlan)
        {
            return false;
        }
    }
    return true;
}

bool
CaptureFilter::Matches(Ptr<const Packet> frame, uint16_t vlanMeta) const
{
    if (m_set == 0)
    {
        return true;
    }
    uint8_t buffer[kMaxHeaderBytes];
    uint32_t n = frame->CopyData(buffer, static_cast<uint32_t>(kMaxHeaderBytes));
    return Matches(buffer, n, vlanMeta);
}

} // namespace ns3
