/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_NSX_SNOOPING_H
#define VSWITCH_NSX_SNOOPING_H

#include "ns3/ipv4-address.h"
#include "ns3/mac48-address.h"
#include "ns3/packet.h"

namespace ns3
{

/**
 * \ingroup vswitch
 * \brief What a host learns about a VM's IP from a frame the VM sent (spec section 9: ARP
 *        requests and replies, gratuitous ARP, DHCP ACK), and the ARP reply a host sends on
 *        its VM's behalf (ARP suppression).
 */
struct NsxSnoop
{
    /// What the frame was.
    enum class Kind : uint8_t
    {
        None = 0,   //!< nothing to learn
        ArpRequest, //!< an ARP request (the sender's binding; target the one asked for)
        ArpReply,   //!< an ARP reply (the sender's binding)
        Garp,       //!< a gratuitous ARP (sender IP = target IP)
        DhcpAck     //!< a DHCP ACK (the binding it hands out)
    };

    Kind kind{Kind::None}; //!< what the frame was
    Ipv4Address ip;        //!< the binding's IP (0.0.0.0 when the frame binds none)
    Mac48Address mac;      //!< the binding's MAC
    Ipv4Address target;    //!< an ARP request's target IP

    /**
     * \brief Read a frame a VM sent.
     * \param frame the untagged frame, from its Ethernet header
     * \param etherType the frame's EtherType
     * \return what it says
     */
    static NsxSnoop Read(Ptr<const Packet> frame, uint16_t etherType);

    /**
     * \brief The ARP reply a host gives its VM for the owner of an IP.
     * \param requesterMac the asking VM's MAC
     * \param requesterIp its IP
     * \param ownerMac the MAC that owns the IP asked for
     * \param ownerIp that IP
     * \return the frame, Ethernet header first, padded to 60 bytes with zeros
     */
    static Ptr<Packet> MakeArpReply(Mac48Address requesterMac,
                                    Ipv4Address requesterIp,
                                    Mac48Address ownerMac,
                                    Ipv4Address ownerIp);
};

} // namespace ns3

#endif /* VSWITCH_NSX_SNOOPING_H */
