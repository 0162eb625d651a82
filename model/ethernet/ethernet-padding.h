/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_ETHERNET_PADDING_H
#define VSWITCH_ETHERNET_PADDING_H

#include "ns3/ptr.h"
#include "ns3/trailer.h"

namespace ns3
{

class Packet;

/**
 * \ingroup vswitch
 * \brief Zero bytes that bring a short frame up to Ethernet's 60-byte minimum, as a real NIC
 *        pads it.
 *
 * ns-3's Packet::AddPaddingAtEnd only grows the buffer: the new bytes hold whatever the
 * reused buffer held before (other packets' bytes, heap addresses), which a pcap then shows
 * and which makes two identical runs write different files. Every place of the module that
 * pads a frame adds this trailer instead, so padding is always zeros. It shows in
 * Packet::Print as `ns3::EthernetPadding (N bytes)`.
 */
class EthernetPadding : public Trailer
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;

    /**
     * \param bytes number of zero bytes
     */
    explicit EthernetPadding(uint32_t bytes = 0);

    /**
     * \brief Append `bytes` zero bytes to a packet.
     * \param packet the packet
     * \param bytes how many (nothing happens for 0)
     */
    static void Add(Ptr<Packet> packet, uint32_t bytes);

    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator end) const override;
    /// Takes back as many bytes as the padding was built with (the bytes cannot tell).
    uint32_t Deserialize(Buffer::Iterator end) override;
    void Print(std::ostream& os) const override;

  private:
    uint32_t m_bytes; //!< number of zero bytes
};

} // namespace ns3

#endif /* VSWITCH_ETHERNET_PADDING_H */
