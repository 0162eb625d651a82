/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_ETHERNET_NET_DEVICE_H
#define VSWITCH_ETHERNET_NET_DEVICE_H

#include "ethernet-vlan-header.h"

#include "ns3/data-rate.h"
#include "ns3/drop-reason.h"
#include "ns3/event-id.h"
#include "ns3/mac48-address.h"
#include "ns3/net-device.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/queue.h"
#include "ns3/traced-callback.h"

namespace ns3
{

class EthernetChannel;
class ErrorModel;
class Node;
class Packet;

/**
 * \ingroup vswitch
 * \brief A full-duplex Ethernet NIC or switch port (10GBASE-T and friends).
 *
 * Transmits Ethernet II frames, optionally 802.1Q tagged, over an EthernetChannel. The two
 * directions of a link are independent. A frame occupies the transmitter for
 * (preamble+SFD 8 + frame + FCS 4 + inter-frame gap 12) bytes at `DataRate` (the physical
 * overhead can be switched off with `PhyOverhead`); the peer receives it when its last
 * bit has arrived.
 *
 * Two ways to use it:
 *  - as an endpoint NIC under ns-3's InternetStack: Send() / SendFrom() add the Ethernet
 *    header (and the 802.1Q tag when `VlanId` is set), received frames are filtered by
 *    destination MAC and handed up without their header;
 *  - as a bridge port (PhysicalSwitch, vSwitch uplink): SetFrameReceiveCallback() takes
 *    every received frame whole, with its parsed header, and SendFrame() transmits a
 *    complete frame as it is.
 *
 * Per-frame cost: one scheduled event per frame when the transmitter is idle (the peer's
 * Receive), two when frames queue up (the dequeue at the end of the previous frame). The
 * transmit queue is bypassed when it is empty and the transmitter idle.
 *
 * Every frame the device discards goes to the `Drop` trace source with a DropReason.
 */
class EthernetNetDevice : public NetDevice
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// Bytes of preamble and start-of-frame delimiter on the wire.
    static constexpr uint32_t kPreambleBytes = 8;
    /// Bytes of frame check sequence on the wire (not carried in the Packet).
    static constexpr uint32_t kFcsBytes = 4;
    /// Bytes of inter-frame gap on the wire.
    static constexpr uint32_t kIfgBytes = 12;

    /**
     * Receive hook of a bridge port: the device, the whole frame (header included) and its
     * parsed header.
     */
    typedef Callback<void, Ptr<EthernetNetDevice>, Ptr<Packet>, const EthernetVlanHeader&>
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

    EthernetNetDevice();
    ~EthernetNetDevice() override;

    /**
     * \brief Attach to one end of a cable.
     * \param channel the channel
     * \return true
     */
    bool Attach(Ptr<EthernetChannel> channel);

    /// \param queue the transmit queue
    void SetQueue(Ptr<Queue<Packet>> queue);
    /// \return the transmit queue
    Ptr<Queue<Packet>> GetQueue() const;

    /// \param rate the line rate
    void SetDataRate(DataRate rate);
    /// \return the line rate
    DataRate GetDataRate() const;

    /**
     * \brief Administratively enable or disable the device (`shutdown` on a switch port).
     *
     * Taking one end down takes the link down for both ends.
     * \param up true to enable
     */
    void SetAdminUp(bool up);
    /// \return whether the device is administratively up
    bool IsAdminUp() const;

    /**
     * \brief Take every received frame whole instead of passing it to the node.
     * \param cb the bridge's receive hook (a null callback restores endpoint behaviour)
     */
    void SetFrameReceiveCallback(FrameReceiveCallback cb);

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

    /**
     * \brief Called by the channel when a frame has arrived.
     * \param frame the frame
     */
    void Receive(Ptr<Packet> frame);

    /**
     * \brief Called by the channel when the link state changes.
     * \param up the new state
     */
    void NotifyCarrier(bool up);

