/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Frame accounting across a whole simulation: every ledger of every device, named.
 */
#ifndef VSWITCH_FRAME_ACCOUNTING_H
#define VSWITCH_FRAME_ACCOUNTING_H

#include "ns3/frame-ledger.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/ptr.h"

#include <ostream>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup vswitch
 * \brief One ledger of one device (FrameLedger), with the names a user knows it by.
 */
struct FrameAccount
{
    /// What kind of device keeps the ledger.
    enum class Kind : uint8_t
    {
        Nic,    //!< an Ethernet NIC, a physical switch port or a vNIC (L2NetDevice)
        Switch, //!< a physical switch or a vSwitch, as a whole
        Vtep,   //!< an NSX VTEP (tx: inner frames to encapsulate; rx: VXLAN packets)
    };

    /// Which of the device's ledgers.
    enum class Direction : uint8_t
    {
        Tx,  //!< frames handed to the NIC to send
        Rx,  //!< frames arriving at the NIC from its wire
        Both //!< a switch's single ledger
    };

    Ptr<Node> node;        //!< the device's node
    Ptr<NetDevice> device; //!< the device
    Kind kind;             //!< the kind of device
    Direction direction;   //!< which ledger (a VTEP has tx and rx, like a NIC)
    std::string owner;     //!< the host, switch, VM or router: "esxi01", "pswitch1", "vm1"
    std::string name;      //!< the device there: "vmnic0", "Gi0/1", "vSwitch0", "eth0"
    FrameLedger ledger;    //!< the ledger as it stands

    /// \return "owner/name tx" (the ledger named for a message)
    std::string Label() const;
};

/**
 * \ingroup vswitch
 * \brief Collects the ledgers of every device of the module on every node.
 *
 * Nodes are walked in NodeList order and devices in their order on the node, so two runs of
 * one topology list the same ledgers in the same order. Names come from the module's own
 * objects: a physical switch's name and port names, an ESXi host's name, NIC names and
 * vSwitch names, the client name of a vNIC's port ("vm1.eth0" gives owner vm1, name eth0),
 * a router's interface names, ns-3's Names; anything else is "node<id>" and "if<index>". A
 * VTEP is listed on its vxlan netstack's node, as "<host>/vtep".
 */
class FrameAccounting
{
  public:
    /// \return every ledger, NICs and VTEPs with a tx and an rx row, switches with one
    static std::vector<FrameAccount> Collect();

    /// \return the ledgers that do not balance (empty when every frame is accounted for)
    static std::vector<FrameAccount> Unbalanced();

    /**
     * \brief Sum ledgers.
     * \param accounts the ledgers
     * \return their total
     */
    static FrameLedger Total(const std::vector<FrameAccount>& accounts);

    /**
     * \brief Print one ledger on one line: in, the outcomes, and the drops by reason.
     * \param os the stream
     * \param a the ledger
     */
    static void Print(std::ostream& os, const FrameAccount& a);
};

} // namespace ns3

#endif /* VSWITCH_FRAME_ACCOUNTING_H */
