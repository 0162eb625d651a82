/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "distributed-port-group.h"

#include "distributed-switch.h"
#include "esxi-host.h"
#include "port-group.h"
#include "vswitch.h"

#include "ns3/config-error.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DistributedPortGroup");

NS_OBJECT_ENSURE_REGISTERED(DistributedPortGroup);

TypeId
DistributedPortGroup::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::DistributedPortGroup").SetParent<Object>().SetGroupName("VSwitch");
    return tid;
}

void
DistributedPortGroup::DoDispose()
{
    m_dvs = nullptr;
    Object::DoDispose();
}

std::string
DistributedPortGroup::GetName() const
{
    return m_name;
}

uint16_t
DistributedPortGroup::GetVlanId() const
{
    return m_vlan;
}

void
DistributedPortGroup::SetVlanId(uint16_t vlan)
{
    m_vlan = vlan;
    for (const auto& host : m_dvs->GetHosts())
    {
        GetHostPortGroup(host)->SetVlanId(vlan);
    }
}

void
DistributedPortGroup::SetSecurityOverride(const SecurityPolicy& policy)
{
    m_security = policy;
    for (const auto& host : m_dvs->GetHosts())
    {
        GetHostPortGroup(host)->SetSecurityOverride(policy);
    }
}

void
DistributedPortGroup::SetTeamingOverride(const TeamingPolicy& policy)
{
    m_dvs->Check("dvPortgroup " + m_name, &policy, nullptr);
    m_teaming = policy;
    for (const auto& host : m_dvs->GetHosts())
    {
        GetHostPortGroup(host)->SetTeamingOverride(m_dvs->ForHost(host, policy));
    }
}

void
DistributedPortGroup::SetMacLearningOverride(const MacLearningPolicy& policy)
{
    m_dvs->Check("dvPortgroup " + m_name, nullptr, &policy);
    m_learning = policy;
    for (const auto& host : m_dvs->GetHosts())
    {
        GetHostPortGroup(host)->SetMacLearningOverride(policy);
    }
}

Ptr<PortGroup>
DistributedPortGroup::GetHostPortGroup(Ptr<EsxiHost> host) const
{
    Ptr<VSwitch> proxy = m_dvs->GetProxy(host);
    if (!proxy)
    {
        VSWITCH_CONFIG_ERROR("distributed switch " << m_dvs->GetName() << ": host "
                                                   << (host ? host->GetName() : "(null)")
                                                   << " is not a member (add it with AddHost)");
    }
    return proxy->GetPortGroup(m_name);
}

void
DistributedPortGroup::ApplyTo(Ptr<EsxiHost> host) const
{
    Ptr<VSwitch> proxy = m_dvs->GetProxy(host);
    Ptr<PortGroup> pg = proxy->HasPortGroup(m_name) ? proxy->GetPortGroup(m_name)
                                                    : proxy->AddPortGroup(m_name, m_vlan);
    pg->SetSecurityOverride(m_security);
    pg->SetTeamingOverride(m_dvs->ForHost(host, m_teaming));
    pg->SetMacLearningOverride(m_learning);
}

} // namespace ns3
