/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_ETHERNET_REMOTE_CHANNEL_H
#define VSWITCH_ETHERNET_REMOTE_CHANNEL_H

#include "ns3/ethernet-channel.h"
#include "ns3/traced-callback.h"

namespace ns3
{

/**
 * \ingroup vswitch
 * \brief A full-duplex Ethernet cable whose two ends are simulated by different MPI ranks.
 *
 * Every rank builds the same cable, with both EthernetNetDevices (node ids and interface
 * indexes must be the same on every rank). A frame that the end owned by this rank sends is
 * serialized and handed to ns-3's MPI layer with MpiInterface::SendPacket, to arrive at the
 * other end's rank at now + serialization time + `Delay`, the same instant an EthernetChannel
 * would deliver it; there the MpiReceiver aggregated on the receiving device (see
 * EthernetMpiHelper) calls EthernetNetDevice::Receive. The propagation `Delay` is the
 * lookahead of the distributed simulators: both ns-3 engines (granted time window,
 * ns3::DistributedSimulatorImpl, and null messages, ns3::NullMessageSimulatorImpl) read
 * it from this channel, because its devices report IsPointToPoint().
 *
 * A frame sent by the end this rank does not own (the rank's shadow copy of a device of
 * another rank) is not carried: that frame belongs to the other rank, which sends it
 * itself. It is reported on the `ShadowTransmit` trace and counted.
 *
 * A frame whose serialized form exceeds kMaxSerializedBytes (a jumbo frame) cannot cross
 * ranks: the simulation stops with an error that says so.
 *
 * Scope: the link state is computed on each rank from its own copies of the two devices;
 * `Connected` and `AdminUp` changes are not sent to the other rank (set them alike on every
 * rank, at the same simulated time).
 */
class EthernetRemoteChannel : public EthernetChannel
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /**
     * \brief TracedCallback signature of `RemoteTransmit`.
     * \param frame the frame
     * \param rxTime when it arrives at the other end (absolute)
     */
    typedef void (*RemoteTransmitTracedCallback)(Ptr<const Packet> frame, Time rxTime);

    /**
     * Largest serialized frame ns-3.37's MPI layer carries: its receive buffers hold 2000
     * bytes, of which the granted-time-window engine uses 16 for the arrival time, node id
     * and interface index and the null-message engine 24 (it adds a guarantee time); the
     * stricter limit holds for both. A standard frame
     * (1518 bytes) fits; a jumbo frame of real bytes does not (ns-3 serializes a zero-filled
     * payload by its length alone, so a jumbo frame of an application that sends zeros may).
     */
    static constexpr uint32_t kMaxSerializedBytes = 2000 - 24;

    EthernetRemoteChannel();
    ~EthernetRemoteChannel() override;

    /**
     * \brief Send a frame of the local end to the rank of the other end.
     * \param sender the device that transmits
     * \param frame the frame, with its Ethernet header
     * \param rxDelay time until the last bit (FCS included) has left the sender
     */
    void Transmit(Ptr<EthernetNetDevice> sender, Ptr<Packet> frame, Time rxDelay) override;

    /// \return true
    bool IsRemote() const override;

    /// \return frames handed to MPI for the other rank
    uint64_t GetRemoteFrames() const;
    /// \return frames of a shadow (not owned) end that were not carried
    uint64_t GetShadowFrames() const;

  private:
    /**
     * \brief Hand a frame to MPI (an event of its own, see Transmit).
     * \param frame the frame \param rxTime its arrival there
     * \param node the other end's node id \param device its interface index
     */
    void Send(Ptr<Packet> frame, Time rxTime, uint32_t node, uint32_t device);

    bool m_sendInOwnEvent;   //!< hand frames to MPI in an event of their own
    uint64_t m_remoteFrames; //!< frames sent to the other rank
    uint64_t m_shadowFrames; //!< frames of a shadow end, not carried

    /// A frame goes to the other rank: the frame, its arrival time there.
    TracedCallback<Ptr<const Packet>, Time> m_remoteTxTrace;
    /// A frame of a device this rank does not own was not carried.
    TracedCallback<Ptr<const Packet>> m_shadowTxTrace;
};

} // namespace ns3

#endif /* VSWITCH_ETHERNET_REMOTE_CHANNEL_H */
