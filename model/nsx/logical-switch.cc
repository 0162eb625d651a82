/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "logical-switch.h"

#include "ns3/boolean.h"
#include "ns3/config-error.h"
#include "ns3/enum.h"
#include "ns3/ipv4-address.h"
#include "ns3/log.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("LogicalSwitch");
NS_OBJECT_ENSURE_REGISTERED(LogicalSwitch);

TypeId
LogicalSwitch::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::LogicalSwitch")
            .SetParent<Object>()
            .SetGroupName("Vswitch")
            .AddConstructor<LogicalSwitch>()
            .AddAttribute("Vni",
                          "The VXLAN network identifier (5000-16777215).",
                          UintegerValue(5001),
                          MakeUintegerAccessor(&LogicalSwitch::m_vni),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("Name",
                          "The logical switch's name, which its port group on every host has.",
                          StringValue(""),
                          MakeStringAccessor(&LogicalSwitch::m_name),
                          MakeStringChecker())
            .AddAttribute("Replication",
                          "How broadcast, unknown unicast and multicast reach the other VTEPs.",
                          EnumValue(Unicast),
                          MakeEnumAccessor(&LogicalSwitch::m_replication),
                          MakeEnumChecker(Unicast,
                                          "unicast",
                                          Multicast,
                                          "multicast",
                                          Hybrid,
                                          "hybrid"))
            .AddAttribute("ArpSuppression",
                          "Hosts answer their VMs' ARP requests from the controller's table "
                          "(NSX's IP discovery).",
                          BooleanValue(true),
                          MakeBooleanAccessor(&LogicalSwitch::m_arpSuppression),
                          MakeBooleanChecker())
            .AddAttribute("MulticastGroup",
                          "The VNI's IPv4 multicast group (multicast and hybrid replication).",
                          Ipv4AddressValue(Ipv4Address::GetAny()),
                          MakeIpv4AddressAccessor(&LogicalSwitch::m_group),
                          MakeIpv4AddressChecker());
    return tid;
}

LogicalSwitch::LogicalSwitch()
    : m_vni(5001),
      m_replication(Unicast),
      m_arpSuppression(true)
{
}

LogicalSwitch::~LogicalSwitch() = default;

uint32_t
LogicalSwitch::GetVni() const
{
    return m_vni;
}

std::string
LogicalSwitch::GetName() const
{
    return m_name;
}

LogicalSwitch::Replication
LogicalSwitch::GetReplication() const
{
    return m_replication;
}

bool
LogicalSwitch::IsArpSuppression() const
{
    return m_arpSuppression;
}

Ipv4Address
LogicalSwitch::GetMulticastGroup() const
{
    return m_group;
}

const char*
LogicalSwitch::ReplicationName(Replication mode)
{
    switch (mode)
    {
    case Unicast:
        return "unicast";
    case Multicast:
        return "multicast";
    case Hybrid:
        return "hybrid";
    }
    return "unicast";
}

void
LogicalSwitch::Check() const
{
    if (m_vni < kMinVni || m_vni > kMaxVni)
    {
        VSWITCH_CONFIG_ERROR("logical switch " << m_name << ": VNI " << m_vni
                                               << " is out of range " << kMinVni << "-"
                                               << kMaxVni);
    }
    if (m_name.empty())
    {
        VSWITCH_CONFIG_ERROR("logical switch VNI " << m_vni
                                                   << " needs a name (its port group's)");
    }
    if (m_replication != Unicast && !m_group.IsMulticast())
    {
        VSWITCH_CONFIG_ERROR("logical switch " << m_name << " (VNI " << m_vni << "): "
                                               << ReplicationName(m_replication)
                                               << " replication needs a multicast group "
                                                  "(MulticastGroup, e.g. 239.0.0.1)");
    }
}

} // namespace ns3
