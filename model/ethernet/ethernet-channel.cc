/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ethernet-channel.h"

#include "ethernet-net-device.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("EthernetChannel");

NS_OBJECT_ENSURE_REGISTERED(EthernetChannel);

TypeId
EthernetChannel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::EthernetChannel")
            .SetParent<Channel>()
            .SetGroupName("VSwitch")
            .AddConstructor<EthernetChannel>()
            .AddAttribute("Delay",
                          "Propagation delay of the cable (one way).",
                          TimeValue(NanoSeconds(500)),
                          MakeTimeAccessor(&EthernetChannel::m_delay),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("Connected",
                          "Whether the cable is connected; false models a cut cable.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&EthernetChannel::SetConnected,
                                              &EthernetChannel::IsConnected),
                          MakeBooleanChecker())
            .AddTraceSource("LinkState",
                            "The link went up (true) or down (false).",
                            MakeTraceSourceAccessor(&EthernetChannel::m_linkStateTrace),
                            "ns3::EthernetNetDevice::LinkStateTracedCallback");
    return tid;
}

EthernetChannel::EthernetChannel()
    : m_nodeIds{0, 0},
      m_nDevices(0),
      m_connected(true),
      m_linkUp(false)
{
    NS_LOG_FUNCTION(this);
}

EthernetChannel::~EthernetChannel()
{
    NS_LOG_FUNCTION(this);
}

void
EthernetChannel::DoDispose()
{
    m_devices[0] = nullptr;
    m_devices[1] = nullptr;
    m_nDevices = 0;
    Channel::DoDispose();
}

void
EthernetChannel::Attach(Ptr<EthernetNetDevice> device)
{
    NS_LOG_FUNCTION(this << device);
    NS_ABORT_MSG_UNLESS(device, "EthernetChannel::Attach: null device");
    NS_ABORT_MSG_IF(m_nDevices >= 2,
                    "EthernetChannel " << GetId()
                                       << " already joins two devices; a cable has two ends "
                                          "(create another EthernetChannel)");
    NS_ABORT_MSG_UNLESS(device->GetNode(),
                        "EthernetChannel::Attach: add the device to a node before attaching it");
    m_devices[m_nDevices] = device;
    m_nodeIds[m_nDevices] = device->GetNode()->GetId();
    ++m_nDevices;
    UpdateLinkState();
}

void
EthernetChannel::Transmit(Ptr<EthernetNetDevice> sender, Ptr<Packet> frame, Time rxDelay)
{
    std::size_t peer = (m_devices[0] == sender) ? 1 : 0;
    Simulator::ScheduleWithContext(m_nodeIds[peer],
                                   rxDelay + m_delay,
                                   &EthernetNetDevice::Receive,
                                   m_devices[peer],
                                   frame);
}

bool
EthernetChannel::IsRemote() const
{
    return false;
}

void
EthernetChannel::SetConnected(bool connected)
{
    NS_LOG_FUNCTION(this << connected);
    m_connected = connected;
    UpdateLinkState();
}

bool
EthernetChannel::IsConnected() const
{
    return m_connected;
}

void
EthernetChannel::UpdateLinkState()
{
    bool up = m_nDevices == 2 && m_connected && m_devices[0]->IsAdminUp() &&
              m_devices[1]->IsAdminUp();
    if (up == m_linkUp)
    {
        return;
    }
    NS_LOG_INFO("channel " << GetId() << " link " << (up ? "up" : "down"));
    m_linkUp = up;
    for (std::size_t i = 0; i < m_nDevices; ++i)
    {
        m_devices[i]->NotifyCarrier(up);
    }
    m_linkStateTrace(up);
}

Ptr<EthernetNetDevice>
EthernetChannel::GetPeer(Ptr<const EthernetNetDevice> device) const
{
    if (m_nDevices < 2)
    {
        return nullptr;
    }
    if (m_devices[0] == device)
    {
        return m_devices[1];
    }
    if (m_devices[1] == device)
    {
        return m_devices[0];
    }
    return nullptr;
}

Time
EthernetChannel::GetDelay() const
{
    return m_delay;
}

std::size_t
EthernetChannel::GetNDevices() const
{
    return m_nDevices;
}

Ptr<NetDevice>
EthernetChannel::GetDevice(std::size_t i) const
{
    NS_ASSERT(i < m_nDevices);
    return m_devices[i];
}

} // namespace ns3
