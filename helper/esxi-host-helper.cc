/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "esxi-host-helper.h"

#include "ns3/config-error.h"
#include "ns3/log.h"
#include "ns3/names.h"
#include "ns3/node.h"
#include "ns3/string.h"
#include "ns3/vswitch-checksums.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("EsxiHostHelper");

EsxiHostHelper::EsxiHostHelper()
    : m_hostCount(0)
{
    EnableChecksumsByDefault();
    m_vswitchFactory.SetTypeId("ns3::VSwitch");
}

void
EsxiHostHelper::SetUplinkAttribute(std::string name, const AttributeValue& value)
{
    m_ethernet.SetDeviceAttribute(name, value);
}

void
EsxiHostHelper::SetCableAttribute(std::string name, const AttributeValue& value)
{
    m_ethernet.SetChannelAttribute(name, value);
}

void
EsxiHostHelper::SetVSwitchAttribute(std::string name, const AttributeValue& value)
{
    m_vswitchFactory.Set(name, value);
}

Ptr<EsxiHost>
EsxiHostHelper::CreateHost(Ptr<Node> node, const std::string& name)
{
    if (!node)
    {
        VSWITCH_CONFIG_ERROR("EsxiHostHelper: null node");
    }
    if (EsxiHost::FromNode(node))
    {
        VSWITCH_CONFIG_ERROR("EsxiHostHelper: node " << node->GetId() << " is already ESXi host "
                                                     << EsxiHost::FromNode(node)->GetName());
    }
    ++m_hostCount;
    std::string hostName = name;
    if (hostName.empty())
    {
        hostName = Names::FindName(node);
    }
    if (hostName.empty())
    {
        hostName = "esxi" + std::to_string(m_hostCount);
    }
    Ptr<EsxiHost> host = CreateObject<EsxiHost>();
    host->m_name = hostName;
    host->m_node = node;
    host->m_ethernet = m_ethernet;
    host->m_vswitchFactory = m_vswitchFactory;
    node->AggregateObject(host);
    return host;
}

Ptr<EsxiHost>
EsxiHostHelper::InstallWithoutVSwitch(Ptr<Node> node,
                                      const std::vector<std::string>& nics,
                                      const std::string& name)
{
    Ptr<EsxiHost> host = CreateHost(node, name);
    for (const auto& nic : nics)
    {
        Ptr<EthernetNetDevice> device = m_ethernet.CreateDevice(node);
        device->SetAddress(host->MakeNicMac(static_cast<uint32_t>(host->GetNicNames().size())));
        host->AddNic(nic, device);
    }
    return host;
}

Ptr<EsxiHost>
EsxiHostHelper::Install(Ptr<Node> node,
                        const std::vector<std::string>& nics,
                        const std::string& name)
{
    Ptr<EsxiHost> host = InstallWithoutVSwitch(node, nics, name);
    host->AddVSwitch("vSwitch0", nics);
    return host;
}

Ptr<EsxiHost>
EsxiHostHelper::InstallNested(Ptr<EsxiHost> outer,
                              Ptr<Node> vm,
                              const std::vector<std::string>& outerPortGroups,
                              const std::string& name,
                              bool createVSwitch0,
                              const std::vector<Mac48Address>& macs)
{
    if (!outer)
    {
        VSWITCH_CONFIG_ERROR("EsxiHostHelper::InstallNested: null outer host");
    }
    Ptr<EsxiHost> nested = CreateHost(vm, name);
    outer->AttachNestedHost(vm, nested->GetName(), outerPortGroups, nested, macs);
    if (createVSwitch0)
    {
        nested->AddVSwitch("vSwitch0", nested->GetNicNames());
    }
    return nested;
}

void
EsxiHostHelper::EnablePcap(std::string prefix, Ptr<EsxiHost> host, std::string nic)
{
    std::string file = prefix + "-" + host->GetName() + "-" + nic + ".pcap";
    std::replace(file.begin(), file.end(), '/', '_');
    m_ethernet.EnablePcap(file, host->GetNic(nic), true, true);
}

} // namespace ns3
