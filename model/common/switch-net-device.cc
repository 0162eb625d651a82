/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "switch-net-device.h"

#include "ns3/channel.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SwitchNetDevice");

NS_OBJECT_ENSURE_REGISTERED(SwitchNetDevice);

TypeId
SwitchNetDevice::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::SwitchNetDevice")
            .SetParent<NetDevice>()
            .SetGroupName("VSwitch")
            .AddAttribute("Mtu",
                          "Nominal MTU reported for the switch device (ports have their own).",
                          UintegerValue(1500),
                          MakeUintegerAccessor(&SwitchNetDevice::m_mtu),
                          MakeUintegerChecker<uint16_t>());
    return tid;
}

SwitchNetDevice::SwitchNetDevice()
    : m_ifIndex(0),
      m_mtu(1500)
{
    NS_LOG_FUNCTION(this);
}

SwitchNetDevice::~SwitchNetDevice()
{
    NS_LOG_FUNCTION(this);
}

void
SwitchNetDevice::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_node = nullptr;
    NetDevice::DoDispose();
}

void
SwitchNetDevice::SetIfIndex(const uint32_t index)
{
    m_ifIndex = index;
}

uint32_t
SwitchNetDevice::GetIfIndex() const
{
    return m_ifIndex;
}

Ptr<Channel>
SwitchNetDevice::GetChannel() const
{
    return nullptr;
}

void
SwitchNetDevice::SetAddress(Address address)
{
    m_address = Mac48Address::ConvertFrom(address);
}

Address
SwitchNetDevice::GetAddress() const
{
    return m_address;
}

bool
SwitchNetDevice::SetMtu(const uint16_t mtu)
{
    m_mtu = mtu;
    return true;
}

uint16_t
SwitchNetDevice::GetMtu() const
{
    return m_mtu;
}

bool
SwitchNetDevice::IsLinkUp() const
{
    return true;
}

void
SwitchNetDevice::AddLinkChangeCallback(Callback<void> callback)
{
    m_linkChangeCallbacks.ConnectWithoutContext(callback);
}

bool
SwitchNetDevice::IsBroadcast() const
{
    return true;
}

Address
SwitchNetDevice::GetBroadcast() const
{
    return Mac48Address::GetBroadcast();
}

bool
SwitchNetDevice::IsMulticast() const
{
    return true;
}

Address
SwitchNetDevice::GetMulticast(Ipv4Address multicastGroup) const
{
    return Mac48Address::GetMulticast(multicastGroup);
}

Address
SwitchNetDevice::GetMulticast(Ipv6Address addr) const
{
    return Mac48Address::GetMulticast(addr);
}

bool
SwitchNetDevice::IsPointToPoint() const
{
    return false;
}

bool
SwitchNetDevice::IsBridge() const
{
    return true;
}

bool
SwitchNetDevice::Send(Ptr<Packet> packet, const Address& dest, uint16_t protocolNumber)
{
    NS_LOG_WARN(GetInstanceTypeId().GetName()
                << " is a switch, not an endpoint: Send refused (send from a host NIC or a "
                   "vmknic)");
    return false;
}

bool
SwitchNetDevice::SendFrom(Ptr<Packet> packet,
                          const Address& source,
                          const Address& dest,
                          uint16_t protocolNumber)
{
    NS_LOG_WARN(GetInstanceTypeId().GetName()
                << " is a switch, not an endpoint: SendFrom refused (send from a host NIC or "
                   "a vmknic)");
    return false;
}

Ptr<Node>
SwitchNetDevice::GetNode() const
{
    return m_node;
}

void
SwitchNetDevice::SetNode(Ptr<Node> node)
{
    m_node = node;
}

bool
SwitchNetDevice::NeedsArp() const
{
    return false;
}

void
SwitchNetDevice::SetReceiveCallback(NetDevice::ReceiveCallback cb)
{
}

void
SwitchNetDevice::SetPromiscReceiveCallback(NetDevice::PromiscReceiveCallback cb)
{
}

bool
SwitchNetDevice::SupportsSendFrom() const
{
    return false;
}

} // namespace ns3
