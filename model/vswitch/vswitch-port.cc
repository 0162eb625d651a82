/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "vswitch-port.h"

#include "port-group.h"
#include "vnic-channel.h"
#include "vnic-net-device.h"
#include "vswitch.h"

#include "ns3/ethernet-vlan-header.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("VSwitchPort");

NS_OBJECT_ENSURE_REGISTERED(VSwitchPort);

TypeId
VSwitchPort::GetTypeId()
{
    static TypeId tid = TypeId("ns3::VSwitchPort").SetParent<Object>().SetGroupName("VSwitch");
    return tid;
}

VSwitchPort::VSwitchPort()
{
}

VSwitchPort::~VSwitchPort()
{
}

void
VSwitchPort::DoDispose()
{
    m_vswitch = nullptr;
    m_group = nullptr;
    m_vnic = nullptr;
    m_channel = nullptr;
    Object::DoDispose();
}

uint32_t
VSwitchPort::GetPortId() const
{
    return m_portId;
}

uint32_t
VSwitchPort::GetDvPort() const
{
    return m_dvPort;
}

Ptr<VSwitch>
VSwitchPort::GetVSwitch() const
{
    return m_vswitch;
}

Ptr<PortGroup>
VSwitchPort::GetPortGroup() const
{
    return m_group;
}

std::string
VSwitchPort::GetClientName() const
{
    return m_client;
}

VSwitchPort::ClientType
VSwitchPort::GetClientType() const
{
    return m_type;
}

Ptr<VnicNetDevice>
VSwitchPort::GetVnic() const
{
    return m_vnic;
}

Mac48Address
VSwitchPort::GetInitialMac() const
{
    return EthernetVlanHeader::KeyToMac(m_initialMac);
}

Mac48Address
VSwitchPort::GetEffectiveMac() const
{
    return EthernetVlanHeader::KeyToMac(m_effectiveMac);
}

bool
VSwitchPort::IsPromiscuous() const
{
    return m_promiscuous;
}

std::string
VSwitchPort::GetTeamUplink() const
{
    return m_vswitch ? m_vswitch->DescribeTeamUplink(this) : "";
}

uint32_t
VSwitchPort::GetLearnedMacCount() const
{
    return m_learned;
}

const VSwitchPort::Counters&
VSwitchPort::GetCounters() const
{
    if (m_vswitch)
    {
        m_vswitch->SettleDrops(); // reverse-teaming drops counted in bulk
    }
    return m_counters;
}

} // namespace ns3
