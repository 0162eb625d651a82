/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Linux's own VXLAN driver as a reference VTEP for the tests: it encapsulates a frame we
 * give it, or decapsulates a packet we give it, inside a network namespace made for the
 * call and deleted afterwards.
 */
#ifndef VSWITCH_LINUX_VXLAN_PEER_H
#define VSWITCH_LINUX_VXLAN_PEER_H

#include "ns3/ipv4-address.h"
#include "ns3/mac48-address.h"

#include <cstdint>
#include <string>
#include <vector>

namespace vswitchtest
{

/**
 * The tunnel as seen from the Linux VTEP: "local" is the Linux side, "remote" the other VTEP
 * (the one the test simulates), for LinuxEncap and LinuxDecap alike.
 *
 * Both VTEPs are on one underlay subnet (prefixLength); the Linux VTEP resolves the remote
 * MAC from a permanent neighbour entry, so no ARP is sent.
 */
struct LinuxVxlanTunnel
{
    uint32_t vni{5001};                               //!< VXLAN network identifier
    ns3::Ipv4Address localIp{"172.16.10.1"};          //!< the Linux VTEP's address
    ns3::Mac48Address localMac{"00:50:56:6a:00:01"};  //!< the Linux VTEP's underlay MAC
    ns3::Ipv4Address remoteIp{"172.16.10.2"};         //!< the other VTEP's address
    ns3::Mac48Address remoteMac{"00:50:56:6a:00:02"}; //!< the other VTEP's MAC
    uint8_t prefixLength{24};                         //!< underlay subnet of both
    uint16_t dstPort{4789};                           //!< UDP port of both VTEPs
    uint32_t timeoutMs{1000}; //!< how long to wait for the frame to come out
};

/// What came out of the Linux VTEP.
struct LinuxPeerResult
{
    /// The frame captured (Ethernet header and up); empty when nothing came out in time.
    std::vector<uint8_t> frame;
    /**
     * Why the experiment could not be run (namespace, device or socket set-up failed);
     * empty when it ran, whether or not a frame came out.
     */
    std::string error;
};

/**
 * Whether this machine can run the Linux peer: root (CAP_NET_ADMIN and CAP_NET_RAW), `ip`
 * from iproute2, network namespaces, and the vxlan, veth and bridge drivers (built in or
 * loadable). It tries the real thing once (a namespace with one device of each kind) and
 * remembers the answer.
 *
 * \param why set to what is missing when the answer is no
 * \return whether LinuxEncap and LinuxDecap can be used
 */
bool LinuxPeerAvailable(std::string* why);

/**
 * Have Linux encapsulate a frame and return the packet it puts on the underlay.
 *
 * In a new namespace: a veth pair ul0/ul1 is the underlay (ul0 has localMac and
 * localIp/prefixLength, MTU 1600; ul1 has remoteMac); vx0 is a VXLAN device configured as
 * this project's spec says a VTEP sends (`id VNI local LOCAL remote REMOTE dstport PORT dev
 * ul0 ttl 64 df set noudpcsum nolearning`, MTU 1500); a bridge br0 joins vx0 and in1, the end
 * of a second veth pair in0/in1. The frame is written to in0 with an AF_PACKET socket, the
 * bridge floods it to vx0, and the first IPv4/UDP packet to dstPort that arrives on ul1 is
 * returned.
 *
 * Linux's defaults differ from the spec and are set explicitly: DF is clear by default
 * (`df unset`), the UDP checksum is computed by default with current iproute2 (`udpcsum`), the
 * TTL is taken from the route by default (`ttl auto`), the port is 8472 when none is given,
 * and a new device learns remote MACs. The UDP source port (a hash of the inner flow, within
 * net.ipv4.ip_local_port_range, 32768..60999 by default), the IPv4 identification and so the
 * header checksum are Linux's own and differ from run to run.
 *
 * The bridge does not forward frames to 01:80:c2:00:00:0X nor to its own MAC. So that nothing
 * else leaves ul0 (or in0, for LinuxDecap), IPv6 is off in the namespace and the bridge runs
 * without multicast snooping (with it, br0 sends an IGMP report for 224.0.0.106 that the bridge
 * floods to every port, vx0 included).
 *
 * \param innerFrame the frame to encapsulate, Ethernet header and up, 14..1514 bytes
 * \param tunnel VNI, addresses and port
 * \return the outer packet (Ethernet/IPv4/UDP/VXLAN/inner frame), or why not
 */
LinuxPeerResult LinuxEncap(const std::vector<uint8_t>& innerFrame, const LinuxVxlanTunnel& tunnel);

/**
 * Have Linux decapsulate a packet and return the frame it delivers.
 *
 * The same namespace as LinuxEncap; the packet is written to ul1, so it arrives on ul0 as
 * from the remote VTEP, and the first frame that arrives on in0 is returned. For Linux to
 * accept it the packet must be addressed to localMac, localIp and dstPort, carry a correct
 * IPv4 header checksum, and have the tunnel's VNI. Linux drops a VXLAN header with the I
 * flag clear or with any reserved bit set (stricter than RFC 7348), and then nothing comes
 * out: the result's frame is empty and its error is too.
 *
 * \param outerPacket the packet, Ethernet header and up
 * \param tunnel VNI, addresses and port
 * \return the inner frame, or why not
 */
LinuxPeerResult LinuxDecap(const std::vector<uint8_t>& outerPacket, const LinuxVxlanTunnel& tunnel);

/**
 * The namespaces this process made and has not deleted: none between calls of LinuxEncap and
 * LinuxDecap, whether they succeeded or not.
 * \return their names
 */
std::vector<std::string> LinuxPeerNamespacesLeft();

} // namespace vswitchtest

/// Skip the running test, with the reason, where Linux's VXLAN peer cannot be made here.
#define SKIP_WITHOUT_LINUX_PEER()                                                                  \
    do                                                                                             \
    {                                                                                              \
        std::string why_;                                                                          \
        if (!vswitchtest::LinuxPeerAvailable(&why_))                                               \
        {                                                                                          \
            GTEST_SKIP() << "Linux VXLAN peer unavailable: " << why_;                              \
        }                                                                                          \
    } while (false)

#endif /* VSWITCH_LINUX_VXLAN_PEER_H */
