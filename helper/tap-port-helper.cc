/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "tap-port-helper.h"

#include "ns3/config-error.h"
#include "ns3/log.h"
#include "ns3/node.h"

#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TapPortHelper");

TapPortHelper::TapPortHelper()
{
    NS_LOG_FUNCTION(this);
}

void
TapPortHelper::SetDeviceAttribute(std::string name, const AttributeValue& value)
{
    m_ethernet.SetDeviceAttribute(name, value);
}

void
TapPortHelper::SetChannelAttribute(std::string name, const AttributeValue& value)
{
    m_ethernet.SetChannelAttribute(name, value);
}

void
TapPortHelper::SetCreate(bool create)
{
    m_create = create;
}

Ptr<TapPort>
TapPortHelper::Attach(Ptr<PhysicalSwitch> sw, const std::string& port, const std::string& tapName)
{
    NS_LOG_FUNCTION(this << sw << port << tapName);
    NS_ABORT_MSG_UNLESS(sw, "TapPortHelper::Attach: null switch");
    Ptr<EthernetNetDevice> portDevice = sw->GetPortDevice(port);
    if (portDevice->GetChannel())
    {
        VSWITCH_CONFIG_ERROR("PhysicalSwitch " << sw->GetName() << ": port " << port
                                               << " is already cabled; a tap needs a free port");
    }
    Ptr<Node> node = CreateObject<Node>();
    NetDeviceContainer devices = m_ethernet.Install(node, portDevice);
    Ptr<EthernetNetDevice> device = DynamicCast<EthernetNetDevice>(devices.Get(0));
    Ptr<TapPort> tap = CreateObject<TapPort>();
    tap->Open(device, tapName, m_create);
    device->AggregateObject(tap);
    return tap;
}

Ptr<TapPort>
TapPortHelper::Attach(Ptr<L2NetDevice> device, const std::string& tapName)
{
    NS_LOG_FUNCTION(this << device << tapName);
    NS_ABORT_MSG_UNLESS(device, "TapPortHelper::Attach: null device");
    Ptr<TapPort> tap = CreateObject<TapPort>();
    tap->Open(device, tapName, m_create);
    device->AggregateObject(tap);
    return tap;
}

Ptr<RealtimeLagMonitor>
TapPortHelper::MonitorLag(Time interval, Time lateThreshold)
{
    Ptr<RealtimeLagMonitor> monitor = CreateObject<RealtimeLagMonitor>();
    monitor->SetAttribute("Interval", TimeValue(interval));
    monitor->SetAttribute("LateThreshold", TimeValue(lateThreshold));
    monitor->Start();
    return monitor;
}

} // namespace ns3
