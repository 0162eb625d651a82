/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "nsx-snooping.h"

#include "ns3/ethernet-padding.h"
#include "ns3/ethernet-vlan-header.h"
#include "ns3/log.h"

#include <array>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("NsxSnooping");

namespace
{
constexpr uint16_t kArp = 0x0806;
constexpr uint16_t kIpv4 = 0x0800;
constexpr uint32_t kEth = 14;      // untagged Ethernet header
constexpr uint32_t kArpBody = 28;  // Ethernet/IPv4 ARP
constexpr uint32_t kBootpMin = 240; // BOOTP fixed part and the magic cookie

uint32_t
Read32(const uint8_t* p)
{
    return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
}

uint16_t
Read16(const uint8_t* p)
{
    return uint16_t((p[0] << 8) | p[1]);
}

Mac48Address
ReadMac(const uint8_t* p)
{
    Mac48Address m;
    m.CopyFrom(p);
    return m;
}

void
Write32(uint8_t* p, uint32_t v)
{
    p[0] = uint8_t(v >> 24);
    p[1] = uint8_t(v >> 16);
    p[2] = uint8_t(v >> 8);
    p[3] = uint8_t(v);
}
} // namespace

NsxSnoop
NsxSnoop::Read(Ptr<const Packet> frame, uint16_t etherType)
{
    NsxSnoop s;
    if (etherType == kArp)
    {
        std::array<uint8_t, kEth + kArpBody> b{};
        if (frame->GetSize() < b.size())
        {
            return s;
        }
        frame->CopyData(b.data(), b.size());
        const uint8_t* a = b.data() + kEth;
        // Ethernet (1) / IPv4 (0x0800), 6-byte and 4-byte addresses only.
        if (Read16(a) != 1 || Read16(a + 2) != kIpv4 || a[4] != 6 || a[5] != 4)
        {
            return s;
        }
        uint16_t op = Read16(a + 6);
        s.mac = ReadMac(a + 8);
        s.ip = Ipv4Address(Read32(a + 14));
        s.target = Ipv4Address(Read32(a + 24));
        if (op == 1)
        {
            s.kind = s.ip == s.target ? Kind::Garp : Kind::ArpRequest;
        }
        else if (op == 2)
        {
            s.kind = s.ip == s.target ? Kind::Garp : Kind::ArpReply;
        }
        return s;
    }
    if (etherType != kIpv4 || frame->GetSize() < kEth + 20 + 8 + kBootpMin)
    {
        return s;
    }
    // DHCP ACK: IPv4 / UDP 67 -> 68 / BOOTREPLY with option 53 = 5.
    std::array<uint8_t, 600> b{};
    uint32_t n = std::min<uint32_t>(frame->GetSize(), b.size());
    frame->CopyData(b.data(), n);
    const uint8_t* ip = b.data() + kEth;
    uint32_t ihl = (ip[0] & 0x0f) * 4u;
    if ((ip[0] >> 4) != 4 || ihl < 20 || ip[9] != 17 || (Read16(ip + 6) & 0x1fff) != 0)
    {
        return s;
    }
    uint32_t udp = kEth + ihl;
    if (udp + 8 + kBootpMin > n || Read16(b.data() + udp) != 67 ||
        Read16(b.data() + udp + 2) != 68)
    {
        return s;
    }
    const uint8_t* bootp = b.data() + udp + 8;
    if (bootp[0] != 2 || Read32(bootp + 236) != 0x63825363)
    {
        return s;
    }
    for (uint32_t o = udp + 8 + kBootpMin; o + 1 < n;)
    {
        uint8_t code = b[o];
        if (code == 255)
        {
            break;
        }
        if (code == 0)
        {
            ++o;
            continue;
        }
        uint8_t len = b[o + 1];
        if (code == 53 && len == 1 && o + 2 < n && b[o + 2] == 5)
        {
            s.kind = Kind::DhcpAck;
            s.ip = Ipv4Address(Read32(bootp + 16));
            s.mac = ReadMac(bootp + 28);
            return s;
        }
        o += 2u + len;
    }
    return s;
}

Ptr<Packet>
NsxSnoop::MakeArpReply(Mac48Address requesterMac,
                       Ipv4Address requesterIp,
                       Mac48Address ownerMac,
                       Ipv4Address ownerIp)
{
    std::array<uint8_t, kArpBody> a{};
    a[1] = 1; // Ethernet
    a[2] = 0x08;
    a[3] = 0x00; // IPv4
    a[4] = 6;
    a[5] = 4;
    a[7] = 2; // reply
    ownerMac.CopyTo(a.data() + 8);
    Write32(a.data() + 14, ownerIp.Get());
    requesterMac.CopyTo(a.data() + 18);
    Write32(a.data() + 24, requesterIp.Get());
    Ptr<Packet> p = Create<Packet>(a.data(), a.size());
    EthernetPadding::Add(p, EthernetVlanHeader::kMinFrameSize - kEth - kArpBody);
    p->AddHeader(EthernetVlanHeader(ownerMac, requesterMac, kArp));
    return p;
}

} // namespace ns3
