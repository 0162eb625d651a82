/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "vnic-channel.h"

#include "vnic-net-device.h"
#include "vswitch-port.h"
#include "vswitch.h"

#include "ns3/event-impl.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("VnicChannel");

namespace
{

/// A frame on its way from a vNIC to the port it was plugged into when sent. (MakeEvent
/// would copy each Ptr three times on the way in and once more on the call.)
class ToSwitchEvent : public EventImpl
{
  public:
    ToSwitchEvent(const Ptr<VSwitch>& vswitch,
                  const Ptr<VSwitchPort>& port,
                  const Ptr<Packet>& frame)
        : m_vswitch(vswitch),
          m_port(port),
          m_frame(frame)
    {
    }

  private:
    void Notify() override
    {
        m_vswitch->ReceiveFromPort(m_port, m_frame);
    }

    Ptr<VSwitch> m_vswitch;  //!< the port's vSwitch when the frame was sent
    Ptr<VSwitchPort> m_port; //!< the port
    Ptr<Packet> m_frame;     //!< the frame
};

/// A frame on its way from a port to its vNIC, with the header the vSwitch parsed or built.
/// Its storage is recycled: once as many are in flight as ever were, a frame's event
/// allocates nothing. (ns-3 deletes an event through its virtual destructor, which calls
/// this class's operator delete; the simulator runs in one thread.)
class ToVnicEvent : public EventImpl
{
  public:
    static void* operator new(std::size_t size)
    {
        if (size != sizeof(ToVnicEvent) || !s_free)
        {
            return ::operator new(size);
        }
        void* p = s_free;
        s_free = *static_cast<void**>(p);
        return p;
    }

    static void operator delete(void* p, std::size_t size)
    {
        if (size != sizeof(ToVnicEvent))
        {
            ::operator delete(p);
            return;
        }
        *static_cast<void**>(p) = s_free;
        s_free = p;
    }

    ToVnicEvent(const Ptr<VnicNetDevice>& vnic,
                const Ptr<Packet>& frame,
                const EthernetVlanHeader& header)
        : m_vnic(vnic),
          m_frame(frame),
          m_header(header)
    {
    }

  private:
    void Notify() override
    {
        m_vnic->Receive(m_frame, m_header);
    }

    Ptr<VnicNetDevice> m_vnic;   //!< the vNIC
    Ptr<Packet> m_frame;         //!< the frame
    EthernetVlanHeader m_header; //!< its header

    static void* s_free; //!< recycled storage, linked through its first word
};

void* ToVnicEvent::s_free = nullptr;

} // namespace

NS_OBJECT_ENSURE_REGISTERED(VnicChannel);

TypeId
VnicChannel::GetTypeId()
{
    static TypeId tid = TypeId("ns3::VnicChannel")
                            .SetParent<Channel>()
                            .SetGroupName("VSwitch")
                            .AddConstructor<VnicChannel>()
                            .AddAttribute("Delay",
                                          "One-way delay between the vNIC and its port.",
                                          TimeValue(Seconds(0)),
                                          MakeTimeAccessor(&VnicChannel::m_delay),
                                          MakeTimeChecker(Time(0)));
    return tid;
}

VnicChannel::VnicChannel()
    : m_vnicNode(0),
      m_hostNode(0)
{
}

VnicChannel::~VnicChannel()
{
}

void
VnicChannel::DoDispose()
{
    m_vnic = nullptr;
    m_port = nullptr;
    Channel::DoDispose();
}

void
VnicChannel::AttachVnic(Ptr<VnicNetDevice> vnic)
{
    m_vnic = vnic;
    m_vnicNode = vnic->GetNode()->GetId();
    vnic->Attach(this);
}

void
VnicChannel::ConnectPort(Ptr<VSwitchPort> port, bool notify)
{
    m_port = port;
    if (port)
    {
        m_hostNode = port->GetVSwitch()->GetNode()->GetId();
    }
    if (notify || port)
    {
        m_vnic->NotifyConnected(port != nullptr);
    }
}

bool
VnicChannel::HasPort() const
{
    return m_port != nullptr;
}

Ptr<VSwitchPort>
VnicChannel::GetPort() const
{
    return m_port;
}

Ptr<VnicNetDevice>
VnicChannel::GetVnic() const
{
    return m_vnic;
}

void
VnicChannel::ToSwitch(const Ptr<Packet>& frame, const EthernetVlanHeader& header)
{
    if (m_delay.IsZero())
    {
        // Nothing to wait for: the vSwitch takes the frame within the vNIC's transmit, in the
        // sender's simulator context, with no event. (The other direction stays an event,
        // so that a guest never runs inside the vSwitch's forwarding loops, and a guest's
        // answer to a frame never runs inside the sender's transmit.) Local copies: the
        // switch may unplug the port while it handles the frame.
        Ptr<VSwitchPort> port = m_port;
        port->GetVSwitch()->ReceiveFromPort(port, frame, header);
        return;
    }
    Simulator::ScheduleWithContext(m_hostNode,
                                   m_delay,
                                   new ToSwitchEvent(m_port->GetVSwitch(), m_port, frame));
}

void
VnicChannel::ToVnic(const Ptr<Packet>& frame, const EthernetVlanHeader& header)
{
    Simulator::ScheduleWithContext(m_vnicNode, m_delay, new ToVnicEvent(m_vnic, frame, header));
}

void
VnicChannel::NotifyVnicChanged()
{
    if (m_port)
    {
        m_port->GetVSwitch()->VnicChanged(m_port);
    }
}

std::size_t
VnicChannel::GetNDevices() const
{
    return m_port ? 2 : 1;
}

Ptr<NetDevice>
VnicChannel::GetDevice(std::size_t i) const
{
    if (i == 0)
    {
        return m_vnic;
    }
    return m_port ? Ptr<NetDevice>(m_port->GetVSwitch()) : nullptr;
}

} // namespace ns3
