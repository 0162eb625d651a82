/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_CAPTURE_POINT_H
#define VSWITCH_CAPTURE_POINT_H

#include "ns3/drop-reason.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <string>

namespace ns3
{

class Packet;
class VSwitch;

/**
 * \ingroup vswitch
 * \brief The points of a vSwitch's data path where a frame can be watched, as pktcap-uw
 *        names them.
 *
 * A frame from a virtual port passes VnicTx, PortInput, EtherswitchDispatch,
 * EtherswitchOutput, then PortOutput and VnicRx at each local port it is delivered to, or
 * UplinkSnd at the uplink it leaves by. A frame from an uplink passes UplinkRcv,
 * EtherswitchDispatch, EtherswitchOutput, PortOutput and VnicRx. A dropped frame passes Drop.
 */
enum class CapturePoint : uint8_t
{
    UplinkRcv = 0,       //!< received from the physical NIC
    UplinkSnd,           //!< handed to the physical NIC
    PortInput,           //!< entering the switch from a virtual port
    PortOutput,          //!< leaving the switch to a virtual port, before the port's filters
    EtherswitchDispatch, //!< entering the switching core (printed "EtherswitchDispath")
    EtherswitchOutput,   //!< leaving the switching core towards a port or uplink
    VnicTx,              //!< sent by the vNIC (6.7: Vmxnet3Tx)
    VnicRx,              //!< handed to the vNIC, after the port's filters (6.7: Vmxnet3Rx)
    Drop,                //!< discarded by the switch, with a reason
    Count                //!< number of points (not a point)
};

/// Number of capture points.
constexpr std::size_t kCapturePointCount = static_cast<std::size_t>(CapturePoint::Count);

/**
 * \brief The name pktcap-uw prints for a point ("EtherswitchDispath", misspelled as the
 *        real tool prints it; "VnicRx").
 * \param point the point
 * \return its printed name
 */
const char* CapturePointName(CapturePoint point);

/**
 * \brief Parse a capture point name as pktcap-uw's --capture accepts it: the names of
 *        CapturePointName(), "EtherswitchDispatch", "Vmxnet3Tx" and "Vmxnet3Rx";
 *        case-insensitive.
 * \param name the name
 * \param[out] point the point, when found
 * \return true when the name is known
 */
bool CapturePointFromString(const std::string& name, CapturePoint& point);

/**
 * \brief Direction of a frame at a capture point, from the switch's side: Input is what
 *        enters the switch (what a VM sends, what an uplink receives), Output what leaves it.
 */
enum class CaptureDirection : uint8_t
{
    Input = 0, //!< entering the switch
    Output = 1 //!< leaving the switch
};

/**
 * \ingroup vswitch
 * \brief Where a frame was seen: what every capture-point trace sink receives beside the frame.
 *
 * The frame handed to the sink begins with its EthernetVlanHeader. Its bytes are the frame
 * as it is at that point; `vlan` is the VLAN the switch associates with it there, which
 * pktcap-uw prints as "VLAN tag N" (0: none, as at VnicRx of a port group with a VLAN ID).
 * When `vlan` is non-zero the bytes may or may not carry the tag: a pcap writer inserts it,
 * a console dump shows the bytes without it.
 */
struct CaptureContext
{
    CapturePoint point{CapturePoint::PortInput};          //!< the point
    CaptureDirection direction{CaptureDirection::Input};  //!< input or output
    const VSwitch* vswitch{nullptr};                      //!< the switch (never null)
    uint32_t portId{0};      //!< the virtual port or uplink port the frame is at
    bool uplink{false};      //!< portId is an uplink's
    uint16_t vlan{0};        //!< VLAN tag metadata, 0 for none
    DropReason reason{DropReason::Count}; //!< at the Drop point: why
};

/**
 * TracedCallback signature of every capture point trace source.
 * \param frame the frame, beginning with its Ethernet header
 * \param where the point, port, direction, VLAN and (at Drop) the reason
 */
typedef void (*CaptureTracedCallback)(Ptr<const Packet> frame, const CaptureContext& where);

} // namespace ns3

#endif /* VSWITCH_CAPTURE_POINT_H */
