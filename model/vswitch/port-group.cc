/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "port-group.h"

#include "vswitch.h"

#include "ns3/config-error.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PortGroup");

NS_OBJECT_ENSURE_REGISTERED(PortGroup);

TypeId
PortGroup::GetTypeId()
{
    static TypeId tid = TypeId("ns3::PortGroup").SetParent<Object>().SetGroupName("VSwitch");
    return tid;
}

PortGroup::PortGroup()
    : m_vlan(0),
      m_vswitch(nullptr)
{
}

PortGroup::~PortGroup()
{
}

void
PortGroup::DoDispose()
{
    m_vswitch = nullptr;
    Object::DoDispose();
}

std::string
PortGroup::GetName() const
{
    return m_name;
}

uint16_t
PortGroup::GetVlanId() const
{
    return m_overlay ? 0 : m_vlan;
}

bool
PortGroup::IsOverlay() const
{
    return m_overlay != nullptr;
}

uint32_t
PortGroup::GetOverlayId() const
{
    return m_overlayId;
}

void
PortGroup::SetVlanId(uint16_t vlan)
{
    if (vlan > kGuestTagging)
    {
        VSWITCH_CONFIG_ERROR("port group " << m_name << ": VLAN " << vlan
                                           << " is out of range 0-4095 (0 none, 1-4094 "
                                              "switch tagging, 4095 guest tagging)");
    }
    if (m_overlay)
    {
        VSWITCH_CONFIG_ERROR("port group " << m_name
                                           << " is a logical switch's (VNI " << m_overlayId
                                           << "); it has no VLAN to change");
    }
    m_vlan = vlan;
    if (m_vswitch)
    {
        m_vswitch->PortGroupChanged(this);
    }
}

Ptr<VSwitch>
PortGroup::GetVSwitch() const
{
    return m_vswitch;
}

void
PortGroup::SetSecurityOverride(const SecurityPolicy& policy)
{
    m_security = policy;
    if (m_vswitch)
    {
        m_vswitch->PortGroupChanged(this);
    }
}

const SecurityPolicy&
PortGroup::GetSecurityOverride() const
{
    return m_security;
}

SecurityPolicy
PortGroup::GetEffectiveSecurity() const
{
    return m_resolved.security;
}

void
PortGroup::SetTeamingOverride(const TeamingPolicy& policy)
{
    if (m_vswitch)
    {
        m_vswitch->CheckTeaming("port group " + m_name, policy);
    }
    m_teaming = policy;
    if (m_vswitch)
    {
        m_vswitch->PortGroupChanged(this);
    }
}

const TeamingPolicy&
PortGroup::GetTeamingOverride() const
{
    return m_teaming;
}

TeamingPolicy
PortGroup::GetEffectiveTeaming() const
{
    return m_vswitch ? m_vswitch->GetTeamingPolicy().OverriddenBy(m_teaming) : m_teaming;
}

void
PortGroup::SetMacLearningOverride(const MacLearningPolicy& policy)
{
    if (m_vswitch)
    {
        m_vswitch->CheckMacLearning("port group " + m_name, policy);
    }
    m_learning = policy;
    if (m_vswitch)
    {
        m_vswitch->PortGroupChanged(this);
    }
}

const MacLearningPolicy&
PortGroup::GetMacLearningOverride() const
{
    return m_learning;
}

MacLearningPolicy
PortGroup::GetEffectiveMacLearning() const
{
    return m_resolved.learning;
}

} // namespace ns3
