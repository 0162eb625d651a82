/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_L2_NET_DEVICE_H
#define VSWITCH_L2_NET_DEVICE_H

#include "ns3/drop-reason.h"
#include "ns3/ethernet-vlan-header.h"
#include "ns3/frame-ledger.h"
#include "ns3/mac48-address.h"
#include "ns3/net-device.h"
#include "ns3/traced-callback.h"

namespace ns3
{

class Node;
class Packet;

/**
 * \ingroup vswitch
 * \brief What every Ethernet-carrying device of the module shares: endpoint framing and
 *        filtering, and the bridge-port interface switches use.
 *
 * Derived devices (EthernetNetDevice for cables, VnicNetDevice for virtual NICs) only
 * implement how a complete frame travels (TransmitFrame) and their link state; they call
 * HandleReceivedFrame() for every frame that arrives.
 *
 * Endpoint mode (under ns-3's InternetStack): Send()/SendFrom() add an EthernetVlanHeader
 * (tagged with `VlanId` when set), pad to the 60-byte minimum and transmit; a received
 * frame is filtered by destination MAC (own, broadcast, multicast, or anything when a
 * promiscuous receive callback is set) and by VLAN, and handed up without its header.
 *
 * Bridge-port mode: SetFrameReceiveCallback() takes every received frame whole with its
 * parsed header; SendFrame() transmits a complete frame as it is.
 */
class L2NetDevice : public NetDevice
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /**
     * Receive hook of a bridge port: the device, the whole frame (header included) and its
     * parsed header.
     */
    typedef Callback<void, Ptr<L2NetDevice>, Ptr<Packet>, const EthernetVlanHeader&>
        FrameReceiveCallback;

    /**
     * TracedCallback signature for dropped frames.
     * \param frame the frame (or payload, when dropped before framing)
     * \param reason why it was dropped
     */
    typedef void (*DropTracedCallback)(Ptr<const Packet> frame, DropReason reason);

    /**
     * TracedCallback signature for link state changes.
     * \param up true when the link came up
     */
    typedef void (*LinkStateTracedCallback)(bool up);

    /// Per-device frame and byte counters.
    struct Counters
    {
        uint64_t txFrames{0}; //!< frames sent
        uint64_t txBytes{0};  //!< their bytes (header and payload, no FCS)
        uint64_t rxFrames{0}; //!< frames received
        uint64_t rxBytes{0};  //!< their bytes
        DropCounters drops;   //!< discarded frames per reason
    };

    L2NetDevice();
    ~L2NetDevice() override;

    /**
     * \brief Take every received frame whole instead of passing it to the node.
     * \param cb the bridge's receive hook (a null callback restores endpoint behaviour)
     */
    void SetFrameReceiveCallback(FrameReceiveCallback cb);

    /// \return whether a bridge has taken the device's received frames
    bool IsBridgePort() const;

    /**
     * \brief Transmit a complete frame as it is (bridge port transmit).
     *
     * The frame is padded to the 60-byte minimum when shorter. A payload larger than the
     * MTU is dropped (Oversize).
     * \param frame the frame, beginning with its EthernetVlanHeader
     * \param header that header, already parsed
     * \return true if the frame was sent or queued
     */
    bool SendFrame(Ptr<Packet> frame, const EthernetVlanHeader& header);

    /// \return the counters
    const Counters& GetCounters() const;
    /**
     * \return what became of the frames handed to the device to send: forwarded (put on the
     *         wire), queued (waiting in the transmit queue now) or dropped (see FrameLedger)
     */
    FrameLedger GetTxLedger() const;
    /**
     * \return what became of the frames that arrived from the wire: forwarded (taken by the
     *         bridge the device is a port of), delivered (to the node) or dropped
     */
    FrameLedger GetRxLedger() const;
    /// \return the reason of the last frame this device dropped (DropReason::Count: none yet);
    ///         a bridge that hands a frame to SendFrame() reads it when SendFrame() fails
    DropReason GetLastDropReason() const;

    // NetDevice
    void SetIfIndex(const uint32_t index) override;
    uint32_t GetIfIndex() const override;
    void SetAddress(Address address) override;
    Address GetAddress() const override;
    bool SetMtu(const uint16_t mtu) override;
    uint16_t GetMtu() const override;
    void AddLinkChangeCallback(Callback<void> callback) override;
    bool IsBroadcast() const override;
    Address GetBroadcast() const override;
    bool IsMulticast() const override;
    Address GetMulticast(Ipv4Address multicastGroup) const override;
    Address GetMulticast(Ipv6Address addr) const override;
    bool IsPointToPoint() const override;
    bool IsBridge() const override;
    bool Send(Ptr<Packet> packet, const Address& dest, uint16_t protocolNumber) override;
    bool SendFrom(Ptr<Packet> packet,
                  const Address& source,
                  const Address& dest,
                  uint16_t protocolNumber) override;
    Ptr<Node> GetNode() const override;
    void SetNode(Ptr<Node> node) override;
    bool NeedsArp() const override;
    void SetReceiveCallback(NetDevice::ReceiveCallback cb) override;
    void SetPromiscReceiveCallback(NetDevice::PromiscReceiveCallback cb) override;
    bool SupportsSendFrom() const override;

