/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_VXLAN_L4_PROTOCOL_H
#define VSWITCH_VXLAN_L4_PROTOCOL_H

#include "ns3/callback.h"
#include "ns3/ip-l4-protocol.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv4-route.h"

#include <map>

namespace ns3
{

class Ipv4;
class Node;

/**
 * \ingroup vswitch
 * \brief UDP on a VTEP's own TCP/IP stack (ESXi's `vxlan` netstack), for VXLAN only.
 *
 * It takes the place of ns-3's UdpL4Protocol on the VTEP's stack, for two reasons: a VTEP
 * sends every datagram from a source port chosen per inner flow (RFC 7348's entropy), which
 * a socket bound to one port cannot; and it sends the UDP checksum as zero (RFC 7348 for
 * IPv4), which ns-3 3.37's UdpL4Protocol, with checksums on, counts as a bad checksum and
 * drops, where RFC 768 says zero means "no checksum". Datagrams are real ns-3 IPv4: the
 * header is built here (DF set, the TTL given, an identification per destination) and sent
 * by Ipv4::SendWithHeader on the route the stack's routing gives; the IPv4 checksum is
 * ns-3's. Received datagrams to the VXLAN port are handed up whole (from the UDP header);
 * to any other port they are refused, and ns-3's IPv4 answers with ICMP port unreachable.
 */
class VxlanL4Protocol : public IpL4Protocol
{
  public:
    /// UDP's protocol number.
    static constexpr uint8_t kProtocol = 17;

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /**
     * Receive callback: the UDP payload (the VXLAN header first), the outer source and
     * destination IPs and the UDP source port.
     */
    typedef Callback<void, Ptr<Packet>, Ipv4Address, Ipv4Address, uint16_t> ReceiveCallback;

    VxlanL4Protocol();
    ~VxlanL4Protocol() override;

    /// \param port the UDP port datagrams are accepted on
    void SetPort(uint16_t port);
    /// \param cb where received VXLAN datagrams go
    void SetReceiveCallback(ReceiveCallback cb);

    /**
     * \brief Send a UDP datagram.
     * \param payload the UDP payload (VXLAN header and inner frame)
     * \param src the source IP (the VTEP's)
     * \param dst the destination IP (a VTEP, or a multicast group)
     * \param srcPort the UDP source port
     * \param dstPort the UDP destination port
     * \param ttl the TTL
     * \param device the VTEP's device (used as the output device for a multicast group)
     * \return false when the stack has no route to dst
     */
    bool Send(Ptr<Packet> payload,
              Ipv4Address src,
              Ipv4Address dst,
              uint16_t srcPort,
              uint16_t dstPort,
              uint8_t ttl,
              Ptr<NetDevice> device);

    /// Forget cached routes (after routes changed).
    void FlushRoutes();

    // IpL4Protocol
    int GetProtocolNumber() const override;
    IpL4Protocol::RxStatus Receive(Ptr<Packet> p,
                                   const Ipv4Header& header,
                                   Ptr<Ipv4Interface> incomingInterface) override;
    IpL4Protocol::RxStatus Receive(Ptr<Packet> p,
                                   const Ipv6Header& header,
                                   Ptr<Ipv6Interface> incomingInterface) override;
    void SetDownTarget(IpL4Protocol::DownTargetCallback cb) override;
    void SetDownTarget6(IpL4Protocol::DownTargetCallback6 cb) override;
    IpL4Protocol::DownTargetCallback GetDownTarget() const override;
    IpL4Protocol::DownTargetCallback6 GetDownTarget6() const override;

  protected:
    void NotifyNewAggregate() override;
    void DoDispose() override;

  private:
    Ptr<Ipv4> m_ipv4;                                 //!< the stack
    uint16_t m_port;                                  //!< accepted UDP port
    ReceiveCallback m_receive;                        //!< upcall
    IpL4Protocol::DownTargetCallback m_downTarget;    //!< unused (IpL4Protocol asks for it)
    IpL4Protocol::DownTargetCallback6 m_downTarget6;  //!< unused
    std::map<uint32_t, Ptr<Ipv4Route>> m_routes;      //!< destination -> route
    std::map<uint64_t, uint16_t> m_identification;    //!< (src, dst) -> next IP identification
};

} // namespace ns3

#endif /* VSWITCH_VXLAN_L4_PROTOCOL_H */
