/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_ETHERNET_CHANNEL_H
#define VSWITCH_ETHERNET_CHANNEL_H

#include "ns3/channel.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/traced-callback.h"

namespace ns3
{

class EthernetNetDevice;
class Packet;

/**
 * \ingroup vswitch
 * \brief A full-duplex Ethernet cable between exactly two EthernetNetDevices.
 *
 * Each direction is independent: both ends may transmit at the same time. A frame that
 * one end starts transmitting is delivered to the other end after its serialization time
 * (computed by the sending device) plus the propagation `Delay` of the cable, with a single
 * scheduled event per frame.
 *
 * The link is up when both ends are attached, the cable is connected (SetConnected) and
 * both devices are administratively up. Every change is pushed to both devices, which run
 * their link-change callbacks.
 */
class EthernetChannel : public Channel
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    EthernetChannel();
    ~EthernetChannel() override;

    /**
     * \brief Attach a device to one end of the cable.
     * \param device the device (at most two per channel)
     */
    void Attach(Ptr<EthernetNetDevice> device);

    /**
     * \brief Start carrying a frame from one end to the other.
     *
     * Called by the sending device; schedules the peer's Receive at
     * now + rxDelay + propagation delay.
     *
     * \param sender the device that transmits
     * \param frame the frame, with its Ethernet header
     * \param rxDelay time until the last bit (FCS included) has left the sender
     */
    virtual void Transmit(Ptr<EthernetNetDevice> sender, Ptr<Packet> frame, Time rxDelay);

    /**
     * \brief Whether the far end of the cable may live in another simulation process.
     *
     * A cable between MPI ranks (EthernetRemoteChannel, built with VSWITCH_MPI) says true; its
     * devices then report IsPointToPoint(), which is how ns-3's distributed simulators find
     * the links between ranks and their lookahead (the `Delay`).
     * \return false for a cable inside one process
     */
    virtual bool IsRemote() const;

    /**
     * \brief Plug or unplug the cable (a cable cut as fault injection).
     * \param connected true for a working cable
     */
    void SetConnected(bool connected);

    /// \return whether the cable is connected
    bool IsConnected() const;

    /// Recompute the link state and push it to both devices.
    void UpdateLinkState();

    /**
     * \param device one end
     * \return the device at the other end, or nullptr
     */
    Ptr<EthernetNetDevice> GetPeer(Ptr<const EthernetNetDevice> device) const;

    /// \return the propagation delay
    Time GetDelay() const;

    // Channel
    std::size_t GetNDevices() const override;
    Ptr<NetDevice> GetDevice(std::size_t i) const override;

  protected:
    void DoDispose() override;

  private:
    Ptr<EthernetNetDevice> m_devices[2]; //!< the two ends
    uint32_t m_nodeIds[2];               //!< node IDs of the two ends (event context)
    std::size_t m_nDevices;              //!< ends attached so far
    Time m_delay;                        //!< propagation delay
    bool m_connected;                    //!< cable connected
    bool m_linkUp;                       //!< last link state pushed to the devices

    TracedCallback<bool> m_linkStateTrace; //!< fired on every link state change
};

} // namespace ns3

#endif /* VSWITCH_ETHERNET_CHANNEL_H */
