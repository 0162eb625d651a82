/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "nsx-helper.h"

#include "vswitch-checksums.h"

#include "ns3/boolean.h"
#include "ns3/config-error.h"
#include "ns3/distributed-switch.h"
#include "ns3/enum.h"
#include "ns3/esxi-host.h"
#include "ns3/log.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("NsxHelper");

NsxHelper::NsxHelper()
{
    EnableChecksumsByDefault();
    m_vtepFactory.SetTypeId("ns3::Vtep");
    m_cluster = CreateObject<NsxControllerCluster>();
    for (int i = 1; i <= 3; ++i)
    {
        m_cluster->AddController("controller-" + std::to_string(i),
                                 Ipv4Address(("192.168.110.20" + std::to_string(i)).c_str()));
    }
}

void
NsxHelper::SetClusterAttribute(std::string name, const AttributeValue& value)
{
    m_cluster->SetAttribute(name, value);
}

void
NsxHelper::SetVtepAttribute(std::string name, const AttributeValue& value)
{
    m_vtepFactory.Set(name, value);
}

void
NsxHelper::ClearControllers()
{
    if (!m_vteps.empty() || !m_cluster->GetLogicalSwitches().empty())
    {
        VSWITCH_CONFIG_ERROR("NsxHelper: name the controllers before adding logical switches "
                             "and VTEPs");
    }
    TimeValue delay;
    m_cluster->GetAttribute("ControlPlaneDelay", delay);
    m_cluster = CreateObject<NsxControllerCluster>();
    m_cluster->SetAttribute("ControlPlaneDelay", delay);
}

void
NsxHelper::AddController(const std::string& name, Ipv4Address ip)
{
    m_cluster->AddController(name, ip);
}

Ptr<LogicalSwitch>
NsxHelper::AddLogicalSwitch(uint32_t vni,
                            const std::string& name,
                            LogicalSwitch::Replication mode,
                            bool arpSuppression,
                            Ipv4Address group)
{
    Ptr<LogicalSwitch> ls = CreateObject<LogicalSwitch>();
    ls->SetAttribute("Vni", UintegerValue(vni));
    ls->SetAttribute("Name", StringValue(name));
    ls->SetAttribute("Replication", EnumValue(mode));
    ls->SetAttribute("ArpSuppression", BooleanValue(arpSuppression));
    ls->SetAttribute("MulticastGroup", Ipv4AddressValue(group));
    m_cluster->AddLogicalSwitch(ls);
    for (const auto& v : m_vteps)
    {
        v->AddLogicalSwitch(ls);
    }
    return ls;
}

Ptr<Vtep>
NsxHelper::InstallVtep(Ptr<EsxiHost> host, Ptr<DistributedSwitch> dvs, const Vtep::Config& config)
{
    for (const auto& v : m_vteps)
    {
        if (v->GetHost() == host)
        {
            VSWITCH_CONFIG_ERROR("host " << host->GetName() << " already has VTEP "
                                         << v->GetVmknicName() << "; one VTEP per host");
        }
        if (v->GetIp() == config.ip)
        {
            VSWITCH_CONFIG_ERROR("host " << host->GetName() << ": VTEP IP " << config.ip
                                         << " is already VTEP " << v->GetVmknicName()
                                         << " of host " << v->GetHost()->GetName()
                                         << "; every VTEP needs its own IP");
        }
    }
    Ptr<Vtep> vtep = m_vtepFactory.Create<Vtep>();
    vtep->Install(host, dvs, config, m_cluster);
    if (!m_pathMtu.IsNull())
    {
        vtep->SetPathMtuFunction(m_pathMtu);
    }
    for (const auto& ls : m_cluster->GetLogicalSwitches())
    {
        vtep->AddLogicalSwitch(ls);
    }
    m_vteps.push_back(vtep);
    return vtep;
}

Ptr<NsxControllerCluster>
NsxHelper::GetCluster() const
{
    return m_cluster;
}

const std::vector<Ptr<Vtep>>&
NsxHelper::GetVteps() const
{
    return m_vteps;
}

Ptr<Vtep>
NsxHelper::GetVtep(Ptr<EsxiHost> host) const
{
    for (const auto& v : m_vteps)
    {
        if (v->GetHost() == host)
        {
            return v;
        }
    }
    return nullptr;
}

void
NsxHelper::SetPathMtuFunction(Vtep::PathMtuCallback cb)
{
    m_pathMtu = cb;
    for (const auto& v : m_vteps)
    {
        v->SetPathMtuFunction(cb);
    }
}

} // namespace ns3
