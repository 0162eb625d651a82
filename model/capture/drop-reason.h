/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Drop reasons shared by every device of the vswitch module.
 */
#ifndef VSWITCH_DROP_REASON_H
#define VSWITCH_DROP_REASON_H

#include <array>
#include <cstdint>
#include <ostream>
#include <string>

namespace ns3
{

/**
 * \ingroup vswitch
 * \brief Why a device of this module discarded a frame.
 *
 * Every frame a device drops is reported on that device's `Drop` trace source with one
 * of these reasons, and counted per port and reason. The kebab-case names returned by
 * DropReasonToString() are the ones `summary.json` uses.
 *
 * The real ESXi list of drop reasons is not public; this list is the module's own and
 * is documented in doc/vswitch.rst ("Drop reasons").
 */
enum class DropReason : uint8_t
{
    LinkDown = 0,      //!< link (or port) down when the frame was sent or arrived
    QueueFull,         //!< the transmit queue was full
    Oversize,          //!< frame payload larger than the MTU of the device
    MacFilter,         //!< an endpoint NIC received a unicast frame for another MAC
    Vlan,              //!< the frame's VLAN is not carried by the port
    Blackhole,         //!< fault injection: the port silently eats frames in this direction
    SamePort,          //!< destination learned on the port the frame came in on
    MirrorDestination, //!< frame received on a SPAN destination port (it does not forward)
    ReverseTeaming,    //!< vSwitch: arrived on an uplink the port does not transmit on
    ReversePathCheck,  //!< vSwitch: own BUM frame reflected back (Net.ReversePathFwdCheck)
    ForgedTransmit,    //!< vSwitch: source MAC differs from the vNIC's MAC
    MacChange,         //!< vSwitch: guest changed its effective MAC, MAC changes Reject
    Promiscuous,       //!< vSwitch: frame for another MAC at a non-promiscuous port
    UnknownUnicast,    //!< vSwitch: unicast from an uplink to no local MAC
    NoUplink,          //!< vSwitch: no active or standby uplink is usable
    MacLimit,          //!< vSwitch: MAC learning limit reached with limit policy drop
    Corrupt,           //!< the receive error model corrupted the frame
    StormControl,      //!< physical switch: storm control, the port's level of that kind of
                       //!< received traffic (broadcast, multicast, unknown unicast) exceeded
    Mtu,               //!< NSX: the frame does not fit the transport after VXLAN encapsulation
    Vni,               //!< NSX: a VXLAN packet for a VNI the receiving VTEP does not carry
    NoEgress,          //!< switch: a flooded frame found no port to leave by (no other port
                       //!< of its VLAN is up, or none accepts it)
    Count              //!< number of reasons (not a reason)
};

/// Number of drop reasons.
constexpr std::size_t kDropReasonCount = static_cast<std::size_t>(DropReason::Count);

/**
 * \brief The kebab-case name of a drop reason ("reverse-teaming", "queue-full", ...).
 * \param reason the reason
 * \return its name
 */
const char* DropReasonToString(DropReason reason);

/**
 * \brief Parse a kebab-case drop reason name.
 * \param name the name
 * \param[out] reason the reason, when found
 * \return true when the name is known
 */
bool DropReasonFromString(const std::string& name, DropReason& reason);

/**
 * \brief Print a drop reason by name.
 * \param os the stream
 * \param reason the reason
 * \return the stream
 */
std::ostream& operator<<(std::ostream& os, DropReason reason);

/**
 * \ingroup vswitch
 * \brief Frame counters per drop reason, as kept for every port.
 */
struct DropCounters
{
    std::array<uint64_t, kDropReasonCount> frames{}; //!< frames dropped, per reason

    /// \param reason the reason to count one more frame for
    void Add(DropReason reason)
    {
        ++frames[static_cast<std::size_t>(reason)];
    }

    /// \param reason the reason \param n frames to count for it
    void Add(DropReason reason, uint64_t n)
    {
        frames[static_cast<std::size_t>(reason)] += n;
    }

    /// \param reason a reason \return frames dropped for it
    uint64_t Get(DropReason reason) const
    {
        return frames[static_cast<std::size_t>(reason)];
    }

    /// \return frames dropped for any reason
    uint64_t Total() const;
};

} // namespace ns3

#endif /* VSWITCH_DROP_REASON_H */