    /// Per-device frame and byte counters.
    struct Counters
    {
        uint64_t txFrames{0}; //!< frames put on the wire
        uint64_t txBytes{0};  //!< their bytes (header and payload, no FCS)
        uint64_t rxFrames{0}; //!< frames taken off the wire
        uint64_t rxBytes{0};  //!< their bytes
        DropCounters drops;   //!< discarded frames per reason
    };

    /// \return the counters
    const Counters& GetCounters() const;

    /// \return the peer device at the other end of the cable, or nullptr
    Ptr<EthernetNetDevice> GetPeer() const;

    // NetDevice
    void SetIfIndex(const uint32_t index) override;
    uint32_t GetIfIndex() const override;
    Ptr<Channel> GetChannel() const override;
    void SetAddress(Address address) override;
    Address GetAddress() const override;
    bool SetMtu(const uint16_t mtu) override;
    uint16_t GetMtu() const override;
    bool IsLinkUp() const override;
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

  private:
    /// Frame a payload and send it.
    bool SendPayload(Ptr<Packet> packet, Mac48Address source, Mac48Address dest, uint16_t proto);
    /// Queue or start transmitting a complete frame.
    bool Enqueue(Ptr<Packet> frame);
    /// Put a frame on the wire now.
    void TransmitStart(Ptr<Packet> frame);
    /// The previous frame has left: start the next queued one.
    void TransmitNext();
    /// Report and count a dropped frame.
    void Drop(Ptr<const Packet> frame, DropReason reason);
    /// Deliver a frame to the node (endpoint mode).
    void DeliverUp(Ptr<Packet> frame, const EthernetVlanHeader& header);
    /// Recompute the per-byte transmit time.
    void UpdateByteTime();
    /// Ask the channel to recompute the link state.
    void UpdateLink();

    Ptr<Node> m_node;                 //!< the node
    Ptr<EthernetChannel> m_channel;   //!< the cable
    Ptr<Queue<Packet>> m_queue;       //!< the transmit queue
    Ptr<ErrorModel> m_receiveErrorModel; //!< optional receive error model
    Mac48Address m_address;           //!< MAC address
    uint32_t m_ifIndex;               //!< interface index on the node
    uint16_t m_mtu;                   //!< largest payload
    uint16_t m_vlanId;                //!< endpoint mode: tag to add / accept (0 = untagged)
    DataRate m_dataRate;              //!< line rate
    bool m_phyOverhead;               //!< count preamble, FCS and IFG on the wire
    bool m_adminUp;                   //!< administratively up
    bool m_linkUp;                    //!< carrier present
    double m_psPerByte;               //!< picoseconds per byte at m_dataRate
    Time m_txEnd;                     //!< when the transmitter is free again
    EventId m_txNextEvent;            //!< pending TransmitNext
    Counters m_counters;              //!< counters

    NetDevice::ReceiveCallback m_rxCallback;              //!< endpoint receive
    NetDevice::PromiscReceiveCallback m_promiscCallback;  //!< endpoint promiscuous receive
    FrameReceiveCallback m_frameRxCallback;               //!< bridge port receive
    TracedCallback<> m_linkChangeCallbacks;               //!< link change callbacks

    TracedCallback<Ptr<const Packet>> m_macTxTrace;        //!< frame accepted for transmit
    TracedCallback<Ptr<const Packet>> m_macRxTrace;        //!< frame delivered up
    TracedCallback<Ptr<const Packet>> m_macPromiscRxTrace; //!< frame delivered promiscuously
    TracedCallback<Ptr<const Packet>> m_phyTxBeginTrace;   //!< frame starts on the wire
    TracedCallback<Ptr<const Packet>> m_phyRxEndTrace;     //!< frame fully received
    TracedCallback<Ptr<const Packet>> m_snifferTrace;      //!< frames to/from this host
    TracedCallback<Ptr<const Packet>> m_promiscSnifferTrace; //!< every frame on the wire
    TracedCallback<Ptr<const Packet>, DropReason> m_dropTrace; //!< discarded frames
    TracedCallback<bool> m_linkStateTrace;                 //!< link state changes
};

} // namespace ns3

#endif /* VSWITCH_ETHERNET_NET_DEVICE_H */
