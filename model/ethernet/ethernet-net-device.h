/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_ETHERNET_NET_DEVICE_H
#define VSWITCH_ETHERNET_NET_DEVICE_H

#include "ns3/data-rate.h"
#include "ns3/event-id.h"
#include "ns3/l2-net-device.h"
#include "ns3/nstime.h"
#include "ns3/queue.h"

namespace ns3
{

class EthernetChannel;
class ErrorModel;

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
 * Endpoint and bridge-port behaviour come from L2NetDevice: the device carries ns-3's
 * InternetStack, or hands whole frames to a switch (PhysicalSwitch, a vSwitch uplink).
 *
 * Per-frame cost: one scheduled event per frame when the transmitter is idle (the peer's
 * Receive), two when frames queue up (the dequeue at the end of the previous frame). The
 * transmit queue is bypassed when it is empty and the transmitter idle.
 */
class EthernetNetDevice : public L2NetDevice
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
     * \brief Called by the channel when a frame has arrived.
     * \param frame the frame
     */
    void Receive(Ptr<Packet> frame);

    /**
     * \brief Called by the channel when the link state changes.
     * \param up the new state
     */
    void NotifyCarrier(bool up);

    /// \return the peer device at the other end of the cable, or nullptr
    Ptr<EthernetNetDevice> GetPeer() const;

    // NetDevice
    Ptr<Channel> GetChannel() const override;
    bool IsLinkUp() const override;
    /// \return true on a cable to another MPI rank (EthernetChannel::IsRemote), else false
    bool IsPointToPoint() const override;

  protected:
    void DoDispose() override;
    bool TransmitFrame(Ptr<Packet> frame, const EthernetVlanHeader& header) override;
    uint64_t GetQueuedFrames() const override;

  private:
    /// Put a frame on the wire now.
    void TransmitStart(Ptr<Packet> frame);
    /// The previous frame has left: start the next queued one.
    void TransmitNext();
    /// Recompute the per-byte transmit time.
    void UpdateByteTime();

    Ptr<EthernetChannel> m_channel;      //!< the cable
    Ptr<Queue<Packet>> m_queue;          //!< the transmit queue
    Ptr<ErrorModel> m_receiveErrorModel; //!< optional receive error model
    DataRate m_dataRate;                 //!< line rate
    bool m_phyOverhead;                  //!< count preamble, FCS and IFG on the wire
    bool m_adminUp;                      //!< administratively up
    bool m_linkUp;                       //!< carrier present
    double m_psPerByte;                  //!< picoseconds per byte at m_dataRate
    Time m_txEnd;                        //!< when the transmitter is free again
    EventId m_txNextEvent;               //!< pending TransmitNext

    TracedCallback<Ptr<const Packet>> m_phyTxBeginTrace; //!< frame starts on the wire
    TracedCallback<Ptr<const Packet>> m_phyRxEndTrace;   //!< frame fully received
};

} // namespace ns3

#endif /* VSWITCH_ETHERNET_NET_DEVICE_H */
