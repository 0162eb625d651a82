/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_VSWITCH_OVERLAY_H
#define VSWITCH_VSWITCH_OVERLAY_H

#include "ns3/drop-reason.h"
#include "ns3/ethernet-vlan-header.h"
#include "ns3/packet.h"
#include "ns3/ptr.h"

namespace ns3
{

class PortGroup;
class VSwitchPort;

/**
 * \ingroup vswitch
 * \brief What a vSwitch asks of an overlay (an NSX VTEP) for the port groups that are
 *        logical switches rather than VLANs.
 *
 * A port group bound to an overlay (VSwitch::AddOverlayPortGroup) is switched inside the
 * host as any other port group, in a broadcast domain of its own; what would leave by an
 * uplink is handed to the overlay instead, which encapsulates it. The overlay also sees
 * every frame a local port sends into the group first (to learn, snoop and answer ARP), and
 * learns when ports join and leave the group.
 */
class VSwitchOverlay
{
  public:
    virtual ~VSwitchOverlay() = default;

    /// What the overlay did with a frame a local port sent.
    enum class Verdict : uint8_t
    {
        Forward = 0, //!< switch it as usual
        Consumed     //!< the overlay took it (answered it, or holds it for later)
    };

    /**
     * \brief A local port sent a frame into an overlay port group (after the security checks,
     *        before switching).
     * \param port the port
     * \param group its port group
     * \param frame the frame (untagged)
     * \param header its parsed header
     * \return whether the vSwitch switches it
     */
    virtual Verdict FromPort(VSwitchPort* port,
                             PortGroup* group,
                             Ptr<const Packet> frame,
                             const EthernetVlanHeader& header) = 0;

    /**
     * \brief A frame from a local port that no local port takes alone (unicast to no local
     *        MAC, or broadcast/multicast, which the local ports of the group also get).
     * \param port the sending port
     * \param group its port group
     * \param frame the frame (untagged), the overlay's to keep
     * \param header its parsed header
     * \return DropReason::Count when the overlay sent (or had nothing to send), else why the
     *         frame was dropped at the sending port
     */
    virtual DropReason Transmit(VSwitchPort* port,
                                PortGroup* group,
                                Ptr<Packet> frame,
                                const EthernetVlanHeader& header) = 0;

    /**
     * \brief A port joined (connected to) an overlay port group.
     * \param port the port
     * \param group its port group
     */
    virtual void PortJoined(VSwitchPort* port, PortGroup* group) = 0;

    /**
     * \brief A port left an overlay port group (disconnected, or moved away).
     * \param port the port
     * \param group its port group
     */
    virtual void PortLeft(VSwitchPort* port, PortGroup* group) = 0;
};

} // namespace ns3

#endif /* VSWITCH_VSWITCH_OVERLAY_H */
