/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "physical-switch-helper.h"

#include "ns3/config-error.h"
#include "ns3/log.h"
#include "ns3/names.h"
#include "ns3/node.h"
#include "ns3/string.h"
#include "ns3/vswitch-checksums.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PhysicalSwitchHelper");

PhysicalSwitchHelper::PhysicalSwitchHelper()
    : m_portPrefix("Gi0/")
{
    EnableChecksumsByDefault();
    m_switchFactory.SetTypeId("ns3::PhysicalSwitch");
}

void
PhysicalSwitchHelper::SetSwitchAttribute(std::string name, const AttributeValue& value)
{
    m_switchFactory.Set(name, value);
}

void
PhysicalSwitchHelper::SetPortAttribute(std::string name, const AttributeValue& value)
{
    m_ethernet.SetDeviceAttribute(name, value);
}

void
PhysicalSwitchHelper::SetQueue(std::string type,
                               std::string n1,
                               const AttributeValue& v1,
                               std::string n2,
                               const AttributeValue& v2)
{
    m_ethernet.SetQueue(type, n1, v1, n2, v2);
}

void
PhysicalSwitchHelper::SetPortNamePrefix(std::string prefix)
{
    m_portPrefix = prefix;
}

Ptr<PhysicalSwitch>
PhysicalSwitchHelper::Install(Ptr<Node> node, uint32_t nPorts)
{
    std::vector<std::string> names;
    for (uint32_t i = 1; i <= nPorts; ++i)
    {
        names.push_back(m_portPrefix + std::to_string(i));
    }
    return Install(node, names);
}

Ptr<PhysicalSwitch>
PhysicalSwitchHelper::Install(Ptr<Node> node, const std::vector<std::string>& portNames)
{
    if (!node)
    {
        VSWITCH_CONFIG_ERROR("PhysicalSwitchHelper::Install: null node");
    }
    Ptr<PhysicalSwitch> sw = m_switchFactory.Create<PhysicalSwitch>();
    StringValue name;
    sw->GetAttribute("Name", name);
    std::string nodeName = Names::FindName(node);
    if (name.Get() == "pswitch" && !nodeName.empty())
    {
        sw->SetAttribute("Name", StringValue(nodeName));
    }
    sw->SetAddress(Mac48Address::Allocate());
    node->AddDevice(sw);
    for (const auto& portName : portNames)
    {
        Ptr<EthernetNetDevice> dev = m_ethernet.CreateDevice(node);
        sw->AddPort(dev, portName);
    }
    return sw;
}

Ptr<PhysicalSwitch>
PhysicalSwitchHelper::Install(std::string nodeName, uint32_t nPorts)
{
    Ptr<Node> node = Names::Find<Node>(nodeName);
    if (!node)
    {
        VSWITCH_CONFIG_ERROR("PhysicalSwitchHelper::Install: no node named '" << nodeName << "'");
    }
    return Install(node, nPorts);
}

std::string
PhysicalSwitchHelper::GetPortPcapFilename(std::string prefix,
                                          Ptr<PhysicalSwitch> sw,
                                          std::string port)
{
    std::replace(port.begin(), port.end(), '/', '_');
    std::string name = sw->GetName();
    std::replace(name.begin(), name.end(), '/', '_');
    return prefix + "-" + name + "-" + port + ".pcap";
}

void
PhysicalSwitchHelper::EnablePortPcap(std::string prefix, Ptr<PhysicalSwitch> sw, std::string port)
{
    m_ethernet.EnablePcap(GetPortPcapFilename(prefix, sw, port),
                          sw->GetPortDevice(port),
                          true,
                          true);
}

void
PhysicalSwitchHelper::EnablePcap(std::string prefix, Ptr<PhysicalSwitch> sw)
{
    for (const auto& port : sw->GetPortNames())
    {
        EnablePortPcap(prefix, sw, port);
    }
}

void
PhysicalSwitchHelper::EnablePcapInternal(std::string prefix,
                                         Ptr<NetDevice> nd,
                                         bool promiscuous,
                                         bool explicitFilename)
{
    Ptr<PhysicalSwitch> sw = DynamicCast<PhysicalSwitch>(nd);
    if (sw)
    {
        EnablePcap(prefix, sw);
        return;
    }
    m_ethernet.EnablePcap(prefix, nd, promiscuous, explicitFilename);
}

void
PhysicalSwitchHelper::EnableAsciiInternal(Ptr<OutputStreamWrapper> stream,
                                          std::string prefix,
                                          Ptr<NetDevice> nd,
                                          bool explicitFilename)
{
    Ptr<PhysicalSwitch> sw = DynamicCast<PhysicalSwitch>(nd);
    if (!sw)
    {
        if (stream)
        {
            m_ethernet.EnableAscii(stream, nd);
        }
        else
        {
            m_ethernet.EnableAscii(prefix, nd, explicitFilename);
        }
        return;
    }
    for (uint32_t i = 0; i < sw->GetNPorts(); ++i)
    {
        if (stream)
        {
            m_ethernet.EnableAscii(stream, sw->GetPortDevice(i));
        }
        else
        {
            m_ethernet.EnableAscii(prefix, sw->GetPortDevice(i), explicitFilename);
        }
    }
}

} // namespace ns3
