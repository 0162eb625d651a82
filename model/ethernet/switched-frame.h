/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_SWITCHED_FRAME_H
#define VSWITCH_SWITCHED_FRAME_H

#include "ns3/ethernet-vlan-header.h"
#include "ns3/packet.h"
#include "ns3/ptr.h"

#include <optional>

namespace ns3
{

/**
 * \ingroup vswitch
 * \brief A frame crossing a switch, and the forms it leaves in: tagged with its VLAN or
 *        untagged.
 *
 * A switch classifies a received frame into a VLAN, then sends it out of one or more ports,
 * each wanting it tagged or untagged. The form matching the received frame is the received
 * packet itself; the other is built once, on first demand. The first port to take a form
 * gets that packet, later ones a copy (ns-3 copies share the buffer until written). Frames
 * shorter than 60 bytes after a tag is removed are padded again.
 *
 * A SwitchedFrame lives on the stack of the switch's receive path only: it keeps the parsed
 * header by reference (the caller's), and builds a header of its own only for a form that
 * differs from the received one.
 */
class SwitchedFrame
{
  public:
    /**
     * \param frame the received frame
     * \param header its parsed header (kept by reference: it must outlive this object)
     * \param vlan the VLAN the switch classified it into (0: none)
     */
    SwitchedFrame(const Ptr<Packet>& frame, const EthernetVlanHeader& header, uint16_t vlan);

    SwitchedFrame(const SwitchedFrame&) = delete;
    SwitchedFrame& operator=(const SwitchedFrame&) = delete;

    /// \return the frame as received
    const Ptr<Packet>& Original() const
    {
        return m_original;
    }

    /// \return the header as received
    const EthernetVlanHeader& Header() const
    {
        return m_header;
    }

    /// \return the VLAN the frame was classified into
    uint16_t Vlan() const
    {
        return m_vlan;
    }

    /**
     * \param tagged the form wanted (tagged with Vlan(), or untagged)
     * \param[out] header the header of that form
     * \return a packet of that form the caller may send and modify
     */
    Ptr<Packet> Take(bool tagged, const EthernetVlanHeader*& header);

    /**
     * \param tagged the form wanted
     * \return that form, for reading only (a trace sink, a hash), not to be sent
     */
    Ptr<const Packet> Peek(bool tagged);

    uint64_t marks{0}; //!< free bits for the switch (e.g. mirror sessions that copied it)

  private:
    /// Build form i (0 untagged, 1 tagged).
    void Build(int i);

    Ptr<Packet> m_original;                       //!< as received
    const EthernetVlanHeader& m_header;           //!< its header (the caller's)
    uint16_t m_vlan;                              //!< classified VLAN
    Ptr<Packet> m_form[2];                        //!< untagged, tagged
    const EthernetVlanHeader* m_formHeader[2]{};  //!< their headers
    std::optional<EthernetVlanHeader> m_built[2]; //!< headers of the forms built anew
    bool m_taken[2]{false, false};                //!< form handed out once already
    bool m_originalTaken{false};                  //!< the original handed out once already
};

} // namespace ns3

#endif /* VSWITCH_SWITCHED_FRAME_H */
