/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "vnic-net-device.h"

#include "vnic-channel.h"

#include "ns3/boolean.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("VnicNetDevice");

NS_OBJECT_ENSURE_REGISTERED(VnicNetDevice);

#undef NS_LOG_APPEND_CONTEXT
#define NS_LOG_APPEND_CONTEXT                                                                      \
    if (m_node)                                                                                    \
    {                                                                                              \
        std::clog << "[node " << m_node->GetId() << " vnic " << m_ifIndex << "] ";                 \
    }

TypeId
VnicNetDevice::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::VnicNetDevice")
            .SetParent<L2NetDevice>()
            .SetGroupName("VSwitch")
            .AddConstructor<VnicNetDevice>()
            .AddAttribute("GuestPromiscuous",
                          "The guest runs the vNIC in promiscuous mode (a nested ESXi host "
                          "always does). The port group's Promiscuous policy decides whether "
                          "the vSwitch honours it.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&VnicNetDevice::SetGuestPromiscuous,
                                              &VnicNetDevice::IsGuestPromiscuous),
                          MakeBooleanChecker());
    return tid;
}

VnicNetDevice::VnicNetDevice()
    : m_guestPromiscuous(false),
      m_connected(false)
{
    NS_LOG_FUNCTION(this);
}

VnicNetDevice::~VnicNetDevice()
{
    NS_LOG_FUNCTION(this);
}

void
VnicNetDevice::DoDispose()
{
    m_channel = nullptr;
    L2NetDevice::DoDispose();
}

namespace
{
/// The last VMware MAC handed out, per kind (0 VM vNIC, 1 VMkernel NIC, 2 host-generated).
uint32_t g_vmwareMacNext[3] = {0, 0, 0};
} // namespace

Mac48Address
VnicNetDevice::AllocateVmwareMac(int kind)
{
    static const uint64_t base[3] = {0x005056800000ULL, 0x005056600000ULL, 0x000c29000000ULL};
    static const uint32_t span[3] = {0x400000, 0x200000, 0x1000000};
    int k = (kind >= 0 && kind <= 2) ? kind : 0;
    if (g_vmwareMacNext[0] == 0 && g_vmwareMacNext[1] == 0 && g_vmwareMacNext[2] == 0)
    {
        // As Mac48Address::Allocate(): the next simulation starts from the first MAC again.
        Simulator::ScheduleDestroy(&VnicNetDevice::ResetVmwareMacAllocation);
    }
    uint32_t n = ++g_vmwareMacNext[k];
    NS_ABORT_MSG_IF(n >= span[k], "VMware MAC range exhausted");
    return EthernetVlanHeader::KeyToMac(base[k] + n);
}

void
VnicNetDevice::ResetVmwareMacAllocation()
{
    g_vmwareMacNext[0] = g_vmwareMacNext[1] = g_vmwareMacNext[2] = 0;
}

void
VnicNetDevice::SetInitialAddress(Mac48Address mac)
{
    m_initial = mac;
    L2NetDevice::SetAddress(mac);
}

Mac48Address
VnicNetDevice::GetInitialAddress() const
{
    return m_initial;
}

void
VnicNetDevice::SetAddress(Address address)
{
    Mac48Address old = m_address;
    L2NetDevice::SetAddress(address);
    if (m_initial == Mac48Address("00:00:00:00:00:00"))
    {
        m_initial = m_address;
    }
    if (m_channel && old != m_address)
    {
        NS_LOG_INFO("guest changed its MAC from " << old << " to " << m_address);
        m_channel->NotifyVnicChanged();
    }
}

void
VnicNetDevice::SetGuestPromiscuous(bool on)
{
    bool changed = on != m_guestPromiscuous;
    m_guestPromiscuous = on;
    if (changed && m_channel)
    {
        m_channel->NotifyVnicChanged();
    }
}

bool
VnicNetDevice::IsGuestPromiscuous() const
{
    return m_guestPromiscuous;
}

void
VnicNetDevice::Attach(Ptr<VnicChannel> channel)
{
    m_channel = channel;
}

void
VnicNetDevice::NotifyConnected(bool connected)
{
    if (connected == m_connected)
    {
        return;
    }
    m_connected = connected;
    NotifyLinkChange(connected);
}

bool
VnicNetDevice::TransmitFrame(Ptr<Packet> frame, const EthernetVlanHeader& header)
{
    if (!m_connected || !m_channel->HasPort())
    {
        // Not connected, or the VM is stunned by vMotion (no port, the link still up).
        DropTx(frame, DropReason::LinkDown);
        return false;
    }
    NotifyTransmit(frame);
    m_channel->ToSwitch(frame, header);
    return true;
}

void
VnicNetDevice::Receive(const Ptr<Packet>& frame, const EthernetVlanHeader& header)
{
    CountArrival();
    if (!m_connected)
    {
        DropRx(frame, DropReason::LinkDown);
        return;
    }
    HandleReceivedFrame(frame, header);
}

Ptr<Channel>
VnicNetDevice::GetChannel() const
{
    return m_channel;
}

bool
VnicNetDevice::IsLinkUp() const
{
    return m_connected;
}

} // namespace ns3
