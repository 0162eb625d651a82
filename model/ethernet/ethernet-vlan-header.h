/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_ETHERNET_VLAN_HEADER_H
#define VSWITCH_ETHERNET_VLAN_HEADER_H

#include "ns3/header.h"
#include "ns3/mac48-address.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup vswitch
 * \brief An Ethernet II header with an optional IEEE 802.1Q tag.
 *
 * On the wire (and in a DLT_EN10MB pcap) the header is
 *
 *     untagged:  dst(6) src(6) EtherType(2)                              14 bytes
 *     tagged:    dst(6) src(6) 0x8100(2) PCP|DEI|VID(2) EtherType(2)       18 bytes
 *
 * The header is one object rather than an Ethernet header followed by a separate tag
 * header so that a device or switch adds, peeks and removes a frame's L2 header with a
 * single operation. The frame check sequence is not carried in the packet (pcaps do not
 * contain it either); EthernetNetDevice accounts for its time on the wire.
 */
class EthernetVlanHeader : public Header
{
  public:
    static constexpr uint16_t kTpid = 0x8100;           //!< 802.1Q tag protocol identifier
    static constexpr uint32_t kUntaggedSize = 14;       //!< size of an untagged header
    static constexpr uint32_t kTaggedSize = 18;         //!< size of a tagged header
    static constexpr uint32_t kMinFrameSize = 60;       //!< minimum frame without FCS
    static constexpr uint16_t kMaxVlanId = 4094;        //!< highest usable VLAN ID

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    EthernetVlanHeader();

    /**
     * \brief Make an untagged header.
     * \param source source MAC
     * \param destination destination MAC
     * \param etherType the EtherType of the payload
     */
    EthernetVlanHeader(Mac48Address source, Mac48Address destination, uint16_t etherType);

    /// \param source the source MAC
    void SetSource(Mac48Address source);
    /// \return the source MAC
    Mac48Address GetSource() const;
    /// \param destination the destination MAC
    void SetDestination(Mac48Address destination);
    /// \return the destination MAC
    Mac48Address GetDestination() const;
    /// \param etherType the EtherType of the payload
    void SetEtherType(uint16_t etherType);
    /// \return the EtherType of the payload (the inner one when tagged)
    uint16_t GetEtherType() const;

    /**
     * \brief Add (or replace) the 802.1Q tag.
     * \param vid VLAN ID, 0 (priority tag) to 4095
     * \param pcp priority code point, 0 to 7
     * \param dei drop eligible indicator
     */
    void SetVlanTag(uint16_t vid, uint8_t pcp = 0, bool dei = false);
    /// Remove the 802.1Q tag, if any.
    void RemoveVlanTag();
    /// \return true when the header carries an 802.1Q tag
    bool HasVlanTag() const;
    /// \return the VLAN ID of the tag (0 when untagged)
    uint16_t GetVlanId() const;
    /// \return the priority code point of the tag (0 when untagged)
    uint8_t GetPcp() const;
    /// \return the drop eligible indicator of the tag
    bool GetDei() const;

    /// \return the destination MAC as a 48-bit integer (for table keys)
    uint64_t GetDestinationKey() const;
    /// \return the source MAC as a 48-bit integer (for table keys)
    uint64_t GetSourceKey() const;
    /// \return true when the destination is broadcast or multicast (group bit set)
    bool IsGroupDestination() const;

    /**
     * \brief Pack a MAC into the low 48 bits of an integer, first byte most significant.
     * \param mac the MAC
     * \return the integer
     */
    static uint64_t MacToKey(Mac48Address mac);
    /**
     * \brief Inverse of MacToKey().
     * \param key the integer
     * \return the MAC
     */
    static Mac48Address KeyToMac(uint64_t key);

    // Header
    TypeId GetInstanceTypeId() const override;
    void Print(std::ostream& os) const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;

  private:
    uint64_t m_destination; //!< destination MAC, first byte most significant (see MacToKey)
    uint64_t m_source;      //!< source MAC, same packing
    uint16_t m_etherType;     //!< EtherType of the payload
    uint16_t m_tci;           //!< tag control information (PCP, DEI, VID)
    bool m_tagged;            //!< whether the 802.1Q tag is present
};

} // namespace ns3

#endif /* VSWITCH_ETHERNET_VLAN_HEADER_H */
