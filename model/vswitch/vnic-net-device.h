/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_VNIC_NET_DEVICE_H
#define VSWITCH_VNIC_NET_DEVICE_H

#include "ns3/l2-net-device.h"

namespace ns3
{

class VnicChannel;

/**
 * \ingroup vswitch
 * \brief A VM's virtual NIC (vmxnet3) or a host's VMkernel NIC, joined to one vSwitch port
 *        by a VnicChannel.
 *
 * The device has two MACs: the *initial* one the hypervisor assigned (the .vmx MAC,
 * GetInitialAddress) and the *effective* one the guest uses (GetAddress; the `Address`
 * attribute). A guest changes its MAC at run time with SetAddress(); the vSwitch is told and
 * applies its "MAC address changes" policy.
 *
 * `GuestPromiscuous` is the guest putting the vNIC into promiscuous mode; the port group's
 * Promiscuous policy decides whether the vSwitch honours it.
 *
 * A nested ESXi host uses its vNICs as vSwitch uplinks (bridge-port mode of L2NetDevice).
 * Frames cross the channel after its `Delay`; a vNIC has no line rate of its own.
 */
class VnicNetDevice : public L2NetDevice
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    VnicNetDevice();
    ~VnicNetDevice() override;

    /**
     * \brief Set the hypervisor-assigned MAC; also makes it the effective MAC.
     * \param mac the MAC
     */
    void SetInitialAddress(Mac48Address mac);
    /// \return the hypervisor-assigned MAC
    Mac48Address GetInitialAddress() const;

    /// \param on whether the guest runs the vNIC in promiscuous mode
    void SetGuestPromiscuous(bool on);
    /// \return whether the guest runs the vNIC in promiscuous mode
    bool IsGuestPromiscuous() const;

    /**
     * \brief Join a channel (done by the vSwitch when the vNIC is connected).
     * \param channel the channel
     */
    void Attach(Ptr<VnicChannel> channel);

    /**
     * \brief Called by the channel when a frame arrives from the vSwitch.
     * \param frame the frame
     * \param header its header, parsed by the vSwitch
     */
    void Receive(const Ptr<Packet>& frame, const EthernetVlanHeader& header);

    /**
     * \brief Called by the channel when the vNIC is connected to or disconnected from a port.
     * \param connected the new state
     */
    void NotifyConnected(bool connected);

    /**
     * \brief A MAC from VMware's ranges: 00:50:56:80:00:00 onwards for VM vNICs (the range
     *        vCenter assigns from), 00:50:56:60:00:00 onwards for VMkernel NICs, 00:0c:29
     *        for MACs a host generates itself (VMs of a stand-alone or nested host).
     * \param kind 0 VM vNIC, 1 VMkernel NIC, 2 host-generated
     * \return a MAC not handed out before in this simulation (the allocation starts again
     *         after Simulator::Destroy(), as Mac48Address::Allocate()'s does)
     */
    static Mac48Address AllocateVmwareMac(int kind = 0);

    /// Start the VMware MAC allocation again from the first MAC of each range (called by
    /// Simulator::Destroy() once a MAC was allocated).
    static void ResetVmwareMacAllocation();

    // NetDevice
    void SetAddress(Address address) override;
    Ptr<Channel> GetChannel() const override;
    bool IsLinkUp() const override;

  protected:
    void DoDispose() override;
    bool TransmitFrame(Ptr<Packet> frame, const EthernetVlanHeader& header) override;

  private:
    Ptr<VnicChannel> m_channel; //!< the channel to the port
    Mac48Address m_initial;     //!< hypervisor-assigned MAC
    bool m_guestPromiscuous;    //!< guest promiscuous mode
    bool m_connected;           //!< connected to a port
};

} // namespace ns3

#endif /* VSWITCH_VNIC_NET_DEVICE_H */
