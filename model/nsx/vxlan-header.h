/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_VXLAN_HEADER_H
#define VSWITCH_VXLAN_HEADER_H

#include "ns3/header.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup vswitch
 * \brief The VXLAN header (RFC 7348, section 5): the 8 bytes between the outer UDP header and
 *        the inner Ethernet frame.
 *
 * On the wire, in network byte order:
 *
 * \verbatim
    0                   1                   2                   3
    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   |R|L|R|R|I|R|R|R|            Reserved                           |
   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   |                VXLAN Network Identifier (VNI) |   Reserved    |
   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   \endverbatim
 *
 * I (0x08 in the flags byte) says the VNI is valid and is always sent set; a received
 * header without it is kept but IsValid() is false, and a VTEP drops such a frame.
 *
 * L (0x40 in the flags byte, bit 1 counting from the most significant bit of the first word)
 * is "replicate locally", this project's choice of bit: the source VTEP sets it on the
 * unicast copy of a BUM frame it sends to the proxy VTEP (UTEP or MTEP) of another segment,
 * which then replicates the frame to the VTEPs of its own segment and not further. NSX-V marks
 * that copy with a bit of the first reserved field too; which bit it uses is not published, so
 * 0x40 is chosen here as a bit that neither the Group Based Policy extension (G 0x80, D, A)
 * nor VXLAN-GPE (Ver 0x30, P 0x04, B 0x02, O 0x01) nor Linux's remote checksum offload
 * defines. Wireshark decodes the header as VXLAN anyway and shows the bit in
 * `vxlan.flags_reserved` (0x4000). Note that Linux's VXLAN driver drops a frame with any
 * reserved bit set (it is stricter than RFC 7348 here), so only this project's VTEPs can be
 * the receivers of such a copy.
 *
 * Every other reserved bit is sent as zero and ignored on receipt (RFC 7348).
 */
class VxlanHeader : public Header
{
  public:
    static constexpr uint16_t kIanaPort = 4789;     //!< UDP port assigned by IANA (RFC 7348)
    static constexpr uint16_t kNsxvPort = 8472;     //!< NSX-V's VTEP port (Linux's default too)
    static constexpr uint32_t kSize = 8;            //!< bytes of the header
    static constexpr uint32_t kMaxVni = 0xffffff;   //!< the largest VNI (24 bits)
    static constexpr uint8_t kFlagI = 0x08;         //!< flags byte: the VNI is valid
    static constexpr uint8_t kFlagReplicate = 0x40; //!< flags byte: replicate locally (ours)
    /**
     * Bytes VXLAN adds in front of the inner frame on an untagged IPv4 transport: outer
     * Ethernet 14, IPv4 20, UDP 8, VXLAN 8.
     */
    static constexpr uint32_t kIpv4Overhead = 50;

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// A header with VNI 0, the I flag set and the replicate flag clear.
    VxlanHeader();

    /**
     * \param vni the VXLAN network identifier, at most kMaxVni
     * \throws ConfigError when vni does not fit in 24 bits
     */
    explicit VxlanHeader(uint32_t vni);

    /**
     * \param vni the VXLAN network identifier, at most kMaxVni
     * \throws ConfigError when vni does not fit in 24 bits
     */
    void SetVni(uint32_t vni);
    /// \return the VXLAN network identifier
    uint32_t GetVni() const;

    /**
     * \param replicate whether the receiving proxy VTEP must replicate the frame to the VTEPs
     *        of its own segment (flag kFlagReplicate)
     */
    void SetReplicate(bool replicate);
    /// \return whether the replicate-locally flag is set
    bool GetReplicate() const;

    /**
     * \return whether the I flag is set. A header built here always has it; a deserialised
     *         one has it when the sender set it.
     */
    bool IsValid() const;

    /// \return the flags byte as it is sent (I and replicate; other bits zero)
    uint8_t GetFlags() const;

    // Header
    TypeId GetInstanceTypeId() const override;
    void Print(std::ostream& os) const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;

  private:
    uint8_t m_flags; //!< kFlagI and kFlagReplicate; no other bit is ever set
    uint32_t m_vni;  //!< VXLAN network identifier, 24 bits
};

} // namespace ns3

#endif /* VSWITCH_VXLAN_HEADER_H */
