/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "vxlan-l4-protocol.h"

#include "ns3/ipv4-header.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/socket.h"
#include "ns3/udp-header.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("VxlanL4Protocol");
NS_OBJECT_ENSURE_REGISTERED(VxlanL4Protocol);

TypeId
VxlanL4Protocol::GetTypeId()
{
    static TypeId tid = TypeId("ns3::VxlanL4Protocol")
                            .SetParent<IpL4Protocol>()
                            .SetGroupName("Vswitch")
                            .AddConstructor<VxlanL4Protocol>();
    return tid;
}

VxlanL4Protocol::VxlanL4Protocol()
    : m_port(4789)
{
}

VxlanL4Protocol::~VxlanL4Protocol() = default;

void
VxlanL4Protocol::NotifyNewAggregate()
{
    Ptr<Ipv4> ipv4 = GetObject<Ipv4>();
    if (ipv4 && !m_ipv4)
    {
        m_ipv4 = ipv4;
        ipv4->Insert(this);
    }
    IpL4Protocol::NotifyNewAggregate();
}

void
VxlanL4Protocol::DoDispose()
{
    m_ipv4 = nullptr;
    m_routes.clear();
    m_receive = MakeNullCallback<void, Ptr<Packet>, Ipv4Address, Ipv4Address, uint16_t>();
    m_downTarget = IpL4Protocol::DownTargetCallback();
    m_downTarget6 = IpL4Protocol::DownTargetCallback6();
    IpL4Protocol::DoDispose();
}

void
VxlanL4Protocol::SetPort(uint16_t port)
{
    m_port = port;
}

void
VxlanL4Protocol::SetReceiveCallback(ReceiveCallback cb)
{
    m_receive = cb;
}

void
VxlanL4Protocol::FlushRoutes()
{
    m_routes.clear();
}

bool
VxlanL4Protocol::Send(Ptr<Packet> payload,
                      Ipv4Address src,
                      Ipv4Address dst,
                      uint16_t srcPort,
                      uint16_t dstPort,
                      uint8_t ttl,
                      Ptr<NetDevice> device)
{
    UdpHeader udp;
    udp.SetSourcePort(srcPort);
    udp.SetDestinationPort(dstPort);
    // No EnableChecksums(): the checksum field goes out as zero (RFC 7348, IPv4).
    payload->AddHeader(udp);

    Ipv4Header ip;
    ip.SetSource(src);
    ip.SetDestination(dst);
    ip.SetProtocol(kProtocol);
    ip.SetPayloadSize(payload->GetSize());
    ip.SetTtl(ttl);
    ip.SetTos(0);
    ip.SetDontFragment(); // VTEPs must not fragment (RFC 7348)
    uint64_t key = (uint64_t(src.Get()) << 32) | dst.Get();
    ip.SetIdentification(m_identification[key]++);

    Ptr<Ipv4Route> route;
    auto it = m_routes.find(dst.Get());
    if (it != m_routes.end())
    {
        route = it->second;
    }
    else if (dst.IsMulticast())
    {
        route = Create<Ipv4Route>();
        route->SetDestination(dst);
        route->SetGateway(Ipv4Address::GetAny());
        route->SetSource(src);
        route->SetOutputDevice(device);
        m_routes[dst.Get()] = route;
    }
    else
    {
        Socket::SocketErrno err;
        route = m_ipv4->GetRoutingProtocol()->RouteOutput(payload, ip, device, err);
        if (!route)
        {
            NS_LOG_WARN("no route from " << src << " to " << dst);
            return false;
        }
        m_routes[dst.Get()] = route;
    }
    m_ipv4->SendWithHeader(payload, ip, route);
    return true;
}

int
VxlanL4Protocol::GetProtocolNumber() const
{
    return kProtocol;
}

IpL4Protocol::RxStatus
VxlanL4Protocol::Receive(Ptr<Packet> p, const Ipv4Header& header, Ptr<Ipv4Interface> iface)
{
    UdpHeader udp;
    if (p->GetSize() < udp.GetSerializedSize())
    {
        return IpL4Protocol::RX_CSUM_FAILED;
    }
    p->PeekHeader(udp);
    if (udp.GetDestinationPort() != m_port)
    {
        return IpL4Protocol::RX_ENDPOINT_UNREACH;
    }
    if (Node::ChecksumEnabled())
    {
        // A zero checksum means none was computed (RFC 768); any other must be right.
        uint8_t field[8];
        p->CopyData(field, 8);
        if (field[6] != 0 || field[7] != 0)
        {
            UdpHeader check;
            check.EnableChecksums();
            check.InitializeChecksum(header.GetSource(), header.GetDestination(), kProtocol);
            p->PeekHeader(check);
            if (!check.IsChecksumOk())
            {
                NS_LOG_INFO("bad UDP checksum from " << header.GetSource());
                return IpL4Protocol::RX_CSUM_FAILED;
            }
        }
    }
    p->RemoveHeader(udp);
    if (!m_receive.IsNull())
    {
        m_receive(p, header.GetSource(), header.GetDestination(), udp.GetSourcePort());
    }
    return IpL4Protocol::RX_OK;
}

IpL4Protocol::RxStatus
VxlanL4Protocol::Receive(Ptr<Packet>, const Ipv6Header&, Ptr<Ipv6Interface>)
{
    return IpL4Protocol::RX_ENDPOINT_UNREACH; // the VTEP stack is IPv4 only
}

void
VxlanL4Protocol::SetDownTarget(IpL4Protocol::DownTargetCallback cb)
{
    m_downTarget = cb;
}

void
VxlanL4Protocol::SetDownTarget6(IpL4Protocol::DownTargetCallback6 cb)
{
    m_downTarget6 = cb;
}

IpL4Protocol::DownTargetCallback
VxlanL4Protocol::GetDownTarget() const
{
    return m_downTarget;
}

IpL4Protocol::DownTargetCallback6
VxlanL4Protocol::GetDownTarget6() const
{
    return m_downTarget6;
}

} // namespace ns3
