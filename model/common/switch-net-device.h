/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_SWITCH_NET_DEVICE_H
#define VSWITCH_SWITCH_NET_DEVICE_H

#include "ns3/mac48-address.h"
#include "ns3/net-device.h"
#include "ns3/traced-callback.h"

namespace ns3
{

/**
 * \ingroup vswitch
 * \brief The NetDevice side of a switch: a device on its node that bridges its ports and is
 *        not an endpoint itself.
 *
 * PhysicalSwitch and VSwitch derive from it. It answers the NetDevice interface the way a
 * bridge does: it keeps an interface index, a nominal MAC and MTU (attribute `Mtu`; the
 * ports have their own), is always up, is a bridge, needs no ARP, and refuses Send() and
 * SendFrom() (logged as a warning): traffic enters a switch through its ports, and the
 * endpoints are host NICs and vmknics. Receive callbacks are accepted and never called.
 */
class SwitchNetDevice : public NetDevice
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    SwitchNetDevice();
    ~SwitchNetDevice() override;

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
    Ptr<Node> m_node;                       //!< the node the switch is on
    uint32_t m_ifIndex;                     //!< interface index
    Mac48Address m_address;                 //!< nominal MAC of the switch device
    uint16_t m_mtu;                         //!< nominal MTU
    TracedCallback<> m_linkChangeCallbacks; //!< NetDevice link callbacks (never fired)
};

} // namespace ns3

#endif /* VSWITCH_SWITCH_NET_DEVICE_H */
