/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_RARP_HEADER_H
#define VSWITCH_RARP_HEADER_H

#include "ns3/header.h"
#include "ns3/mac48-address.h"

namespace ns3
{

/**
 * \ingroup vswitch
 * \brief The RARP "request reverse" a host sends to make physical switches relearn a MAC
 *        (EtherType 0x8035, RFC 903).
 *
 * Hardware type 1 (Ethernet), protocol 0x0800, lengths 6 and 4, opcode 3; the announced MAC
 * is both sender and target hardware address and both protocol addresses are 0.0.0.0, so
 * Wireshark shows "Who is 00:50:56:60:e5:ed? Tell 00:50:56:60:e5:ed". 28 bytes; the frame
 * is padded to 60 on the wire.
 */
class RarpHeader : public Header
{
  public:
    static constexpr uint16_t kEtherType = 0x8035; //!< RARP EtherType
    static constexpr uint16_t kRequestReverse = 3; //!< opcode "request reverse"

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    RarpHeader();

    /**
     * \param mac the MAC to announce
     */
    explicit RarpHeader(Mac48Address mac);

    /// \return the opcode
    uint16_t GetOpcode() const;
    /// \return the sender hardware address
    Mac48Address GetSenderHardwareAddress() const;
    /// \return the target hardware address
    Mac48Address GetTargetHardwareAddress() const;

    // Header
    TypeId GetInstanceTypeId() const override;
    void Print(std::ostream& os) const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;

  private:
    uint16_t m_opcode;     //!< opcode
    Mac48Address m_sender; //!< sender hardware address
    Mac48Address m_target; //!< target hardware address
};

} // namespace ns3

#endif /* VSWITCH_RARP_HEADER_H */
