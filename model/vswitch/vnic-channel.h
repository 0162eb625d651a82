/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_VNIC_CHANNEL_H
#define VSWITCH_VNIC_CHANNEL_H

#include "ns3/channel.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"

namespace ns3
{

class EthernetVlanHeader;
class Packet;
class VnicNetDevice;
class VSwitchPort;

/**
 * \ingroup vswitch
 * \brief The virtual wire between a vNIC and its vSwitch port.
 *
 * With `Delay` 0 (the default: a vNIC copies frames in memory) a frame from the vNIC is
 * handed to the vSwitch synchronously, within the vNIC's transmit; a frame to the vNIC is
 * one scheduled event (a guest never runs inside the vSwitch). With a Delay, one scheduled
 * event per frame and direction. The vSwitch side can be moved to a port of another vSwitch
 * (vMotion) or disconnected; the vNIC sees its link go down and up.
 */
class VnicChannel : public Channel
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    VnicChannel();
    ~VnicChannel() override;

    /**
     * \brief Join the vNIC end.
     * \param vnic the vNIC
     */
    void AttachVnic(Ptr<VnicNetDevice> vnic);

    /**
     * \brief Attach the channel to a port (nullptr: detach).
     * \param port the port
     * \param notify tell the vNIC its link changed (false while vMotion moves the VM: the
     *        guest sees no link change)
     */
    void ConnectPort(Ptr<VSwitchPort> port, bool notify = true);
    /// \return whether a port is attached
    bool HasPort() const;

    /// \return the port, or nullptr when unplugged
    Ptr<VSwitchPort> GetPort() const;
    /// \return the vNIC
    Ptr<VnicNetDevice> GetVnic() const;

    /**
     * \brief A frame from the vNIC towards the vSwitch: with no Delay the vSwitch takes it at
     *        once (in the sender's simulator context), else after Delay (an event in the
     *        host's context).
     * \param frame the frame
     * \param header its header, already parsed
     */
    void ToSwitch(const Ptr<Packet>& frame, const EthernetVlanHeader& header);

    /**
     * \brief A frame from the vSwitch towards the vNIC (an event, after Delay).
     * \param frame the frame
     * \param header its header, already parsed
     */
    void ToVnic(const Ptr<Packet>& frame, const EthernetVlanHeader& header);

    /// The guest changed its MAC or promiscuous mode: tell the vSwitch.
    void NotifyVnicChanged();

    // Channel
    std::size_t GetNDevices() const override;
    Ptr<NetDevice> GetDevice(std::size_t i) const override;

  protected:
    void DoDispose() override;

  private:
    Ptr<VnicNetDevice> m_vnic; //!< vNIC end
    Ptr<VSwitchPort> m_port;   //!< switch end
    uint32_t m_vnicNode;       //!< node ID of the vNIC (event context)
    uint32_t m_hostNode;       //!< node ID of the vSwitch (event context)
    Time m_delay;              //!< one-way delay
};

} // namespace ns3

#endif /* VSWITCH_VNIC_CHANNEL_H */
