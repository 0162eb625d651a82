/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_CAPTURE_FILTER_H
#define VSWITCH_CAPTURE_FILTER_H

#include "ns3/pktcap-options.h"
#include "ns3/ptr.h"

#include <cstddef>
#include <cstdint>

namespace ns3
{

class Packet;

/**
 * \ingroup vswitch
 * \brief pktcap-uw's session filters (--proto, --ethtype, --mac, --ip, --vlan, ports, --vxlan),
 *        applied to a frame's bytes.
 *
 * A frame matches when every filter that is set matches (no filter: every frame matches).
 * The frame is parsed as Ethernet II with an optional 802.1Q tag (TPID 0x8100), then IPv4
 * (header length from IHL), then TCP or UDP, then VXLAN:
 *
 * - `--ethtype` compares the EtherType after the tag, if any;
 * - `--srcmac`/`--dstmac` compare one side, `--mac` either side;
 * - `--vlan` compares the tag's VLAN ID when the bytes carry a tag, otherwise the VLAN metadata
 *   the switch associates with the frame (CaptureContext::vlan; 0 = none), so `--vlan 100`
 *   matches a frame of a port group with VLAN 100 at PortInput where the bytes are untagged;
 * - `--proto`, `--srcip`/`--dstip`/`--ip` (either side) need IPv4;
 * - `--srcport`/`--dstport` compare a TCP or UDP port, `--tcpport` a TCP source or destination
 *   port; port filters need the first fragment of a datagram;
 * - `--vxlan VNI` needs IPv4, UDP to port 4789 (IANA) or 8472 (the older port NSX-V and Linux
 *   use), a full 8-byte VXLAN header, and compares the VNI in its bytes 4..6; the other filters
 *   apply to the outer headers.
 *
 * A frame too short for a header that a set filter needs does not match. Matches() reads the
 * bytes in place and allocates nothing.
 */
class CaptureFilter
{
  public:
    /// Most header bytes Matches() looks at: 18 (tagged Ethernet) + 60 (IPv4) + 8 (UDP) + 8.
    static constexpr std::size_t kMaxHeaderBytes = 94;

    /// A filter that matches every frame.
    CaptureFilter();

    /**
     * \brief The filter of a pktcap-uw session.
     * \param options the parsed options (only the filters are used)
     */
    explicit CaptureFilter(const PktcapOptions& options);

    /**
     * \brief A filter from a filter specification.
     * \param spec the filters
     */
    explicit CaptureFilter(const PktcapOptions::FilterSpec& spec);

    /// \return true when no filter is set (every frame matches)
    bool IsEmpty() const;

    /**
     * \brief Whether a frame passes the filters.
     * \param frame the frame's bytes, beginning with the destination MAC
     * \param len the number of bytes
     * \param vlanMeta the VLAN the switch associates with the frame (0: none); used by --vlan
     *        when the bytes carry no tag
     * \return true when every set filter matches
     */
    bool Matches(const uint8_t* frame, std::size_t len, uint16_t vlanMeta) const;

    /**
     * \brief Whether a frame passes the filters (copies at most kMaxHeaderBytes to the stack).
     * \param frame the frame, beginning with its Ethernet header
     * \param vlanMeta the VLAN the switch associates with the frame (0: none)
     * \return true when every set filter matches
     */
    bool Matches(Ptr<const Packet> frame, uint16_t vlanMeta) const;

  private:
    /// Bits of m_set: which filters are set.
    enum Field : uint32_t
    {
        kProto = 1u << 0,
        kEtherType = 1u << 1,
        kSrcMac = 1u << 2,
        kDstMac = 1u << 3,
        kMac = 1u << 4,
        kSrcIp = 1u << 5,
        kDstIp = 1u << 6,
        kIp = 1u << 7,
        kVlan = 1u << 8,
        kSrcPort = 1u << 9,
        kDstPort = 1u << 10,
        kTcpPort = 1u << 11,
        kVxlan = 1u << 12,
        kL3 = kProto | kSrcIp | kDstIp | kIp | kSrcPort | kDstPort | kTcpPort | kVxlan,
        kL4 = kSrcPort | kDstPort | kTcpPort | kVxlan
    };

    uint32_t m_set{0};       //!< Field bits of the filters that are set
    uint8_t m_proto{0};      //!< --proto
    uint16_t m_etherType{0}; //!< --ethtype
    uint64_t m_srcMac{0};    //!< --srcmac, as EthernetVlanHeader::MacToKey packs it
    uint64_t m_dstMac{0};    //!< --dstmac
    uint64_t m_mac{0};       //!< --mac
    uint32_t m_srcIp{0};     //!< --srcip, host order
    uint32_t m_dstIp{0};     //!< --dstip
    uint32_t m_ip{0};        //!< --ip
    uint16_t m_vlan{0};      //!< --vlan
    uint16_t m_srcPort{0};   //!< --srcport
    uint16_t m_dstPort{0};   //!< --dstport
    uint16_t m_tcpPort{0};   //!< --tcpport
    uint32_t m_vxlan{0};     //!< --vxlan
};

} // namespace ns3

#endif /* VSWITCH_CAPTURE_FILTER_H */