  protected:
    void DoDispose() override;

    /**
     * \brief Put a complete, padded, size-checked frame on the way to the peer.
     * \param frame the frame
     * \param header its header, already parsed (the frame begins with it)
     * \return true if sent or queued
     */
    virtual bool TransmitFrame(Ptr<Packet> frame, const EthernetVlanHeader& header) = 0;

    /**
     * \brief Everything that happens to an arrived frame: counters, sniffers, size check,
     *        then the bridge hook or endpoint delivery.
     * \param frame the frame
     */
    void HandleReceivedFrame(const Ptr<Packet>& frame);
    /**
     * \brief HandleReceivedFrame() for a frame whose header the sender parsed already.
     * \param frame the frame
     * \param header its header
     */
    void HandleReceivedFrame(const Ptr<Packet>& frame, const EthernetVlanHeader& header);

    /**
     * \brief Report and count a frame dropped on its way out (one GetTxLedger() took in).
     * \param frame the frame
     * \param reason why
     */
    void DropTx(Ptr<const Packet> frame, DropReason reason);

    /**
     * \brief Report and count a frame dropped on its way in (one CountArrival() took in).
     * \param frame the frame
     * \param reason why
     */
    void DropRx(Ptr<const Packet> frame, DropReason reason);

    /// Count a frame arriving from the wire into the receive ledger (before any check).
    void CountArrival()
    {
        ++m_rxLedger.in;
    }

    /// \return frames waiting in the device's transmit queue (none by default)
    virtual uint64_t GetQueuedFrames() const;

    /**
     * \brief Count a frame put on the way and fire the transmit sniffers.
     * \param frame the frame
     */
    void NotifyTransmit(Ptr<const Packet> frame);

    /**
     * \brief Record a link state change and run the link-change callbacks.
     * \param up the new state
     */
    void NotifyLinkChange(bool up);

    /// \return the MAC as a Mac48Address
    Mac48Address GetMacAddress() const;

    Ptr<Node> m_node;                         //!< the node
    Mac48Address m_address;                   //!< MAC address
    uint32_t m_ifIndex;                       //!< interface index on the node
    uint16_t m_mtu;                           //!< largest payload
    uint16_t m_vlanId;                        //!< endpoint mode: tag to add / accept (0 = untagged)
    Counters m_counters;                      //!< counters
    FrameLedger m_txLedger;                   //!< frames handed to the device to send
    FrameLedger m_rxLedger;                   //!< frames arrived from the wire
    DropReason m_lastDrop{DropReason::Count}; //!< reason of the last drop

    TracedCallback<Ptr<const Packet>> m_macTxTrace;          //!< frame accepted for transmit
    TracedCallback<Ptr<const Packet>> m_snifferTrace;        //!< frames to/from this host
    TracedCallback<Ptr<const Packet>> m_promiscSnifferTrace; //!< every frame sent or received

  private:
    /// Report a dropped frame (both directions).
    void Drop(Ptr<const Packet> frame, DropReason reason);
    /// Frame a payload and send it.
    bool SendPayload(Ptr<Packet> packet, Mac48Address source, Mac48Address dest, uint16_t proto);
    /// Deliver a frame to the node (endpoint mode).
    void DeliverUp(Ptr<Packet> frame, const EthernetVlanHeader& header);

    NetDevice::ReceiveCallback m_rxCallback;             //!< endpoint receive
    NetDevice::PromiscReceiveCallback m_promiscCallback; //!< endpoint promiscuous receive
    FrameReceiveCallback m_frameRxCallback;              //!< bridge port receive
    TracedCallback<> m_linkChangeCallbacks;              //!< link change callbacks

    TracedCallback<Ptr<const Packet>> m_macRxTrace;            //!< frame delivered up
    TracedCallback<Ptr<const Packet>> m_macPromiscRxTrace;     //!< frame delivered promiscuously
    TracedCallback<Ptr<const Packet>, DropReason> m_dropTrace; //!< discarded frames
    TracedCallback<bool> m_linkStateTrace;                     //!< link state changes
};

} // namespace ns3

#endif /* VSWITCH_L2_NET_DEVICE_H */
