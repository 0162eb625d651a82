/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "iputils-ping-helper.h"

#include "ns3/config-error.h"
#include "ns3/iputils-ping.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/vswitch-checksums.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IputilsPingHelper");

IputilsPingHelper::IputilsPingHelper(Ipv4Address remote)
{
    EnableChecksumsByDefault();
    m_factory.SetTypeId(IputilsPing::GetTypeId());
    m_factory.Set("Remote", Ipv4AddressValue(remote));
}

void
IputilsPingHelper::SetAttribute(std::string name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

ApplicationContainer
IputilsPingHelper::Install(Ptr<Node> node) const
{
    if (!node)
    {
        VSWITCH_CONFIG_ERROR("IputilsPingHelper::Install: null node");
    }
    Ptr<IputilsPing> app = m_factory.Create<IputilsPing>();
    node->AddApplication(app);
    return ApplicationContainer(app);
}

ApplicationContainer
IputilsPingHelper::Install(NodeContainer nodes) const
{
    ApplicationContainer apps;
    for (auto i = nodes.Begin(); i != nodes.End(); ++i)
    {
        apps.Add(Install(*i));
    }
    return apps;
}

} // namespace ns3
